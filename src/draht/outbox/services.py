"""The outbox: e-mail written in draht is queued in the writing transaction and sent by the worker over SMTP.

Never sent twice: a send is claimed (queued → sending) before the SMTP dialogue. Failures before the server took
the message are retried with backoff; a server's 5xx answer fails it. If the worker dies after the server
accepted the message but before the bookkeeping below, the row stays `sending`, and the sweep marks it
"delivery unknown" for a person to check; it is never resent blindly."""

import datetime
import logging
import smtplib
import ssl
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from draht.core.retry import backoff_minutes
from draht.inbox.models import Attachment, Message, MessageStatus
from draht.inbox.parsing import message_ids, message_key
from draht.inbox.rules import is_personal_message, thread_subject
from draht.inbox.storage import store_blob
from draht.timeline.choices import Channel, Direction, Source
from draht.timeline.models import Thread
from draht.timeline.services import log_interaction

from .models import OutgoingAttachment, OutgoingEmail, OutgoingStatus
from .rules import check_header_values, sending_address
from .signature import fill_signature

log = logging.getLogger(__name__)


class AcceptanceUnknown(Exception):
    """The connection broke after the message was handed over: the server may have accepted it."""


@transaction.atomic
def queue_email(customer, *, user, to: list[str], subject: str, body: str, contact_person=None, cc=(),
                reply_to: Message | None = None, is_bulk=False, is_automated=False,
                attachments=(), calendar: tuple[str, str] | None = None) -> OutgoingEmail:
    """Write an e-mail into the outbox; `attachments` are (file name, content type, bytes); `calendar` is an iTIP
    (method, iCalendar text) pair for an invitation. Raises ValidationError for a line break in a header value."""
    from draht.accounts.twofactor import policy

    check_header_values(subject, attachments)
    from_address = sending_address(user, policy().domains)
    domain = from_address.rpartition("@")[2] or "localhost"
    if reply_to is not None and reply_to.message_id:
        thread = reply_to.thread or Thread.objects.create(subject=thread_subject(reply_to.subject))
        in_reply_to = reply_to.message_id
        references = " ".join([*reply_to.references.split(), reply_to.message_id][-20:])
    else:
        thread, in_reply_to, references = Thread.objects.create(subject=thread_subject(subject)), "", ""
    email = OutgoingEmail.objects.create(
        customer=customer, contact_person=contact_person, sender=user, from_address=from_address, to=list(to),
        cc=list(cc), subject=subject, body=fill_signature(body, user), in_reply_to=in_reply_to,
        references=references, thread=thread, is_bulk=is_bulk, is_automated=is_automated,
        message_id=message_ids(make_msgid(domain=domain))[0], calendar_method=calendar[0] if calendar else "",
        calendar=calendar[1] if calendar else "")
    OutgoingAttachment.objects.bulk_create([
        OutgoingAttachment(email=email, blob=store_blob(data), filename=name[:255] or "attachment",
                           content_type=(kind or "application/octet-stream")[:100], size=len(data))
        for name, kind, data in attachments])
    customer.log_action("draht.email.queued", user=user, obj=email, data={"to": email.to, "subject": subject})
    from .tasks import send_outgoing_email

    transaction.on_commit(lambda: send_outgoing_email.enqueue(email.pk))
    return email


class InvitationMessage(EmailMultiAlternatives):
    """text/plain and text/calendar; method=… side by side in multipart/alternative (what calendar programs read
    as an invitation), the same calendar attached as invite.ics for programs that only look at attachments."""

    method = "REQUEST"

    def _create_mime_attachment(self, content, mimetype):
        if mimetype == "text/calendar":
            part = SafeMIMEText(content, "calendar", "utf-8")
            part.set_param("method", self.method)
            return part
        return super()._create_mime_attachment(content, mimetype)


