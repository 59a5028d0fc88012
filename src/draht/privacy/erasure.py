"""DSGVO: everything draht holds about one person, and erasing it without a trace (Art. 15, 17, 20).

A person is a contact person, or a customer who is a private person. Erasure removes their rows, their
entries in the search index, their mentions in interaction and promise texts and the audit history; what remains are
anonymous counts (an Erasure row, audit actions without data).
"""

import datetime
import json
import re

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from draht.audit.models import AuditEntry, log_action
from draht.customers.models import ContactPerson, Customer, FactCheck, SearchEntry
from draht.customers.rules import phone_search_forms
from draht.meetings.models import ActionItem, AgendaItem, Meeting, Participant
from draht.promises.models import Promise
from draht.timeline.models import Interaction
from draht.transfer.models import ImportJob, ImportRejection

from .choices import MergeKind
from .models import Consent, Erasure, Merge, RetentionCandidate

ERASED = "[gelöscht]"
PERSON_FIELDS = ["salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile",
                 "other_contacts", "birthday"]
CUSTOMER_FIELDS = ["kind", "name", "salutation", "title", "first_name", "last_name", "email", "phone", "other_contacts",
                   "street",
                   "postal_code", "city", "country", "subdivision", "language", "newsletter_status",
                   "home_office_status", "customer_since", "created_at"]


def _value(v):
    return v.isoformat() if isinstance(v, datetime.date | datetime.datetime) else v


def _record(obj, fields) -> dict:
    return {f: _value(getattr(obj, f)) for f in fields}


def _interactions(qs) -> list[dict]:
    return [{"when": _value(i.occurred_at), "channel": i.channel, "direction": i.direction,
             "personal": i.is_personal, "subject": i.subject, "text": i.body, "outcome": i.outcome,
             "duration_seconds": i.duration_seconds} for i in qs.order_by("occurred_at", "id")]


def _consents(qs) -> list[dict]:
    return [{"purpose": c.purpose, "given_at": _value(c.given_at), "method": c.method,
             "text_version": c.text_version, "text": c.text, "withdrawn_at": _value(c.withdrawn_at)} for c in qs]


def _messages(received, sent) -> dict:
    fields = ["channel", "direction", "occurred_at", "sender_address", "sender_name", "sender_phone",
              "sender_handle", "recipients", "subject", "text", "link"]
    return {"messages": [_record(m, fields) for m in received],
            "emails_written": [_record(e, ["created_at", "to", "cc", "subject", "body", "status", "sent_at"])
                               for e in sent]}


def _meetings(qs) -> list[dict]:
    """Meetings with their minutes, agenda and action items (what was said and agreed with or about the person)."""
    return [_record(m, ["title", "kind", "starts_at", "ends_at", "location", "status", "summary", "decisions"])
            | {"agenda": [a.text for a in m.agenda.all()],
               "action_items": [_record(i, ["text", "due_on", "done_at"]) for i in m.action_items.all()]}
            for m in qs.distinct().order_by("starts_at", "id").prefetch_related("agenda", "action_items")]


def _scrub_meetings(customer, identifiers: list[str]) -> None:
    """Minutes, topics and action items of the customer's meetings that name the person lose the name."""
    if not identifiers:
        return
    for meeting in customer.meetings.filter(_any_contains("summary", identifiers) | _any_contains(
            "decisions", identifiers) | _any_contains("title", identifiers)):
        Meeting.objects.filter(pk=meeting.pk).update(summary=_scrub(meeting.summary, identifiers),
                                                     decisions=_scrub(meeting.decisions, identifiers),
                                                     title=_scrub(meeting.title, identifiers))
    for item in AgendaItem.objects.filter(meeting__customer=customer).filter(_any_contains("text", identifiers)):
        AgendaItem.objects.filter(pk=item.pk).update(text=_scrub(item.text, identifiers))
    for item in ActionItem.objects.filter(customer=customer).filter(_any_contains("text", identifiers)):
        ActionItem.objects.filter(pk=item.pk).update(text=_scrub(item.text, identifiers))
    Participant.objects.filter(meeting__customer=customer).filter(
        _any_contains("email", identifiers) | _any_contains("name", identifiers)).delete()
    from draht.service.models import Feedback

    Feedback.objects.filter(customer=customer, email__in=[v.lower() for v in identifiers if "@" in v]).delete()


