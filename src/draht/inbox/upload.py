"""Upload of saved e-mails: one `.eml` message or a `.mbox` file of many, stored by the worker one message at a
time (each its own transaction), with progress on the upload's row."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, DataError, transaction
from django.db.models import F
from django.utils import timezone

from . import mbox
from .models import MailUpload, UploadStatus
from .services import MessageRefused, store_email

PROGRESS_EVERY = 20


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
    except DataError as exc:  # a value the database refuses: the message's fault
        result.refused.append(f"{label}: {type(exc).__name__}")
    except DatabaseError:
        raise
    except MessageRefused as exc:
        result.refused.append(f"{label}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one unreadable message must not stop the rest
        result.refused.append(f"{label}: {type(exc).__name__}")


def store_file(path: str, name: str, progress: Callable[[int, int, UploadResult], None] | None = None
               ) -> UploadResult:
    """Store the messages of a saved file (.eml, or .mbox however written, see mbox.py); `progress(done, total,
    result)` is called every few messages."""
    result = UploadResult()
    with open(path, "rb") as handle:
        data = handle.read()
    if not mbox.looks_like_mbox(data[:4096]):
        _store(data.lstrip(b"\r\n"), name, result)
        if progress:
            progress(1, 1, result)
        return result
    messages = mbox.split(data)
    del data
    for number, raw in enumerate(messages, start=1):
        _store(raw, f"{name} #{number}", result)
        if progress and (number % PROGRESS_EVERY == 0 or number == len(messages)):
            progress(number, len(messages), result)
    return result


def create_upload(uploaded_file, *, user) -> MailUpload:
    with transaction.atomic():
        upload = MailUpload.objects.create(file=uploaded_file, name=uploaded_file.name[:255], created_by=user)
        from .tasks import import_mail_upload

        transaction.on_commit(lambda: import_mail_upload.enqueue(upload.pk))
    return upload


def run_upload(upload_id: int) -> str:
    """Claim and store one upload. Stored messages are skipped when it runs again, so a crash is resumed by
    queueing it once more."""
    claimed = MailUpload.objects.filter(pk=upload_id, status=UploadStatus.QUEUED).update(status=UploadStatus.RUNNING)
    upload = MailUpload.objects.get(pk=upload_id)
    if not claimed:
        return upload.status

    def progress(done, total, result):
        MailUpload.objects.filter(pk=upload_id).update(processed=done, total=total, stored=result.stored,
                                                       known=result.known, refused=result.refused[:100])

    try:
        result = store_file(upload.file.path, upload.name, progress)
    except Exception as exc:  # noqa: BLE001 - shown on the page; stored messages stay stored
        MailUpload.objects.filter(pk=upload_id).update(status=UploadStatus.FAILED, error=str(exc)[:500],
                                                       finished_at=timezone.now())
        return UploadStatus.FAILED
    upload.file.delete(save=False)
    MailUpload.objects.filter(pk=upload_id).update(
        status=UploadStatus.DONE, stored=result.stored, known=result.known, refused=result.refused[:100],
        processed=F("total"), file="", finished_at=timezone.now())
    return UploadStatus.DONE
