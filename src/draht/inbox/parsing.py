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
class Forwarded:
    """A message inside the message (a forward, a digest's entry): its own sender, subject and date."""

    sender: str
    subject: str
    date: str


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
    forwarded: list[Forwarded] = field(default_factory=list)
    content_hash: str = ""


IDENTITY_HEADERS = {"from", "to", "cc", "date", "subject", "message-id", "in-reply-to", "references"}


def content_hash(raw: bytes) -> str:
    """What makes two copies the same message: its own headers and its body, not the transport's (a message
    delivered to two mailboxes differs in Received:, Delivered-To:, X-… headers)."""
    raw = raw.replace(b"\r\n", b"\n")
    head, _blank, body = raw.partition(b"\n\n")
    lines, current = [], None
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and current is not None:
            lines[-1] += b" " + line.strip()
            continue
        name = line.split(b":", 1)[0].strip().lower().decode("ascii", "replace")
        current = name if name in IDENTITY_HEADERS else None
        if current:
            lines.append(b" ".join(line.split()))
    return hashlib.sha256(b"\n".join(sorted(lines)) + b"\n\n" + body.rstrip()).hexdigest()


def message_key(message_id: str, raw: bytes = b"") -> str:
    """The identity of a message: its Message-ID together with its content (different messages that share a
    Message-ID are different), or its content alone when it has none. Without content (our own sent copies,
    written before they come back): the Message-ID alone, the legacy key."""
    if message_id and not raw:
        return hashlib.sha256(f"mid:{message_id}".encode()).hexdigest()
    digest = content_hash(raw)
    return hashlib.sha256(f"mid:{message_id}\x1f{digest}".encode()).hexdigest()


def legacy_key(message_id: str) -> str:
    """The key messages were stored under before the content counted (and our sent copies still are)."""
    return hashlib.sha256(f"mid:{message_id}".encode()).hexdigest()


_BOUNDARY = re.compile(rb'(?i)(boundary=)(?!")([^\s;"]+)')
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def repair(raw: bytes, problems: list[str]) -> bytes:
    """Bytes as some programs write them, made readable: unquoted boundaries with "=" (Outlook's
    ----=_NextPart_…) quoted; raw 8-bit header bytes that are not UTF-8 read as Windows-1252."""
    if b"boundary=" in raw or b"BOUNDARY=" in raw:
        raw = _BOUNDARY.sub(lambda m: m.group(1) + b'"' + m.group(2) + b'"', raw)
    end = _HEADER_END.search(raw)
    head, rest = (raw[:end.start()], raw[end.start():]) if end else (raw, b"")
    if any(b > 127 for b in head):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            head = head.decode("cp1252", "replace").encode("utf-8")
            problems.append("header bytes were not UTF-8: read as Windows-1252")
    return head + rest


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


def _raw_header(msg, name: str) -> str:
    """A header as written (RFC 2047 words decoded), keeping what the parsed form drops: the name in an old-style
    `user@host (Real Name)`."""
    for key, value in msg.raw_items():
        if key.lower() == name.lower():
            value = str(value)
            if any("\udc80" <= c <= "\udcff" for c in value):  # raw 8-bit bytes (UTF-8 after repair())
                value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            try:
                return str(email.header.make_header(email.header.decode_header(str(value))))
            except Exception:  # noqa: BLE001
                return str(value)
    return ""


def _addresses(value: str) -> list[tuple[str, str]]:
    return [(name.strip(), addr.strip().lower()) for name, addr in email.utils.getaddresses([value])
            if addr and "@" in addr]


