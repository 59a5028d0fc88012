"""Received messages: stored once, matched to the sender, put on the customer's timeline in a thread, or left in
the unassigned inbox. Each message is one transaction."""

import gzip
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from draht.customers.models import ContactPerson, Customer
from draht.timeline.choices import Channel, Direction, Source
from draht.timeline.models import Interaction, Thread
from draht.timeline.services import log_interaction
from draht.timeline.threads import sync_thread

from .models import Attachment, Mailbox, Message, MessageStatus
from .parsing import ParsedEmail, legacy_key, message_key, parse_email
from .rules import is_personal_message, thread_subject
from .storage import store_blob

log = logging.getLogger(__name__)


class MessageRefused(Exception):
    """The message cannot be stored at all (the reason is logged and shown where it came from)."""


@dataclass
class Stored:
    message: Message
    created: bool


def match_sender(address: str = "", phone: str = ""):
    """(customer, contact person) for an e-mail address (case-insensitive) or an E.164 number: a contact person
    first, then a private customer's own address; archived customers last."""
    if address:
        address = address.strip().lower()
        person = (ContactPerson.objects.filter(email=address).select_related("customer")
                  .order_by("customer__is_archived", "-is_active", "id").first())
        if person:
            return person.customer, person
        customer = Customer.objects.filter(email=address).order_by("is_archived", "id").first()
        if customer:
            return customer, None
    if phone:
        from draht.telephony.services import match_number

        customer, person = match_number(phone)
        if customer:
            return customer, person
    return None, None


def _email_thread(parsed: ParsedEmail) -> Thread:
    """The thread of the message it answers (In-Reply-To, then References newest first); else the thread of an
    answer to it that arrived first (mail is not always delivered in order); else a new one."""
    wanted = [i for i in [parsed.in_reply_to, *reversed(parsed.references)] if i]
    if wanted:
        known = dict(Message.objects.filter(message_id__in=wanted, thread__isnull=False)
                     .values_list("message_id", "thread_id"))
        for message_id in wanted:
            if message_id in known:
                return Thread(pk=known[message_id])
    if parsed.message_id:
        answer = (Message.objects.filter(in_reply_to=parsed.message_id, thread__isnull=False)
                  .values_list("thread_id", flat=True).first())
        if answer:
            return Thread(pk=answer)
    return Thread.objects.create(subject=thread_subject(parsed.subject))


def _staff_sender(address: str):
    """The user who wrote a message from their own mail program (sent with draht in BCC, or found in a polled
    Sent folder): such a message is ours, outbound."""
    if not address:
        return None
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=address, is_active=True).first()


def _match_email(parsed: ParsedEmail, staff):
    if staff is None:
        return match_sender(parsed.sender_address)
    for address in parsed.recipients:
        customer, person = match_sender(address)
        if customer is not None:
            return customer, person
    return None, None


def _bounced_email(parsed: ParsedEmail):
    """A delivery report about an e-mail we sent: a failure marks that e-mail failed (with the server's
    diagnosis, for a person to resend or correct the address); the report goes on the same customer's timeline,
    as an automated message. Reports about mail we do not know are matched like any message."""
    from draht.outbox.models import OutgoingEmail, OutgoingStatus

    bounce = parsed.bounce
    sent = OutgoingEmail.objects.filter(message_id=bounce.original_message_id).first()
    if sent is None:
        return match_sender(parsed.sender_address)
    if bounce.failed:
        from draht.customers.choices import Fact
        from draht.customers.models import FactCheck
        from draht.customers.services import sync_facts_verified

        OutgoingEmail.objects.filter(pk=sent.pk).exclude(status=OutgoingStatus.QUEUED).update(
            status=OutgoingStatus.FAILED,
            last_error=f"bounced {bounce.status}: {bounce.diagnostic}".strip()[:500])
        # The addresses are no longer verified: the check-in call asks for them again.
        FactCheck.objects.filter(customer_id=sent.customer_id, fact=Fact.EMAILS).delete()
        sync_facts_verified(sent.customer_id)
    return sent.customer, sent.contact_person


