"""Attachment content stored once by its SHA-256 under MEDIA_ROOT/blobs."""

import hashlib
import os
import tempfile

from .models import Blob


def store_blob(data: bytes) -> Blob:
    """The Blob for this content, writing the file only if it is new. Call inside the transaction that
    references it; the file is written first (atomically), so a row never points at a missing file."""
    digest = hashlib.sha256(data).hexdigest()
    blob = Blob(sha256=digest, size=len(data))
    path = blob.path
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    blob, _ = Blob.objects.get_or_create(sha256=digest, defaults={"size": len(data)})
    return blob


def delete_unused_blobs(blob_ids) -> int:
    """Remove blobs no attachment refers to any more (after an erasure), file and row."""
    removed = 0
    for blob in Blob.objects.filter(pk__in=list(blob_ids), attachments__isnull=True,
                                    outgoing_attachments__isnull=True, raw_messages__isnull=True):
        blob.path.unlink(missing_ok=True)
        blob.delete()
        removed += 1
    return removed
