"""Upload of saved e-mails: one `.eml` message or a `.mbox` file of many."""

import mailbox
import tempfile
from dataclasses import dataclass, field

from django.db import DatabaseError

from .services import MessageRefused, store_email


@dataclass
class UploadResult:
    stored: int = 0
    known: int = 0
    refused: list[str] = field(default_factory=list)


def _store(raw: bytes, label: str, result: UploadResult) -> None:
    try:
        if store_email(raw, source="upload").created:
            result.stored += 1
        else:
            result.known += 1
    except DatabaseError:
        raise
    except MessageRefused as exc:
        result.refused.append(f"{label}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one unreadable message must not stop the rest
        result.refused.append(f"{label}: {type(exc).__name__}")


def is_mbox(head: bytes) -> bool:
    return head.startswith(b"From ")


def store_upload(chunks, name: str) -> UploadResult:
    """Store the messages of an uploaded file (an iterable of byte chunks); each message is its own transaction."""
    result = UploadResult()
    with tempfile.NamedTemporaryFile(suffix=".mbox") as tmp:
        for chunk in chunks:
            tmp.write(chunk)
        tmp.flush()
        tmp.seek(0)
        if not is_mbox(tmp.read(5)):
            tmp.seek(0)
            _store(tmp.read(), name, result)
            return result
        box = mailbox.mbox(tmp.name, create=False)
        try:
            for number, key in enumerate(box.iterkeys(), start=1):
                _store(box.get_bytes(key), f"{name} #{number}", result)
        finally:
            box.close()
    return result
