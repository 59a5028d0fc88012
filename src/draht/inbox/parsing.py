"""Reading an e-mail as it came over the wire (RFC 5322 bytes) into what draht stores. Plain functions: any
charset, RFC 2047 encoded words, broken headers and odd MIME structures give a result, never an exception;
what had to be left out or guessed is listed in `problems`."""

import datetime
import email
import email.header
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from django.utils import timezone

from .sanitize import clean_html, html_to_text

MAX_HEADER_CHARS = 2000  # a 100 KB header is cut here (and noted)
MAX_TEXT_CHARS = 1_000_000
_MESSAGE_ID = re.compile(r"<([^<>\s]{1,290})>")


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    content_id: str
    is_inline: bool
    size: int
    data: bytes | None  # None when it was over the size limit


@dataclass
class Bounce:
    """A delivery status notification (RFC 3464) about a message we sent."""

    original_message_id: str
    failed: bool
    status: str
    diagnostic: str


@dataclass
class ParsedEmail:
    message_id: str
    in_reply_to: str
    references: list[str]
    sender_address: str
    sender_name: str
    recipients: list[str]
    subject: str
    occurred_at: datetime.datetime
    text: str
    html: str
    is_automated: bool
    attachments: list[ParsedAttachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bounce: "Bounce | None" = None

    @property
    def key(self) -> str:
        return message_key(self.message_id)


def message_key(message_id: str, raw: bytes = b"") -> str:
    """The identity of a message: its Message-ID, or its content when it has none."""
    if message_id:
        return hashlib.sha256(f"mid:{message_id}".encode()).hexdigest()
    return hashlib.sha256(b"raw:" + raw.replace(b"\r\n", b"\n")).hexdigest()


def message_ids(value: str) -> list[str]:
    return _MESSAGE_ID.findall(value or "")


def _header(msg, name: str, problems: list[str]) -> str:
    """A header's decoded text; broken encodings fall back to a lenient decoding."""
    try:
        value = msg.get(name)
        text = "" if value is None else str(value)
    except Exception:  # noqa: BLE001 - the email package raises many kinds on malformed headers
        raw = msg.get_all(name, failobj=[None])[0] if hasattr(msg, "get_all") else None
        try:
            text = str(email.header.make_header(email.header.decode_header(str(raw or ""))))
        except Exception:  # noqa: BLE001
            text = str(raw or "").encode("ascii", "replace").decode()
        problems.append(f"header {name} could not be decoded cleanly")
    text = text.replace("\x00", "")
    if len(text) > MAX_HEADER_CHARS:
        problems.append(f"header {name} cut from {len(text)} characters")
        text = text[:MAX_HEADER_CHARS]
    return " ".join(text.split())


def _addresses(value: str) -> list[tuple[str, str]]:
    return [(name.strip(), addr.strip().lower()) for name, addr in email.utils.getaddresses([value])
            if addr and "@" in addr]


def _decode_text(part, problems: list[str]) -> str:
    try:
        return part.get_content()
    except Exception:  # noqa: BLE001 - unknown charset, broken transfer encoding
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, errors="replace")
        except LookupError:
            text = payload.decode("utf-8", errors="replace")
            problems.append(f"unknown charset {charset[:40]!r} read as UTF-8")
        return text


def _when(value: str) -> datetime.datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when


def _is_automated(msg, problems) -> bool:
    auto = _header(msg, "Auto-Submitted", problems).lower()
    precedence = _header(msg, "Precedence", problems).lower()
    return bool((auto and auto != "no") or precedence in ("bulk", "list", "junk")
                or msg.get("List-Id") or msg.get("List-Unsubscribe"))