def _build(email: OutgoingEmail) -> EmailMessage:
    headers = {"Message-ID": f"<{email.message_id}>"}
    if email.in_reply_to:
        headers["In-Reply-To"] = f"<{email.in_reply_to}>"
        headers["References"] = " ".join(f"<{i}>" for i in email.references.split())
    if email.is_automated:
        headers["Auto-Submitted"] = "auto-generated"
    name = " ".join(((email.sender.get_full_name() if email.sender else "") or "").split())  # no line breaks
    sender = f"{name} <{email.from_address}>" if name else email.from_address
    if email.calendar:
        message = InvitationMessage(subject=email.subject, body=email.body, from_email=sender, to=email.to,
                                    cc=email.cc, headers=headers)
        message.method = email.calendar_method
        message.attach_alternative(email.calendar, "text/calendar")
        message.attach("invite.ics", email.calendar.encode(), "application/ics")
    else:
        message = EmailMessage(subject=email.subject, body=email.body, from_email=sender, to=email.to, cc=email.cc,
                               headers=headers)
    for item in email.attachments.select_related("blob"):
        message.attach(item.filename, item.blob.path.read_bytes(), item.content_type)
    return message


def smtp_send(message: EmailMessage) -> None:
    """One SMTP dialogue. Errors before DATA is handed over propagate as they are (safe to retry); a broken
    connection after it raises AcceptanceUnknown."""
    if settings.EMAIL_USE_SSL:  # with a verifying context: SMTP_SSL's own default does not check the certificate
        smtp = smtplib.SMTP_SSL(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT)
    try:
        if settings.EMAIL_USE_TLS:
            smtp.starttls(context=ssl.create_default_context())
        if settings.EMAIL_HOST_USER:
            smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        smtp.ehlo_or_helo_if_needed()
        code, answer = smtp.mail(message.from_email)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, answer, message.from_email)
        recipients = message.recipients()
        refused = {}
        for address in recipients:
            code, answer = smtp.rcpt(address)
            if code not in (250, 251):
                refused[address] = (code, answer)
        if len(refused) == len(recipients):
            raise smtplib.SMTPRecipientsRefused(refused)
        try:
            code, answer = smtp.data(message.message().as_bytes(linesep="\r\n"))
        except smtplib.SMTPResponseException:
            raise  # the server answered with a refusal: not accepted
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise AcceptanceUnknown(str(exc)) from exc
        if code != 250:
            raise smtplib.SMTPDataError(code, answer)
    finally:
        try:  # accepted is accepted: a failing goodbye must not turn into a retry
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def send(email_id: int) -> str:
    """Send one queued e-mail if it is due and nobody else took it; returns its status afterwards."""
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingStatus.QUEUED, next_attempt_at__lte=now).update(
        status=OutgoingStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    email = OutgoingEmail.objects.select_related("sender", "customer").get(pk=email_id)
    if not claimed:
        return email.status
    try:
        message = _build(email)
        message.message()  # header values are checked here, before any connection
    except ValueError as exc:  # BadHeaderError: nothing a retry would change
        return _mark(email, OutgoingStatus.FAILED, f"cannot be sent: {exc}"[:500])
    try:
        smtp_send(message)
    except AcceptanceUnknown as exc:
        return _mark(email, OutgoingStatus.UNKNOWN, f"connection lost after handing over the message: {exc}")
    except smtplib.SMTPResponseException as exc:
        answer = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        problem = f"SMTP {exc.smtp_code}: {answer}"
        return _retry_or_fail(email, problem[:500], permanent=500 <= exc.smtp_code < 600)
    except smtplib.SMTPRecipientsRefused as exc:
        return _retry_or_fail(email, f"recipients refused: {', '.join(exc.recipients)}"[:500], permanent=True)
    except (OSError, smtplib.SMTPException) as exc:
        return _retry_or_fail(email, f"{type(exc).__name__}: {exc}"[:500], permanent=False)
    record_sent(email)
    return OutgoingStatus.SENT


def _mark(email: OutgoingEmail, status: str, problem: str) -> str:
    OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingStatus.SENDING).update(status=status, last_error=problem)
    log.warning("outgoing e-mail %s: %s (%s)", email.pk, status, problem)
    return status


def _retry_or_fail(email: OutgoingEmail, problem: str, *, permanent: bool) -> str:
    wait = None if permanent else backoff_minutes(email.attempts)
    if wait is None:
        return _mark(email, OutgoingStatus.FAILED, problem)
    next_attempt = timezone.now() + datetime.timedelta(minutes=wait)
    OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingStatus.SENDING).update(
        status=OutgoingStatus.QUEUED, last_error=problem, next_attempt_at=next_attempt)
    from .tasks import send_outgoing_email

    send_outgoing_email.using(run_after=next_attempt).enqueue(email.pk)
    return OutgoingStatus.QUEUED