LATIN = {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso-8859-15", "windows-1252", "cp1252"}


def _decode_text(part, problems: list[str]) -> str:
    """A text part's text: the declared charset, then UTF-8, then Windows-1252 ("Grüße", "€" survive a wrong or
    missing declaration); text declared Latin-1 that is valid UTF-8 is UTF-8 (a common mislabel)."""
    try:
        payload = part.get_payload(decode=True) or b""
    except Exception:  # noqa: BLE001 - a broken transfer encoding
        problems.append("a text part's transfer encoding is broken")
        payload = (part.get_payload() or "").encode("utf-8", "replace") if isinstance(part.get_payload(), str) \
            else b""
    declared = (part.get_content_charset() or "").lower()
    if declared in LATIN and any(b > 127 for b in payload):
        try:
            text = payload.decode("utf-8")
            if declared not in ("us-ascii", "ascii"):
                problems.append(f"text declared {declared} is UTF-8: read as UTF-8")
            else:
                problems.append("8-bit text declared ASCII: read as UTF-8")
            return text
        except UnicodeDecodeError:
            if declared in ("us-ascii", "ascii"):
                problems.append("8-bit text declared ASCII: read as Windows-1252")
                return payload.decode("cp1252", "replace")
    for charset in filter(None, [declared, "utf-8"]):
        try:
            return payload.decode(charset)
        except LookupError:
            problems.append(f"unknown charset {charset[:40]!r}")
        except UnicodeDecodeError:
            if charset == declared:
                problems.append(f"text is not {charset[:40]}: read as " + ("UTF-8 or Windows-1252"))
    return payload.decode("cp1252", "replace")


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
    digest = content_hash(raw)
    raw = repair(raw, problems)
    msg: EmailMessage = email.message_from_bytes(raw, policy=policy.default)
    if msg.defects:
        problems.append("structure: " + ", ".join(sorted({type(d).__name__ for d in msg.defects}))[:300])
    ids = message_ids(_header(msg, "Message-ID", problems))
    senders = _addresses(_raw_header(msg, "From")) or _addresses(_header(msg, "From", problems))
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
        text="", html="", is_automated=_is_automated(msg, problems), problems=problems, content_hash=digest,
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


def _leaves(part):
    """The message's parts, not descending into an attached message (message/rfc822): that is one attachment,
    which keeps its own From, Subject and Date."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    for child in part.iter_parts() if hasattr(part, "iter_parts") else part.get_payload():
        yield from _leaves(child)


def _forwarded(part, parsed: ParsedEmail) -> tuple[bytes, str]:
    inner = part.get_payload(0) if part.is_multipart() else part.get_payload()
    if isinstance(inner, list):
        inner = inner[0] if inner else None
    if inner is None or not hasattr(inner, "as_bytes"):
        return b"", ""
    problems: list[str] = []
    sender = (_addresses(_raw_header(inner, "From")) or [("", "")])[0]
    subject = _header(inner, "Subject", problems)[:300]
    parsed.forwarded.append(Forwarded(sender=f"{sender[0]} <{sender[1]}>".strip() if sender[0] else sender[1],
                                      subject=subject, date=_header(inner, "Date", problems)[:100]))
    try:
        data = inner.as_bytes(policy=policy.compat32)
    except Exception:  # noqa: BLE001 - an inner message that cannot be written back
        data = str(inner).encode("utf-8", "replace")
    name = re.sub(r'[\\/:*?"<>|]+', "_", subject or "message")[:200] + ".eml"
    return data, name


def _read_parts(msg, parsed: ParsedEmail, max_attachment_bytes: int) -> None:
    problems = parsed.problems
    for part in _leaves(msg):
        content_type = part.get_content_type()
        try:
            disposition = part.get_content_disposition()
            filename = part.get_filename() or ""
        except Exception:  # noqa: BLE001
            disposition, filename = "attachment", ""
            problems.append("an attachment header could not be read")
        named = bool(filename)  # a text part with a name is a file someone attached, not the message's text
        if content_type == "text/plain" and disposition != "attachment" and not named and not parsed.text:
            parsed.text = _decode_text(part, problems)
        elif content_type == "text/html" and disposition != "attachment" and not named and not parsed.html:
            parsed.html = clean_html(_decode_text(part, problems)[:MAX_TEXT_CHARS]).replace("\x00", "")
        else:
            if content_type == "message/rfc822":
                data, inner_name = _forwarded(part, parsed)
                filename = filename or inner_name
            else:
                try:
                    data = part.get_payload(decode=True) or b""
                except Exception:  # noqa: BLE001
                    data = b""
            if not data and not filename:  # an empty unnamed part (delivery reports have them): nothing to keep
                continue
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