def parse_email(raw: bytes, *, max_attachment_bytes: int) -> ParsedEmail:
    problems: list[str] = []
    msg: EmailMessage = email.message_from_bytes(raw, policy=policy.default)
    if msg.defects:
        problems.append("structure: " + ", ".join(sorted({type(d).__name__ for d in msg.defects}))[:300])
    ids = message_ids(_header(msg, "Message-ID", problems))
    senders = _addresses(_header(msg, "From", problems))
    recipients = [addr for _, addr in _addresses(_header(msg, "To", problems) + ", " + _header(msg, "Cc", problems))]
    parsed = ParsedEmail(
        message_id=ids[0] if ids else "",
        in_reply_to=(message_ids(_header(msg, "In-Reply-To", problems)) or [""])[0],
        references=message_ids(_header(msg, "References", problems))[-50:],
        sender_address=senders[0][1][:254] if senders else "",
        sender_name=senders[0][0][:200] if senders else "",
        recipients=list(dict.fromkeys(recipients))[:100],
        subject=_header(msg, "Subject", problems)[:300],
        occurred_at=_when(_header(msg, "Date", problems)) or timezone.now(),
        text="", html="", is_automated=_is_automated(msg, problems), problems=problems,
    )
    if not parsed.message_id:
        problems.append("no Message-ID")
    _read_parts(msg, parsed, max_attachment_bytes)
    parsed.bounce = _bounce(msg)
    if parsed.bounce:
        parsed.is_automated = True
    if not parsed.text and parsed.html:
        parsed.text = html_to_text(parsed.html)
    parsed.text = parsed.text.replace("\x00", "").replace("\r\n", "\n")[:MAX_TEXT_CHARS]
    return parsed


def _read_parts(msg, parsed: ParsedEmail, max_attachment_bytes: int) -> None:
    problems = parsed.problems
    for part in msg.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        try:
            disposition = part.get_content_disposition()
            filename = part.get_filename() or ""
        except Exception:  # noqa: BLE001
            disposition, filename = "attachment", ""
            problems.append("an attachment header could not be read")
        if content_type == "text/plain" and disposition != "attachment" and not parsed.text:
            parsed.text = _decode_text(part, problems)
        elif content_type == "text/html" and disposition != "attachment" and not parsed.html:
            parsed.html = clean_html(_decode_text(part, problems)[:MAX_TEXT_CHARS]).replace("\x00", "")
        else:
            data = part.get_payload(decode=True) or b""
            content_id = message_ids(str(part.get("Content-ID", "") or ""))
            name = " ".join(filename.replace("\x00", "").split())[:255]
            too_big = len(data) > max_attachment_bytes
            if too_big:
                problems.append(f"attachment {name or content_type} ({len(data):,} bytes) over the limit, not stored")
            parsed.attachments.append(ParsedAttachment(
                filename=name, content_type=content_type[:100], content_id=content_id[0] if content_id else "",
                is_inline=disposition == "inline" or bool(content_id and disposition != "attachment"),
                size=len(data), data=None if too_big else data))


def _bounce(msg) -> Bounce | None:
    """The report of a multipart/report; report-type=delivery-status, if this is one."""
    try:
        if msg.get_content_type() != "multipart/report" or msg.get_param("report-type") != "delivery-status":
            return None
        original, fields = "", []
        for part in msg.walk():
            kind = part.get_content_type()
            if kind == "message/delivery-status":
                fields = [block for block in part.get_payload() if hasattr(block, "get")]
            elif kind == "message/rfc822" and not original:
                inner = part.get_payload(0)
                original = (message_ids(str(inner.get("Message-ID", ""))) or [""])[0]
            elif kind == "text/rfc822-headers" and not original:
                headers = email.message_from_string(_decode_text(part, []), policy=policy.default)
                original = (message_ids(str(headers.get("Message-ID", ""))) or [""])[0]
        recipients = [block for block in fields if block.get("Action")]
        if not original or not recipients:
            return None
        failed = [b for b in recipients if str(b.get("Action", "")).strip().lower() == "failed"]
        first = (failed or recipients)[0]
        return Bounce(original_message_id=original, failed=bool(failed), status=str(first.get("Status", ""))[:20],
                      diagnostic=" ".join(str(first.get("Diagnostic-Code", "")).split())[:300])
    except Exception:  # noqa: BLE001 - a malformed report is read as an ordinary message
        return None
