"""Likely duplicates: candidates found by shared values in the database, each pair judged by
draht.privacy.rules.duplicate_evidence (same e-mail or phone; names alike only at the same place), with the
reasons in words."""

from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from draht.accounts import permissions
from draht.customers.models import ContactPerson, Customer
from draht.customers.rules import fold

from .rules import Evidence, duplicate_evidence, duplicate_score

GROUP_LIMIT = 100


@dataclass
class DuplicateGroup:
    records: list
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def score(self) -> int:
        return duplicate_score(self.evidence)

    @property
    def strong(self) -> bool:
        return any(e.strong for e in self.evidence)

    @property
    def reason(self) -> str:
        """The strongest reason's kind: "email", "phone" or "name"."""
        kind = self.evidence[0].kind
        return kind if kind in ("email", "phone") else "name"

    @property
    def value(self) -> str:
        first = self.evidence[0]
        return first.value if first.strong else getattr(self.records[0], "match_name", "") or first.value

    @property
    def reasons(self) -> list[str]:
        return [describe(e) for e in self.evidence]


def describe(evidence: Evidence) -> str:
    """A reason in words, for the page and the API."""
    texts = {
        "email": _("the same e-mail address %(value)s"),
        "phone": _("the same phone number %(value)s"),
        "name_postcode": _("names alike and the same postcode %(value)s"),
        "name_city": _("names alike and the same city %(value)s"),
        "name_customer": _("the same name at the same customer"),
    }
    return texts[evidence.kind] % {"value": evidence.value}


def customer_record(customer: Customer) -> dict:
    return {"email": customer.email, "phones": [customer.phone], "name": customer.match_name,
            "postal_code": customer.postal_code, "city": customer.city}


def contact_record(person: ContactPerson) -> dict:
    return {"email": person.email, "phones": [person.phone, person.mobile], "customer_id": person.customer_id,
            "name": f"{fold(person.first_name).strip()} {fold(person.last_name).strip()}".strip()}


def _shared(qs, keys: tuple, limit: int) -> Q | None:
    """A condition for the records sharing all of keys with another one (None when there are none)."""
    filled = qs.exclude(**{k: "" for k in keys if not k.endswith("_id")})
    rows = list(filled.values(*keys).annotate(n=Count("id")).filter(n__gt=1).order_by(*keys)[:limit])
    if not rows:
        return None
    condition = Q()
    for row in rows:
        condition |= Q(**{k: row[k] for k in keys})
    return condition


def _judge(candidates: list[list], record_of) -> list[DuplicateGroup]:
    """Groups of records that share a value, kept where the rule finds evidence; one group per set of records,
    with every reason any of its pairs has, the surest first."""
    groups = {}
    for members in candidates:
        evidence = {}
        matched = set()
        for a, b in combinations(members, 2):
            found = duplicate_evidence(record_of(a), record_of(b))
            if found:
                matched |= {a.pk, b.pk}
                evidence.update(dict.fromkeys(found))
        records = [r for r in members if r.pk in matched]
        if len(records) > 1:
            key = tuple(sorted(r.pk for r in records))
            group = groups.setdefault(key, DuplicateGroup(records))
            group.evidence = list(dict.fromkeys(group.evidence + list(evidence)))
    for group in groups.values():
        group.evidence.sort(key=lambda e: not e.strong)
    return sorted(groups.values(), key=lambda g: (-g.score, g.records[0].pk))


def _candidates(qs, key_sets, limit, value_of) -> list[list]:
    found = []
    for keys in key_sets:
        condition = _shared(qs, keys, limit)
        if condition is None:
            continue
        members = {}
        for record in qs.filter(condition).order_by("id"):
            members.setdefault(tuple(value_of(record, k) for k in keys), []).append(record)
        found += [m for m in members.values() if len(m) > 1]
    return found


def customer_duplicates(user, limit: int = GROUP_LIMIT) -> list[DuplicateGroup]:
    customers = (permissions.visible_customers(user, Customer.objects.filter(is_archived=False))
                 .select_related("owner").annotate(city_key=Lower("city")))
    key_sets = [("email",), ("phone",), ("match_name", "postal_code"), ("match_name", "city_key")]
    candidates = _candidates(customers, key_sets, limit, getattr)
    return _judge(candidates, customer_record)


def contact_duplicates(user, limit: int = GROUP_LIMIT) -> list[DuplicateGroup]:
    visible = permissions.visible_customers(user, Customer.objects.filter(is_archived=False))
    people = ContactPerson.objects.filter(customer__in=visible).select_related("customer")
    candidates = _candidates(people, [("email",), ("phone",), ("mobile",)], limit, getattr)
    # The same person twice at one customer: the last name grouped here, umlauts and first names by the rule.
    candidates += _candidates(people, [("customer_id", "last_name")], limit, getattr)
    return _judge(candidates, contact_record)