def store_email(raw: bytes, *, source: str, mailbox: Mailbox | None = None) -> Stored:
    """Store one e-mail (bytes as received) unless it is stored already; raises MessageRefused."""
    if len(raw) > settings.DRAHT_MAIL_MAX_MESSAGE_BYTES:
        raise MessageRefused(f"message of {len(raw):,} bytes is over the limit of "
                             f"{settings.DRAHT_MAIL_MAX_MESSAGE_BYTES:,}")
    parsed = parse_email(raw, max_attachment_bytes=settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES)
    key = message_key(parsed.message_id, raw)
    staff = _staff_sender(parsed.sender_address)

    def create() -> Message:
        thread = _email_thread(parsed)
        message = Message.objects.create(
            message_key=key, channel=Channel.EMAIL, direction=Direction.OUTBOUND if staff else Direction.INBOUND,
            source=source, mailbox=mailbox, message_id=parsed.message_id, in_reply_to=parsed.in_reply_to,
            references=" ".join(parsed.references), thread=thread,
            sender_address=parsed.sender_address, sender_name=parsed.sender_name, recipients=parsed.recipients,
            subject=parsed.subject, text=parsed.text, html=parsed.html, is_automated=parsed.is_automated,
            occurred_at=parsed.occurred_at, size=len(raw), problems="\n".join(parsed.problems),
            raw=store_blob(gzip.compress(raw, 6)), content_hash=parsed.content_hash)
        _adopt_earlier_replies(message)
        _store_attachments(message, parsed)
        from draht.meetings.services import apply_calendar_replies

        apply_calendar_replies(raw)  # an invitation's answer sets the attendee's status
        customer, person = _bounced_email(parsed) if parsed.bounce else _match_email(parsed, staff)
        if customer is None:
            return message
        message = assign(message, customer, person, user=None)
        from draht.service.services import customer_replied

        customer_replied(message)  # a reply in a ticket's conversation reopens it
        return message

    stored = _store_once(key, create, lambda: _same_message(parsed))
    if stored.created and parsed.problems:
        log.info("message %s stored with problems: %s", stored.message.pk, "; ".join(parsed.problems))
    return stored


def _same_message(parsed) -> Message | None:
    """A stored copy of this message under another key: our own sent copy (stored by its Message-ID before it
    came back), or one stored before the content counted (a legacy key; its content cannot be compared)."""
    if not parsed.message_id:
        return None
    for candidate in Message.objects.filter(message_id=parsed.message_id).only("id", "source", "content_hash",
                                                                                  "message_key"):
        if candidate.source == "outbox" or candidate.content_hash == parsed.content_hash or (
                not candidate.content_hash and candidate.message_key == legacy_key(parsed.message_id)):
            return Message.objects.get(pk=candidate.pk)
    return None


def _adopt_earlier_replies(message: Message) -> None:
    """Replies that arrived before this message (In-Reply-To names it) join its thread: threads join whichever
    message comes first."""
    if not message.message_id or message.thread_id is None:
        return
    replies = Message.objects.filter(in_reply_to=message.message_id).exclude(thread_id=message.thread_id)
    for old_thread in set(replies.exclude(thread=None).values_list("thread_id", flat=True)):
        merge_thread(old_thread, message.thread_id)
    replies.filter(thread=None).update(thread_id=message.thread_id)


def merge_thread(old_thread_id: int, into_thread_id: int) -> None:
    """Every message and timeline entry of one conversation joins another (in the caller's transaction); the
    timeline's thread heads and sizes are kept exact for each customer touched."""
    customers = set(Interaction.objects.filter(thread_id=old_thread_id).values_list("customer_id", flat=True))
    Message.objects.filter(thread_id=old_thread_id).update(thread_id=into_thread_id)
    Interaction.objects.filter(thread_id=old_thread_id).update(thread_id=into_thread_id)
    for customer_id in customers:
        sync_thread(into_thread_id, customer_id)


def thread_for(message: Message) -> int:
    """The message's conversation, started for it when it has none yet (a message from a form, a chat)."""
    if message.thread_id is None:
        thread = Thread.objects.create(subject=thread_subject(message.subject))
        Message.objects.filter(pk=message.pk).update(thread=thread)
        if message.interaction_id:
            Interaction.objects.filter(pk=message.interaction_id).update(thread=thread)
            sync_thread(thread.pk, message.customer_id)
        message.thread_id = thread.pk
    return message.thread_id


def _store_once(key: str, create, find_same=None) -> Stored:
    """Run `create` in one transaction unless a message with this key is stored; when another worker stores the
    same message at the same moment, the unique key decides and the other one's message is returned."""
    existing = Message.objects.filter(message_key=key).first() or (find_same() if find_same else None)
    if existing:
        return Stored(existing, False)
    try:
        with transaction.atomic():
            message = create()
    except IntegrityError:
        existing = Message.objects.filter(message_key=key).first()
        if existing is None:
            raise
        return Stored(existing, False)
    return Stored(message, True)


def _store_attachments(message: Message, parsed: ParsedEmail) -> None:
    rows = []
    for part in parsed.attachments:
        refused = "" if part.data is not None else f"over {settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES:,} bytes"
        rows.append(Attachment(message=message, blob=store_blob(part.data) if part.data is not None else None,
                               filename=part.filename, content_type=part.content_type, content_id=part.content_id,
                               is_inline=part.is_inline, size=part.size, refused=refused))
    Attachment.objects.bulk_create(rows)


