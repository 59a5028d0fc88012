"""Tasks left "running" by a worker that died (killed, crashed, its machine gone) are marked failed, so pages stop
showing them as running; work that can continue is queued again (a mail upload skips what it stored)."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from .processes import is_gone

log = logging.getLogger("draht.worker")
SILENT_AFTER = datetime.timedelta(seconds=180)  # six missed heartbeats


def worker_is_dead(worker_id: str, beats: dict, started_at, now) -> bool:
    """Its process ended on this machine; or, wherever it ran, it has been silent for SILENT_AFTER."""
    if worker_id.startswith("w:") and is_gone(worker_id[2:]):
        return True
    seen = beats.get(worker_id) or started_at
    return now - seen > SILENT_AFTER


def recover_orphaned_tasks(now: datetime.datetime | None = None, *, idle_worker: str = "") -> list[str]:
    """Fail the running tasks whose worker is gone; returns their ids. `idle_worker` is a worker that runs nothing
    now (it lost its database in the middle of a task). Only for the database backend (RQ moves the jobs of a
    dead worker to its failed registry by itself)."""
    from django.conf import settings

    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return []
    from django_tasks_db.models import DBTaskResult

    from .models import WorkerHeartbeat

    now = now or timezone.now()
    running = list(DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - datetime.timedelta(seconds=5))
                   .only("id", "worker_ids", "task_path", "args_kwargs", "started_at"))
    if not running:
        return []
    beats = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    recovered = []
    for result in running:
        worker = (result.worker_ids or [""])[-1]
        if worker != idle_worker and not worker_is_dead(worker, beats, result.started_at, now):
            continue
        with transaction.atomic():
            changed = DBTaskResult.objects.filter(pk=result.pk, status="RUNNING").update(
                status="FAILED", finished_at=now, exception_class_path="draht.core.recovery.WorkerDied",
                traceback=f"The worker {worker} stopped while running this task.")
            if changed:
                _continue(result.task_path, result.args_kwargs)
        if changed:
            recovered.append(str(result.pk))
            log.warning("task %s (%s) failed: its worker %s stopped", result.pk, result.task_path, worker)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return recovered


class WorkerDied(Exception):
    pass


def _continue(task_path: str, args_kwargs: dict) -> None:
    """Work that resumes safely is queued again."""
    args = (args_kwargs or {}).get("args") or []
    if task_path == "draht.inbox.tasks.import_mail_upload" and args:
        from draht.inbox.models import MailUpload, UploadStatus
        from draht.inbox.tasks import import_mail_upload

        if MailUpload.objects.filter(pk=args[0], status=UploadStatus.RUNNING).update(status=UploadStatus.QUEUED):
            transaction.on_commit(lambda: import_mail_upload.enqueue(args[0]))