def log_export(person, kind: str, *, user, form: str, data: dict) -> None:
    """Who handed out whose data, in which form, and how much of it."""
    customer = person.customer if isinstance(person, ContactPerson) else person
    counts = {key: len(value) for key, value in data.items() if isinstance(value, list)}
    log_action("draht.export.dsgvo", obj=person, user=user, customer=customer,
               data={"kind": kind, "format": form, "rows": sum(counts.values()), "counts": counts})


def export_person(person) -> dict:
    """Every personal datum and interaction of one person, machine-readable (Art. 15 and 20)."""
    from draht.inbox.models import Message
    from draht.outbox.models import OutgoingEmail

    if isinstance(person, ContactPerson):
        customer = person.customer
        return {
            "kind": "contact_person",
            "exported_at": timezone.now().isoformat(),
            "person": _record(person, PERSON_FIELDS) | {"organisation": customer.name},
            "interactions": _interactions(person.interactions.all()),
            "meetings": _meetings(Meeting.objects.filter(participants__contact_person=person)),
            "consents": _consents(Consent.objects.filter(contact_person=person)),
            "changes": [{"when": _value(a.created_at), "action": a.action, "object": a.object_type, "data": a.data}
                        for a in AuditEntry.objects.filter(object_type="contactperson", object_id=person.pk)],
        } | _messages(Message.objects.filter(contact_person=person),
                      OutgoingEmail.objects.filter(contact_person=person))
    return {
        "kind": "customer",
        "exported_at": timezone.now().isoformat(),
        "person": _record(person, CUSTOMER_FIELDS),
        "contact_persons": [_record(p, PERSON_FIELDS) for p in person.contact_persons.all()],
        "interactions": _interactions(person.interactions.all()),
        "meetings": _meetings(Meeting.objects.filter(customer=person)),
        "consents": _consents(Consent.objects.filter(customer=person)),
        "promises": [_record(p, ["created_at", "what", "due_on", "status", "resolved_on"])
                     for p in Promise.objects.filter(customer=person).order_by("created_at", "id")],
        "changes": [{"when": _value(a.created_at), "action": a.action, "object": a.object_type, "data": a.data}
                    for a in AuditEntry.objects.filter(customer=person)],
    } | _messages(Message.objects.filter(customer=person), OutgoingEmail.objects.filter(customer=person))


def _identifiers(*records) -> list[str]:
    """The strings that identify the person: names, e-mail addresses, phone numbers in the forms we store."""
    values = set()
    for record in records:
        for field in ("first_name", "last_name", "name", "email", "phone", "mobile", "street"):
            value = getattr(record, field, "") or ""
            if len(value) >= 3:
                values.add(value)
                if field in ("phone", "mobile"):
                    values.update(phone_search_forms(value).split())
        full = getattr(record, "full_name", "")
        if full:
            values.add(full)
    return sorted(values, key=len, reverse=True)


def _scrub(text: str, identifiers: list[str]) -> str:
    for value in identifiers:
        text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
    return text


def _scrub_interactions(qs, identifiers):
    condition = Q()
    for value in identifiers:
        condition |= Q(subject__icontains=value) | Q(body__icontains=value)
    for interaction in qs.filter(condition):
        Interaction.objects.filter(pk=interaction.pk).update(subject=_scrub(interaction.subject, identifiers),
                                                             body=_scrub(interaction.body, identifiers))


def _scrub_promises(qs, identifiers):
    condition = Q()
    for value in identifiers:
        condition |= Q(what__icontains=value)
    for promise in qs.filter(condition):
        Promise.objects.filter(pk=promise.pk).update(what=_scrub(promise.what, identifiers))


def _mentioning(qs, field: str, identifiers: list[str]):
    """Rows whose JSON field mentions any identifier, as typed or as JSON escapes it (\\u00fc for ü)."""
    forms = {form for value in identifiers for form in (value, json.dumps(value)[1:-1])}
    condition = Q()
    for form in forms:
        condition |= Q(json_text__icontains=form)
    return qs.annotate(json_text=Cast(field, TextField())).filter(condition)


