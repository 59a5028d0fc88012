"""Likely duplicates: the same e-mail, the same E.164 number, or names alike after normalising."""

from dataclasses import dataclass

from django.db.models import Count, Q

from draht.accounts import permissions
from draht.customers.models import ContactPerson, Customer
from draht.customers.rules import fold

GROUP_LIMIT = 100


@dataclass
class DuplicateGroup:
    reason: str  # "email" | "phone" | "name"
    value: str
    records: list


def _grouped_values(qs, field: str, limit: int) -> list[str]:
    return list(qs.exclude(**{field: ""}).values(field).annotate(n=Count("id")).filter(n__gt=1)
                .order_by(field).values_list(field, flat=True)[:limit])


def customer_duplicates(user, limit: int = GROUP_LIMIT) -> list[DuplicateGroup]:
    customers = permissions.visible_customers(user, Customer.objects.filter(is_archived=False))
    groups = []
    for field in ("email", "phone", "match_name"):
        values = _grouped_values(customers, field, limit)
        members = {}
        for customer in customers.filter(**{field + "__in": values}).select_related("owner").order_by("id"):
            members.setdefault(getattr(customer, field), []).append(customer)
        reason = "name" if field == "match_name" else field
        groups += [DuplicateGroup(reason, value, records) for value, records in members.items()]
    return _distinct(groups)


def contact_duplicates(user, limit: int = GROUP_LIMIT) -> list[DuplicateGroup]:
    visible = permissions.visible_customers(user, Customer.objects.filter(is_archived=False))
    people = ContactPerson.objects.filter(customer__in=visible)
    groups = []
    for field in ("email", "phone", "mobile"):
        values = _grouped_values(people, field, limit)
        members = {}
        for person in people.filter(**{field + "__in": values}).select_related("customer").order_by("id"):
            members.setdefault(getattr(person, field), []).append(person)
        groups += [DuplicateGroup("email" if field == "email" else "phone", v, r) for v, r in members.items()]
    # The same person twice at one customer: names alike after folding umlauts.
    same_name = (people.values("customer_id", "last_name").annotate(n=Count("id")).filter(n__gt=1)
                 .order_by("customer_id")[:limit])
    condition = Q()
    for row in same_name:
        condition |= Q(customer_id=row["customer_id"], last_name=row["last_name"])
    if same_name:
        members = {}
        for person in people.filter(condition).select_related("customer").order_by("id"):
            members.setdefault((person.customer_id, fold(person.first_name), fold(person.last_name)), []).append(person)
        groups += [DuplicateGroup("name", f"{r[0].full_name}", r) for r in members.values() if len(r) > 1]
    return _distinct(groups)


def _distinct(groups: list[DuplicateGroup]) -> list[DuplicateGroup]:
    """One group per set of records, whichever reason found it first."""
    seen, out = set(), []
    for group in groups:
        key = tuple(sorted(r.pk for r in group.records))
        if key not in seen:
            seen.add(key)
            out.append(group)
    return out