@transaction.atomic
def assign(message: Message, customer: Customer, person: ContactPerson | None, *, user) -> Message:
    """Put the message on the customer's timeline (once) and take it out of the unassigned inbox."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.interaction_id:
        return message
    personal = is_personal_message(message.channel, automated=message.is_automated,
                                   recipient_count=len(message.recipients) if message.channel == Channel.EMAIL else 1)
    staff = _staff_sender(message.sender_address) if message.direction == Direction.OUTBOUND else None
    message.interaction = log_interaction(
        customer, user=user, users=[staff] if staff else (), channel=message.channel, direction=message.direction,
        is_personal=personal,
        is_automated=message.is_automated, occurred_at=message.occurred_at, subject=message.subject,
        body=message.text, source=Source.EMAIL_MESSAGE if message.channel == Channel.EMAIL else Source.INBOUND,
        source_ref=(message.message_id or message.link)[:300], thread=message.thread,
        contact_persons=[person] if person else ())
    message.customer, message.contact_person, message.status = customer, person, MessageStatus.ASSIGNED
    message.save(update_fields=["interaction", "customer", "contact_person", "status"])
    return message


@transaction.atomic
def create_contact_and_assign(message: Message, customer: Customer, *, user) -> Message:
    """Create the sender as a contact person of the customer (name and address from the message), then assign."""
    from draht.customers.services import create_contact

    first, _, last = (message.sender_name or "").rpartition(" ")
    person = create_contact(customer, user=user, first_name=first, last_name=last or message.sender_address,
                                   email=message.sender_address, phone=message.sender_phone)
    return assign(message, customer, person, user=user)


def unassigned_messages():
    return Message.objects.filter(status=MessageStatus.UNASSIGNED).order_by("-received_at", "-id")


def suggested_customers(message: Message, limit: int = 5):
    """Customers whose contact persons share the sender's e-mail domain (common mail providers excluded)."""
    domain = message.sender_address.rpartition("@")[2]
    if not domain or domain in FREEMAIL_DOMAINS:
        return Customer.objects.none()
    return (Customer.objects.filter(Q(contact_persons__email__endswith="@" + domain) | Q(email__endswith="@" + domain),
                                    is_archived=False).distinct().order_by("name")[:limit])


FREEMAIL_DOMAINS = {"gmail.com", "gmx.at", "gmx.de", "gmx.net", "gmx.ch", "web.de", "yahoo.com", "yahoo.de",
                    "hotmail.com", "outlook.com", "icloud.com", "aon.at", "a1.net", "bluewin.ch", "t-online.de",
                    "chello.at", "live.com", "me.com", "posteo.de", "mailbox.org", "protonmail.com", "proton.me"}


def _thread_for_key(channel: str, key: str, subject: str) -> Thread:
    if not key:
        return Thread.objects.create(subject=subject[:300])
    thread, _ = Thread.objects.get_or_create(key=f"{channel}:{key}"[:200], defaults={"subject": subject[:300]})
    return thread


def _match_identity(channel: str, identity: dict, thread: Thread):
    """The customer side of a message: by e-mail, then phone, then a handle assigned before on this channel,
    then whoever the thread's earlier messages belong to."""
    customer, person = match_sender(identity.get("email", ""), identity.get("phone", ""))
    if customer is None and identity.get("handle"):
        earlier = (Message.objects.filter(channel=channel, sender_handle=identity["handle"], customer__isnull=False)
                   .order_by("-received_at").first())
        if earlier:
            customer, person = earlier.customer, earlier.contact_person
    if customer is None:
        earlier = Message.objects.filter(thread=thread, customer__isnull=False).order_by("-received_at").first()
        if earlier:
            customer, person = earlier.customer, earlier.contact_person
    return customer, person


def store_inbound(values: dict) -> Stored:
    """A chat, social, review or web-form message (or our reply on such a channel) from a connector."""
    channel, external_id = values["channel"], values["id"]
    key = hashlib.sha256(f"api:{channel}:{external_id}".encode()).hexdigest()
    identity = values.get("sender") or values.get("recipient") or {}

    def create() -> Message:
        thread = _thread_for_key(channel, values.get("thread", ""), values.get("subject") or values["text"][:80])
        message = Message.objects.create(
            message_key=key, channel=channel, direction=values["direction"], source="api",
            message_id=external_id[:300], thread=thread, sender_address=identity.get("email", ""),
            sender_name=identity.get("name", ""), sender_phone=identity.get("phone", ""),
            sender_handle=identity.get("handle", ""), subject=values.get("subject", ""), text=values["text"],
            link=values.get("link", ""), occurred_at=values.get("at") or timezone.now())
        customer, person = _match_identity(channel, identity, thread)
        return assign(message, customer, person, user=None) if customer is not None else message

    return _store_once(key, create)