def _files_mentioning(rows, identifiers: list[str]):
    """Rows whose stored file mentions any identifier; their files are deleted as they are found."""
    for row in rows:
        with row.file.open("rb") as handle:
            content = handle.read().decode("utf-8", errors="replace").lower()
        if any(value.lower() in content for value in identifiers):
            row.file.delete(save=False)
            yield row


def _scrub_everywhere_else(identifiers: list[str]) -> int:
    """Audit entries, rejected import rows, stored import and e-mail upload files that mention the person lose
    them."""
    if not identifiers:
        return 0
    changed = _mentioning(AuditEntry.objects.all(), "data", identifiers).update(data={"erased": True})
    _mentioning(ImportRejection.objects.all(), "cells", identifiers).update(cells=[], reason=ERASED)
    from draht.inbox.models import MailUpload

    for job in _files_mentioning(ImportJob.objects.exclude(file=""), identifiers):
        ImportJob.objects.filter(pk=job.pk).update(file="", headers=[], status="failed", error=ERASED)
    for upload in _files_mentioning(MailUpload.objects.exclude(file=""), identifiers):
        MailUpload.objects.filter(pk=upload.pk).update(file="", status="failed", error=ERASED)
    _mentioning(MailUpload.objects.all(), "refused", identifiers).update(refused=[])
    return changed


def _erase_messages(messages, outgoing, identifiers: list[str]) -> int:
    """Received and sent messages of the person go, with attachment files nobody else refers to (removed once
    the transaction has committed); other stored messages that mention them are scrubbed."""
    from draht.inbox.models import Attachment, Message
    from draht.inbox.storage import delete_unused_blobs
    from draht.outbox.models import OutgoingAttachment, OutgoingEmail

    addresses = [v for v in identifiers if "@" in v]
    if addresses:
        messages |= Message.objects.filter(sender_address__in=addresses)
        messages |= _mentioning(Message.objects.all(), "recipients", addresses)
        outgoing |= _mentioning(OutgoingEmail.objects.all(), "to", addresses)
    ids = list(messages.values_list("pk", flat=True))
    outgoing_ids = list(outgoing.values_list("pk", flat=True))
    blob_ids = set(Attachment.objects.filter(message_id__in=ids).exclude(blob=None).values_list("blob_id", flat=True))
    blob_ids |= set(Message.objects.filter(pk__in=ids).exclude(raw=None).values_list("raw_id", flat=True))
    blob_ids |= set(OutgoingAttachment.objects.filter(email_id__in=outgoing_ids).values_list("blob_id", flat=True))
    Message.objects.filter(pk__in=ids).delete()
    OutgoingEmail.objects.filter(pk__in=outgoing_ids).delete()
    condition = Q()
    for value in identifiers:
        condition |= Q(subject__icontains=value) | Q(text__icontains=value) | Q(html__icontains=value)
    if identifiers:
        for message in Message.objects.filter(condition):
            if message.raw_id:  # the original names them too: it goes
                blob_ids.add(message.raw_id)
            Message.objects.filter(pk=message.pk).update(subject=_scrub(message.subject, identifiers),
                                                         text=_scrub(message.text, identifiers),
                                                         html=_scrub(message.html, identifiers), raw=None)
        from draht.timeline.models import Thread

        for thread in Thread.objects.filter(_any_contains("subject", identifiers)):
            Thread.objects.filter(pk=thread.pk).update(subject=_scrub(thread.subject, identifiers))
    transaction.on_commit(lambda: delete_unused_blobs(blob_ids))
    return len(ids)


def _any_contains(field: str, identifiers: list[str]) -> Q:
    condition = Q()
    for value in identifiers:
        condition |= Q(**{f"{field}__icontains": value})
    return condition


