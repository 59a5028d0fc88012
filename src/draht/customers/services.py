"""Changing customers and contact persons: one transaction per action, audited, indexed, version-checked."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from draht.audit.models import diff
from draht.privacy.rules import match_name
from draht.timeline.cadence import default_cadence_days, sync_contact_state
from draht.webhooks import services as webhooks

from .choices import Fact
from .models import ContactPerson, Customer, FactCheck
from .rules import mmdd, sort_key
from .search import index_contact, index_customer

CUSTOMER_AUDITED_FIELDS = [
    "kind", "name", "salutation", "title", "first_name", "last_name", "owner_id", "team_id", "tier", "language",
    "email", "phone", "street", "postal_code", "city", "country", "subdivision", "newsletter_status",
    "home_office_status", "main_contact_id", "customer_since", "cadence_days", "external_id", "is_archived",
]
CONTACT_AUDITED_FIELDS = ["salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile",
                          "birthday", "is_active"]


class EditConflict(Exception):
    """Someone else saved the record since it was loaded; nothing was written."""

    def __init__(self, current):
        self.current = current
        super().__init__(_("Someone else changed this record in the meantime. Review their changes and try again."))


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


@transaction.atomic
def create_customer(*, user, tags=(), **fields) -> Customer:
    customer = Customer(**fields)
    if not customer.cadence_days:
        customer.cadence_days = default_cadence_days(customer.tier)
    if customer.team_id is None and customer.owner_id:
        customer.team_id = customer.owner.team_id
    customer.anniversary_mmdd = mmdd(customer.customer_since)
    customer.match_name = match_name(customer.name)
    customer.sort_name = sort_key(customer.name)
    customer.due_at = customer.created_at
    customer.save()
    if tags:
        customer.tags.set(tags)
    sync_contact_state(customer.pk)
    customer.refresh_from_db()
    index_customer(customer)
    customer.log_action("draht.customer.created", user=user,
                        data={"changes": diff({}, _snapshot(customer, CUSTOMER_AUDITED_FIELDS))})
    return customer


@transaction.atomic
def update_customer(customer: Customer, *, user, version: int, tags=None, **fields) -> Customer:
    """Save changed fields if nobody else saved since `version` was read; else raise EditConflict."""
    current = Customer.objects.select_for_update().get(pk=customer.pk)
    if current.version != version:
        raise EditConflict(current)
    before = _snapshot(current, CUSTOMER_AUDITED_FIELDS)
    for key, value in fields.items():
        setattr(current, key, value)
    if "owner_id" in fields and "team_id" not in fields:
        current.team_id = type(current.owner).objects.get(pk=current.owner_id).team_id
    current.anniversary_mmdd = mmdd(current.customer_since)
    current.match_name = match_name(current.name)
    current.sort_name = sort_key(current.name)
    current.version += 1
    current.save()
    changes = diff(before, _snapshot(current, CUSTOMER_AUDITED_FIELDS))
    if tags is not None:
        old_tags = sorted(current.tags.values_list("name", flat=True))
        current.tags.set(tags)
        new_tags = sorted(t.name for t in tags)
        if old_tags != new_tags:
            changes["tags"] = [old_tags, new_tags]
    if {"cadence_days"} & changes.keys():
        sync_contact_state(current.pk)
        current.refresh_from_db()
    index_customer(current)
    if changes:
        current.log_action("draht.customer.changed", user=user, data={"changes": changes})
        webhooks.emit("customer.changed", {"id": current.pk, "version": current.version, "changes": changes})
    return current


@transaction.atomic
def create_contact(customer: Customer, *, user, **fields) -> ContactPerson:
    person = ContactPerson(customer=customer, **fields)
    person.birthday_mmdd = mmdd(person.birthday)
    person.save()
    index_contact(person)
    if customer.main_contact_id is None:
        Customer.objects.filter(pk=customer.pk).update(main_contact=person)
        customer.main_contact = person
    customer.log_action("draht.contact.created", user=user, obj=person,
                        data={"changes": diff({}, _snapshot(person, CONTACT_AUDITED_FIELDS))})
    return person


@transaction.atomic
def update_contact(person: ContactPerson, *, user, version: int, **fields) -> ContactPerson:
    current = ContactPerson.objects.select_for_update().get(pk=person.pk)
    if current.version != version:
        raise EditConflict(current)
    before = _snapshot(current, CONTACT_AUDITED_FIELDS)
    for key, value in fields.items():
        setattr(current, key, value)
    current.birthday_mmdd = mmdd(current.birthday)
    current.version += 1
    current.save()
    index_contact(current)
    changes = diff(before, _snapshot(current, CONTACT_AUDITED_FIELDS))
    if changes:
        current.customer.log_action("draht.contact.changed", user=user, obj=current, data={"changes": changes})
    return current


@transaction.atomic
def snooze(customer: Customer, *, user, until, reason: str) -> Customer:
    Customer.objects.filter(pk=customer.pk).update(snoozed_until=until, snooze_reason=reason)
    sync_contact_state(customer.pk)
    customer.refresh_from_db()
    customer.log_action("draht.customer.snoozed", user=user, data={"until": until.isoformat(), "reason": reason})
    return customer


@transaction.atomic
def confirm_facts(customer: Customer, *, user, confirmed=(), corrected=()) -> None:
    """Stamp facts as verified now by user; corrected ones are marked as such."""
    now = timezone.now()
    for fact in list(confirmed) + list(corrected):
        FactCheck.objects.update_or_create(
            customer=customer, fact=fact,
            defaults={"verified_at": now, "verified_by": user, "corrected": fact in corrected},
        )
    sync_facts_verified(customer.pk)
    customer.log_action("draht.customer.facts_verified", user=user,
                        data={"confirmed": list(confirmed), "corrected": list(corrected)})


def sync_facts_verified(customer_id: int) -> None:
    """Keep Customer.facts_verified_at = oldest fact verification, or null while a fact was never verified."""
    checks = list(FactCheck.objects.filter(customer_id=customer_id).values_list("verified_at", flat=True))
    oldest = min(checks) if len(checks) == len(Fact.values) else None
    Customer.objects.filter(pk=customer_id).update(facts_verified_at=oldest)
