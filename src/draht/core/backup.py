"""Backup and restore: a consistent snapshot of the database plus uploaded files, in one .tar.gz.

SQLite is copied with its online backup API (consistent while the app writes); PostgreSQL with pg_dump
(one snapshot transaction). A manifest records the engine and the row count of every table.
"""

import datetime
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction


class BackupError(RuntimeError):
    pass


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed})


def _count(cursor, tables, quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts() -> dict[str, int]:
    """Rows per table of the configured database, now."""
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        return _count(cursor, [t for t in _tables() if t in present], connection.ops.quote_name)


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    return args, env


def _pg_dump(path: Path) -> dict[str, int]:
    """pg_dump of one exported snapshot, and the row counts of that same snapshot."""
    args, env = _pg_env()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        present = set(connection.introspection.table_names(cursor))
        counts = _count(cursor, [t for t in _tables() if t in present], connection.ops.quote_name)
        done = subprocess.run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(path), *args,
                               settings.DATABASES["default"]["NAME"]], env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return counts


def key_fingerprint() -> str:
    """Names the key the stored mailbox passwords are encrypted with, without revealing it."""
    from draht.inbox.crypto import key_material

    return hashlib.sha256(b"draht-fingerprint:" + key_material()).hexdigest()[:16]


def key_source() -> str:
    return "DRAHT_ENCRYPTION_KEY" if settings.DRAHT_ENCRYPTION_KEY else "SECRET_KEY"


README = """draht backup
============
database.* and media/ hold everything draht stored. The passwords of the IMAP mailboxes are encrypted with the
key named in manifest.json ("secrets"): keep that setting ({source}, e.g. var/secret_key) safe apart from this
file. A restore on another machine needs the same key; without it, enter the mailbox passwords again.
"""


def backup(target_dir: Path) -> Path:
    """Write draht-backup-<time>.tar.gz into target_dir and return its path. A full disk is a BackupError naming
    it, and no partial file is left."""
    try:
        return _backup(target_dir)
    except (OSError, sqlite3.OperationalError, BackupError) as exc:
        full = (getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
                or "disk is full" in str(exc) or "No space left" in str(exc))
        if not full:
            raise
        usage = shutil.disk_usage(target_dir) if target_dir.exists() else None
        free = f" ({usage.free // (1024 * 1024)} MB free)" if usage else ""
        raise BackupError(f"the disk holding {target_dir} is full{free}: no backup was written. Free some space "
                          f"there or name another directory: draht backup DIR") from None


def _backup(target_dir: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    target_dir.mkdir(parents=True, exist_ok=True)
    archive = target_dir / f"draht-backup-{stamp}.tar.gz"
    try:
        return _write(target_dir, archive, stamp)
    except BaseException:
        archive.unlink(missing_ok=True)
        raise


def _write(target_dir: Path, archive: Path, stamp: str) -> Path:
    from draht.inbox.models import Mailbox

    with tempfile.TemporaryDirectory(dir=target_dir) as work:
        work = Path(work)
        manifest = {"format": 1, "engine": connection.vendor, "created": stamp,
                    "secrets": {"key": key_source(), "key_fingerprint": key_fingerprint(),
                                "mailbox_passwords": Mailbox.objects.exclude(password_encrypted="").count()}}
        if connection.vendor == "sqlite":
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            copy = sqlite3.connect(work / "database.sqlite3")
            with copy:
                source.backup(copy)  # the online backup API: a consistent copy while others write
            source.close()
            present = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            manifest["counts"] = _count(copy.cursor(), [t for t in _tables() if t in present],
                                        lambda t: '"' + t + '"')
            copy.close()
        else:
            manifest["counts"] = _pg_dump(work / "database.pgdump")
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        (work / "README.txt").write_text(README.format(source=key_source()))
        with tarfile.open(archive, "w:gz") as tar:
            for item in sorted(work.iterdir()):
                tar.add(item, arcname=item.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
    return archive


def restore(archive: Path, *, forget_mailbox_passwords: bool = False) -> dict:
    """Replace the database and uploaded files with the backup's; returns its manifest. Stop the app first. A
    backup whose mailbox passwords need another key than this installation's is refused with a plain message
    (unless the passwords may be forgotten: then they are cleared and entered again)."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"this backup is of {manifest['engine']}, the configured database is {connection.vendor}")
        secrets = manifest.get("secrets") or {}
        other_key = secrets.get("mailbox_passwords") and secrets.get("key_fingerprint") != key_fingerprint()
        if other_key and not forget_mailbox_passwords:
            raise BackupError(
                f"the mailbox passwords in this backup were encrypted with another key (from {secrets['key']}, "
                f"fingerprint {secrets['key_fingerprint']}; this installation's is {key_fingerprint()}). Set "
                f"{secrets['key']} as on the machine that made the backup (SECRET_KEY: var/secret_key there) and "
                f"restore again, or add --forget-mailbox-passwords to restore and enter those passwords anew.")
        connection.close()
        if connection.vendor == "sqlite":
            source = sqlite3.connect(work / "database.sqlite3")
            target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            with target:
                source.backup(target)
            target.close()
            source.close()
        else:
            args, env = _pg_env()
            done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                   *args, "-d", settings.DATABASES["default"]["NAME"], str(work / "database.pgdump")],
                                  env=env, capture_output=True, text=True)
            if done.returncode:
                raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
        media = Path(settings.MEDIA_ROOT)
        if (work / "media").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(work / "media", media)
    if other_key:
        from draht.inbox.models import Mailbox

        Mailbox.objects.update(password_encrypted="", is_active=False,
                               last_error="restored from a backup made with another key: enter the password again")
    return manifest