@transaction.atomic
def record_sent(email: OutgoingEmail, *, user=None) -> OutgoingEmail:
    """The bookkeeping once the server accepted the message: status, the timeline entry (personal if it was a
    1:1 e-mail written by a person) and a copy in the thread, so answers find it."""
    email = OutgoingEmail.objects.select_for_update().select_related("customer").get(pk=email.pk)
    if email.status == OutgoingStatus.SENT:
        return email
    recipients = [*email.to, *email.cc]
    personal = not email.calendar_method and is_personal_message(
        Channel.EMAIL, automated=email.is_automated or email.is_bulk, recipient_count=len(recipients))
    channel = Channel.MAILING if email.is_bulk else Channel.EMAIL
    email.interaction = log_interaction(
        email.customer, user=user or email.sender, channel=channel, direction=Direction.OUTBOUND,
        is_personal=personal, is_automated=email.is_automated, subject=email.subject, body=email.body,
        source=Source.EMAIL_MESSAGE, source_ref=email.message_id, thread=email.thread,
        contact_persons=[email.contact_person] if email.contact_person else (),
        users=[email.sender] if email.sender else ())
    copy = Message.objects.create(
        message_key=message_key(email.message_id), channel=Channel.EMAIL, direction=Direction.OUTBOUND,
        source="outbox", message_id=email.message_id, in_reply_to=email.in_reply_to, references=email.references,
        thread=email.thread, sender_address=email.from_address, recipients=recipients, subject=email.subject,
        text=email.body, is_automated=email.is_automated, status=MessageStatus.ASSIGNED, customer=email.customer,
        contact_person=email.contact_person, interaction=email.interaction)
    Attachment.objects.bulk_create([Attachment(message=copy, blob_id=a.blob_id, filename=a.filename,
                                               content_type=a.content_type, size=a.size)
                                    for a in email.attachments.all()])
    email.status, email.sent_at, email.last_error = OutgoingStatus.SENT, timezone.now(), ""
    email.save(update_fields=["status", "sent_at", "last_error", "interaction"])
    return email


def sweep(now: datetime.datetime | None = None) -> dict:
    """Every minute: sends claimed too long ago whose worker died become "delivery unknown"; queued e-mail
    that is due is queued for the worker again (a lost task is harmless: the claim decides)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.DRAHT_OUTBOX_UNKNOWN_AFTER_SECONDS)
    unknown = OutgoingEmail.objects.filter(status=OutgoingStatus.SENDING, claimed_at__lt=stale).update(
        status=OutgoingStatus.UNKNOWN, last_error="the worker stopped during the send; check whether it arrived")
    from .tasks import send_outgoing_email

    due = list(OutgoingEmail.objects.filter(status=OutgoingStatus.QUEUED, next_attempt_at__lte=now)
               .values_list("pk", flat=True)[:500])
    for pk in due:
        send_outgoing_email.enqueue(pk)
    return {"unknown": unknown, "requeued": len(due)}


@transaction.atomic
def resend(email: OutgoingEmail, *, user) -> None:
    """A person decided an e-mail of unknown or failed delivery should go out again (same Message-ID)."""
    changed = OutgoingEmail.objects.filter(pk=email.pk, status__in=[OutgoingStatus.UNKNOWN, OutgoingStatus.FAILED]
                                           ).update(status=OutgoingStatus.QUEUED, next_attempt_at=timezone.now())
    if changed:
        email.customer.log_action("draht.email.resent", user=user, obj=email, data={})
        from .tasks import send_outgoing_email

        transaction.on_commit(lambda: send_outgoing_email.enqueue(email.pk))


def confirm_sent(email: OutgoingEmail, *, user) -> OutgoingEmail:
    """A person checked that an e-mail of unknown delivery did arrive: book it as sent."""
    OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingStatus.UNKNOWN).update(status=OutgoingStatus.SENDING)
    return record_sent(email, user=user)
