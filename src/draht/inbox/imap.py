"""Polling IMAP mailboxes with imap-tools. One poller per mailbox at a time (a lease on the row; no database
transaction is held while the server is talking), progress saved after every message, and the unique message
key as the last line of defence: a message fetched twice is stored once."""

import datetime
import imaplib
import logging
import socket
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, DataError
from django.db.models import Q
from django.utils import timezone
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError

from draht.core.netpolicy import check_host

from .crypto import decrypt
from .models import Mailbox, MailboxProblem, MailSecurity
from .services import MessageRefused, store_email

log = logging.getLogger(__name__)
LEASE = datetime.timedelta(minutes=10)
CONNECTION_ERRORS = (OSError, socket.timeout, ssl.SSLError, imaplib.IMAP4.error, ImapToolsError, ValueError)


@dataclass
class PollResult:
    stored: int = 0
    known: int = 0
    refused: int = 0
    error: str = ""


def _claim(mailbox_id: int) -> bool:
    now = timezone.now()
    return bool(Mailbox.objects.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now), pk=mailbox_id,
                                       is_active=True).update(lease_until=now + LEASE))


def poll_mailbox(mailbox_id: int) -> PollResult | None:
    """Fetch what is new in one mailbox; None if another worker is polling it right now."""
    if not _claim(mailbox_id):
        return None
    mailbox = Mailbox.objects.get(pk=mailbox_id)
    try:
        result = fetch_new(mailbox)
    finally:
        Mailbox.objects.filter(pk=mailbox_id).update(lease_until=None)
    return result


def _connect(mailbox: Mailbox):
    timeout = settings.DRAHT_MAIL_TIMEOUT_SECONDS
    # A verifying context: imaplib's own default does not check the server's certificate. STARTTLS fails (and
    # nothing, the password least, is sent) when the server does not offer it: never a silent plain fallback.
    if mailbox.security == MailSecurity.IMAPS:
        return MailBox(mailbox.host, mailbox.port, timeout=timeout, ssl_context=ssl.create_default_context())
    if mailbox.security == MailSecurity.STARTTLS:
        return MailBoxStartTls(mailbox.host, mailbox.port, timeout=timeout, ssl_context=ssl.create_default_context())
    return MailBoxUnencrypted(mailbox.host, mailbox.port, timeout=timeout)


def _fetch_one(client, uid: int, part: str) -> bytes | int | None:
    status, data = client.uid("fetch", str(uid), f"({part})")
    if status != "OK" or not data or data[0] is None:
        return None
    if part == "RFC822.SIZE":
        text = data[0].decode() if isinstance(data[0], bytes) else str(data[0])
        return int(text.rsplit("RFC822.SIZE", 1)[1].strip(" )"))
    return next((item[1] for item in data if isinstance(item, tuple)), None)


def fetch_new(mailbox: Mailbox) -> PollResult:
    """Store every message above the last UID seen. A connection problem is recorded on the mailbox and the
    next poll retries from where this one stopped."""
    result = PollResult()
    try:
        check_host(mailbox.host, mailbox.port, allow_private=mailbox.allow_private)  # again: DNS may have changed
    except ValidationError as exc:
        result.error = " ".join(exc.messages)[:500]
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=result.error, last_error_at=timezone.now())
        return result
    try:
        with _connect(mailbox) as server:
            server.login(mailbox.username, decrypt(mailbox.password_encrypted), initial_folder=mailbox.folder)
            validity = server.folder.status(mailbox.folder, ["UIDVALIDITY"])["UIDVALIDITY"]
            if mailbox.uid_validity != validity:  # the folder was rebuilt: its UIDs start again
                mailbox.uid_validity, mailbox.last_uid = validity, 0
                Mailbox.objects.filter(pk=mailbox.pk).update(uid_validity=validity, last_uid=0)
            uids = sorted(int(u) for u in server.uids(f"UID {mailbox.last_uid + 1}:*") if int(u) > mailbox.last_uid)
            for uid in uids:
                _store_uid(server.client, mailbox, uid, result)
                mailbox.last_uid = uid
                Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=uid, lease_until=timezone.now() + LEASE)
    except CONNECTION_ERRORS as exc:
        result.error = f"{type(exc).__name__}: {exc}"[:500]
        log.warning("mailbox %s: %s", mailbox.pk, result.error)
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=result.error, last_error_at=timezone.now())
        return result
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error="")
    return result


def _store_uid(client, mailbox: Mailbox, uid: int, result: PollResult) -> None:
    size = _fetch_one(client, uid, "RFC822.SIZE")
    reason = ""
    if size is not None and size > settings.DRAHT_MAIL_MAX_MESSAGE_BYTES:
        reason = f"message of {size:,} bytes is over the limit of {settings.DRAHT_MAIL_MAX_MESSAGE_BYTES:,}"
    else:
        raw = _fetch_one(client, uid, "BODY.PEEK[]")
        try:
            if raw is None:
                reason = "the server returned no content"
            elif store_email(raw, source="imap", mailbox=mailbox).created:
                result.stored += 1
            else:
                result.known += 1
        except DataError as exc:  # a value the database refuses: the message's fault
            reason = f"{type(exc).__name__}: {exc}"
        except DatabaseError:
            raise  # not the message's fault: stop here, the next poll starts again at this UID
        except MessageRefused as exc:
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - one unreadable message must not stop the mailbox
            log.exception("mailbox %s uid %s could not be stored", mailbox.pk, uid)
            reason = f"{type(exc).__name__}: {exc}"
    if reason:
        result.refused += 1
        MailboxProblem.objects.create(mailbox=mailbox, uid=uid, reason=reason[:500])
