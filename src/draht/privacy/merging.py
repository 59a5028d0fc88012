"""Merging two customers (or two contact persons) into one, and taking it back within 30 days.

Everything moved is recorded in the Merge row: interactions, contact persons, promises, fact checks, tags,
audit history, and the fields of the kept record that were filled from the other one.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from draht.audit.models import AuditEntry, _jsonable
from draht.customers.models import ContactPerson, Customer, FactCheck, SearchEntry
from draht.customers.search import index_contact, index_customer
from draht.customers.services import sync_facts_verified
from draht.inbox.models import Message
from draht.outbox.models import OutgoingEmail
from draht.promises.models import Promise
from draht.timeline.cadence import sync_contact_state
from draht.timeline.models import Interaction
from draht.timeline.threads import sync_thread

from .choices import MergeKind
from .models import Merge

CUSTOMER_FILL_FIELDS = ["external_id", "salutation", "title", "first_name", "last_name", "email", "phone", "street",
                        "postal_code", "city", "subdivision", "customer_since", "main_contact_id"]
CONTACT_FILL_FIELDS = ["salutation", "title", "first_name", "position", "email", "phone", "mobile", "birthday"]


class MergeError(ValueError):
    pass


def _fill(keep, other, fields) -> dict:
    """Copy the other's values into the kept record's empty fields; return {field: old value}."""
    filled = {}
    for field in fields:
        if getattr(keep, field) in ("", None) and getattr(other, field) not in ("", None):
            filled[field] = _jsonable(getattr(keep, field))
            setattr(keep, field, getattr(other, field))
    return filled


def _move(undo: dict, source: Customer, target: Customer) -> None:
    """Move the recorded rows from one customer to the other; threads that now span both get one head each."""
    moved = list(Interaction.objects.filter(pk__in=undo["interactions"]).only("thread_id"))
    Interaction.objects.filter(pk__in=undo["interactions"]).update(customer=target)
    ContactPerson.objects.filter(pk__in=undo["contacts"]).update(customer=target)
    AuditEntry.objects.filter(pk__in=undo["audit"]).update(customer=target)
    Message.objects.filter(pk__in=undo.get("messages", [])).update(customer=target)
    OutgoingEmail.objects.filter(pk__in=undo.get("outgoing_emails", [])).update(customer=target)
    Promise.objects.filter(pk__in=undo.get("promises", [])).update(customer=target)
    for thread_id in {i.thread_id for i in moved if i.thread_id}:
        sync_thread(thread_id, target.pk)
        sync_thread(thread_id, source.pk)


@transaction.atomic
def merge_customers(keep: Customer, other: Customer, *, user) -> Merge:
    if keep.pk == other.pk:
        raise MergeError(_("A customer cannot be merged with itself."))
    keep = Customer.objects.select_for_update().get(pk=keep.pk)
    other = Customer.objects.select_for_update().get(pk=other.pk)
    if other.is_archived:
        raise MergeError(_("This customer is archived or was already merged."))
    undo = {
        "interactions": list(Interaction.objects.filter(customer=other).values_list("id", flat=True)),
        "contacts": list(ContactPerson.objects.filter(customer=other).values_list("id", flat=True)),
        "audit": list(AuditEntry.objects.filter(customer=other).values_list("id", flat=True)),
        "tags": list(other.tags.exclude(pk__in=keep.tags.all()).values_list("id", flat=True)),
        "fact_checks": [], "kept_fact_checks": [],
        "messages": list(Message.objects.filter(customer=other).values_list("id", flat=True)),
        "outgoing_emails": list(OutgoingEmail.objects.filter(customer=other).values_list("id", flat=True)),
        "promises": list(Promise.objects.filter(customer=other).values_list("id", flat=True)),
    }
    # Verified facts: the more recent verification of each fact wins.
    kept_checks = {c.fact: c for c in FactCheck.objects.filter(customer=keep)}
    for check in FactCheck.objects.filter(customer=other):
        mine = kept_checks.get(check.fact)
        if mine is None:
            undo["fact_checks"].append(check.pk)
        elif check.verified_at > mine.verified_at:
            undo["kept_fact_checks"].append(
                [mine.pk, mine.verified_at.isoformat(), mine.verified_by_id, mine.corrected])
            mine.verified_at, mine.verified_by_id = check.verified_at, check.verified_by_id
            mine.corrected = check.corrected
            mine.save()
    _move(undo, other, keep)
    FactCheck.objects.filter(pk__in=undo["fact_checks"]).update(customer=keep)
    keep.tags.add(*undo["tags"])
    undo["filled"] = _fill(keep, other, CUSTOMER_FILL_FIELDS)
    keep.version += 1
    keep.save()
    Customer.objects.filter(pk=other.pk).update(is_archived=True, main_contact=None, version=other.version + 1)
    undo["other_main_contact"] = other.main_contact_id
    SearchEntry.objects.filter(contact_person_id__in=undo["contacts"]).update(customer=keep)
    for pk in (keep.pk, other.pk):
        sync_contact_state(pk)
    sync_facts_verified(keep.pk)
    index_customer(keep)
    merge = Merge.objects.create(kind=MergeKind.CUSTOMER, kept_id=keep.pk, merged_id=other.pk, undo=undo,
                                 merged_by=user if user.is_authenticated else None)
    keep.log_action("draht.customer.merged", user=user, data={"merged": other.pk, "merge": merge.pk,
                                                               "name": other.name})
    other.log_action("draht.customer.merged_into", user=user, data={"into": keep.pk, "merge": merge.pk})
    return merge


@transaction.atomic
def undo_customer_merge(merge: Merge, *, user) -> None:
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if not merge.can_undo:
        raise MergeError(_("This merge can no longer be taken back."))
    keep = Customer.objects.select_for_update().get(pk=merge.kept_id)
    other = Customer.objects.select_for_update().get(pk=merge.merged_id)
    undo = merge.undo
    _move(undo, keep, other)
    FactCheck.objects.filter(pk__in=undo["fact_checks"]).update(customer=other)
    for pk, verified_at, verified_by, corrected in undo["kept_fact_checks"]:
        FactCheck.objects.filter(pk=pk).update(verified_at=verified_at, verified_by_id=verified_by, corrected=corrected)
    keep.tags.remove(*undo["tags"])
    for field, old in undo["filled"].items():
        setattr(keep, field, keep._meta.get_field(field.removesuffix("_id")).to_python(old) if old is not None else
                old)
    if keep.main_contact_id in undo["contacts"]:
        keep.main_contact_id = None
    keep.version += 1
    keep.save()
    Customer.objects.filter(pk=other.pk).update(is_archived=False, main_contact_id=undo["other_main_contact"],
                                                version=other.version + 1)
    SearchEntry.objects.filter(contact_person_id__in=undo["contacts"]).update(customer=other)
    for pk in (keep.pk, other.pk):
        sync_contact_state(pk)
        sync_facts_verified(pk)
    index_customer(keep)
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    keep.log_action("draht.customer.unmerged", user=user, data={"merge": merge.pk, "restored": other.pk})


@transaction.atomic
def merge_contacts(keep: ContactPerson, other: ContactPerson, *, user) -> Merge:
    if keep.pk == other.pk:
        raise MergeError(_("A contact person cannot be merged with itself."))
    keep = ContactPerson.objects.select_for_update().get(pk=keep.pk)
    other = ContactPerson.objects.select_for_update().get(pk=other.pk)
    if not other.is_active:
        raise MergeError(_("This contact person is inactive or was already merged."))
    through = Interaction.contact_persons.through
    interactions = list(through.objects.filter(contactperson=other).values_list("interaction_id", flat=True))
    already = set(through.objects.filter(contactperson=keep).values_list("interaction_id", flat=True))
    moved = [i for i in interactions if i not in already]
    through.objects.bulk_create([through(interaction_id=i, contactperson_id=keep.pk) for i in moved])
    filled = _fill(keep, other, CONTACT_FILL_FIELDS)
    keep.version += 1
    keep.save()
    index_contact(keep)
    ContactPerson.objects.filter(pk=other.pk).update(is_active=False, version=other.version + 1)
    undo = {"interactions": moved, "filled": filled}
    merge = Merge.objects.create(kind=MergeKind.CONTACT, kept_id=keep.pk, merged_id=other.pk, undo=undo,
                                 merged_by=user if user.is_authenticated else None)
    keep.customer.log_action("draht.contact.merged", user=user, obj=keep,
                             data={"merged": other.pk, "merge": merge.pk})
    return merge


@transaction.atomic
def undo_contact_merge(merge: Merge, *, user) -> None:
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if not merge.can_undo:
        raise MergeError(_("This merge can no longer be taken back."))
    keep = ContactPerson.objects.select_for_update().get(pk=merge.kept_id)
    through = Interaction.contact_persons.through
    through.objects.filter(contactperson_id=keep.pk, interaction_id__in=merge.undo["interactions"]).delete()
    for field, old in merge.undo["filled"].items():
        setattr(keep, field, keep._meta.get_field(field).to_python(old) if old is not None else old)
    keep.version += 1
    keep.save()
    index_contact(keep)
    ContactPerson.objects.filter(pk=merge.merged_id).update(is_active=True)
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    keep.customer.log_action("draht.contact.unmerged", user=user, obj=keep, data={"merge": merge.pk})


@transaction.atomic
def merge_all(keep, others, *, user) -> list[Merge]:
    """Merge every other record into the kept one (customers or contact persons); all or nothing."""
    merge = merge_contacts if isinstance(keep, ContactPerson) else merge_customers
    return [merge(keep, other, user=user) for other in others]


def undo_merge(merge: Merge, *, user) -> None:
    if merge.kind == MergeKind.CUSTOMER:
        undo_customer_merge(merge, user=user)
    else:
        undo_contact_merge(merge, user=user)