@transaction.atomic
def erase_contact(person: ContactPerson, *, user) -> Erasure:
    person = ContactPerson.objects.select_for_update().get(pk=person.pk)
    customer = person.customer
    identifiers = _identifiers(person)
    _scrub_interactions(customer.interactions.all(), identifiers)
    _scrub_promises(customer.promises.all(), identifiers)
    _scrub_meetings(customer, identifiers)
    counts = {"interactions_participated": person.interactions.count(),
              "consents": Consent.objects.filter(contact_person=person).count()}
    AuditEntry.objects.filter(object_type="contactperson", object_id=person.pk).update(data={"erased": True})
    counts["audit_entries_scrubbed"] = _scrub_everywhere_else(identifiers)
    from draht.inbox.models import Message
    from draht.outbox.models import OutgoingEmail

    counts["messages"] = _erase_messages(Message.objects.filter(contact_person=person),
                                         OutgoingEmail.objects.filter(contact_person=person), identifiers)
    Merge.objects.filter(kind=MergeKind.CONTACT).filter(Q(kept_id=person.pk) | Q(merged_id=person.pk)).update(
        undo={}, undone_at=timezone.now())
    if customer.main_contact_id == person.pk:
        Customer.objects.filter(pk=customer.pk).update(main_contact=None)
    person.delete()  # search entry, consents and interaction participation go with it (CASCADE)
    erasure = Erasure.objects.create(kind=MergeKind.CONTACT, erased_by=user, counts=counts)
    log_action("draht.privacy.erased", obj=erasure, user=user, customer=customer, data={"kind": "contact"})
    _compact_search_index()
    return erasure


@transaction.atomic
def erase_customer(customer: Customer, *, user) -> Erasure:
    """Erase a private customer with everything about them; organisations are not persons (erase their
    contact persons instead)."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    people = list(customer.contact_persons.all())
    identifiers = _identifiers(customer, *people)
    interactions = customer.interactions.all()
    counts = {"interactions": interactions.count(), "contact_persons": len(people),
              "consents": Consent.objects.filter(customer=customer).count(),
              "by_channel": {}}
    for channel in interactions.values_list("channel", flat=True):
        counts["by_channel"][channel] = counts["by_channel"].get(channel, 0) + 1
    AuditEntry.objects.filter(customer=customer).update(customer=None, data={"erased": True})
    AuditEntry.objects.filter(object_type="contactperson", object_id__in=[p.pk for p in people]).update(
        data={"erased": True})
    counts["audit_entries_scrubbed"] = _scrub_everywhere_else(identifiers)
    from draht.inbox.models import Message
    from draht.outbox.models import OutgoingEmail

    counts["messages"] = _erase_messages(Message.objects.filter(customer=customer),
                                         OutgoingEmail.objects.filter(customer=customer), identifiers)
    Merge.objects.filter(kind=MergeKind.CUSTOMER).filter(Q(kept_id=customer.pk) | Q(merged_id=customer.pk)).update(
        undo={}, undone_at=timezone.now())
    interactions.delete()
    Customer.objects.filter(pk=customer.pk).update(main_contact=None)
    FactCheck.objects.filter(customer=customer).delete()
    SearchEntry.objects.filter(customer=customer).delete()
    customer.delete()
    erasure = Erasure.objects.create(kind=MergeKind.CUSTOMER, erased_by=user, counts=counts)
    log_action("draht.privacy.erased", obj=erasure, user=user, data={"kind": "customer"})
    _compact_search_index()
    return erasure


def erase_person(person, *, user) -> Erasure:
    """Erase a contact person or a private customer."""
    if isinstance(person, ContactPerson):
        return erase_contact(person, user=user)
    return erase_customer(person, user=user)


def _compact_search_index() -> None:
    """FTS5 keeps deleted terms in old index segments until they are merged: merge them now, so the
    erased person's trigrams leave the database file too."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO customers_searchentry_fts(customers_searchentry_fts) VALUES ('optimize')")


def retention_candidates(limit: int = 500):
    """Prospects (no "customer since") without any interaction for the retention period, oldest first."""
    cutoff = timezone.now() - datetime.timedelta(days=365 * settings.DRAHT_RETENTION_PROSPECT_YEARS)
    return (Customer.objects.filter(customer_since__isnull=True, is_archived=False, created_at__lt=cutoff)
            .annotate(last_interaction=Max("interactions__occurred_at"))
            .filter(Q(last_interaction__isnull=True) | Q(last_interaction__lt=cutoff))
            .order_by("created_at", "id")[:limit])


@transaction.atomic
def list_retention_candidates() -> int:
    """The periodic job: the list of prospects due for erasure, replaced as a whole (idempotent)."""
    ids = [c.pk for c in retention_candidates(limit=10_000)]
    RetentionCandidate.objects.exclude(customer_id__in=ids).delete()
    RetentionCandidate.objects.bulk_create([RetentionCandidate(customer_id=pk) for pk in ids], ignore_conflicts=True)
    return len(ids)
