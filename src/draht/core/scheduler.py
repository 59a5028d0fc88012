"""Periodic jobs: which task runs when. `draht scheduler` (started by `draht serve`) queues each job once per
slot for the worker; a slot is claimed by inserting its PeriodicRun row, so several schedulers are safe.
"""

import datetime
import importlib
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PeriodicRun


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    at: datetime.time | None = None  # local time of day (TIME_ZONE) for a daily job
    every: datetime.timedelta | None = None  # or the interval of a frequent job

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest scheduled time at or before now."""
        if self.every:
            step = self.every.total_seconds()
            return datetime.datetime.fromtimestamp(now.timestamp() // step * step, tz=datetime.UTC)
        local = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        today = datetime.datetime.combine(local.date(), self.at, tzinfo=local.tzinfo)
        return today if today <= local else today - datetime.timedelta(days=1)


JOBS = [
    Job("coverage_snapshot", "draht.cadence.tasks.record_coverage_snapshot", at=datetime.time(1, 30)),
    Job("retention", "draht.privacy.tasks.list_prospects_for_erasure", at=datetime.time(3, 0)),
    Job("mail_poll", "draht.inbox.tasks.poll_mailboxes",
        every=datetime.timedelta(minutes=settings.DRAHT_MAIL_POLL_MINUTES)),
    Job("outbox_sweep", "draht.outbox.tasks.sweep_outbox", every=datetime.timedelta(minutes=1)),
    Job("promise_reminders", "draht.promises.tasks.send_promise_reminders", every=datetime.timedelta(hours=1)),
    Job("external_calendars", "draht.meetings.tasks.refresh_external_calendars",
        every=datetime.timedelta(minutes=15)),
    Job("ticket_breaches", "draht.service.tasks.warn_ticket_breaches", every=datetime.timedelta(minutes=15)),
    Job("task_recovery", "draht.core.tasks.recover_tasks", every=datetime.timedelta(minutes=2)),
    Job("periodic_cleanup", "draht.core.tasks.forget_old_periodic_runs", at=datetime.time(3, 30)),
]


def describe(job: Job) -> str:
    if job.every:
        return f"{job.name} every {int(job.every.total_seconds() // 60)} min"
    return f"{job.name} daily at {job.at:%H:%M}"


def _task(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def queue_due_jobs(now: datetime.datetime | None = None, jobs=JOBS) -> list[str]:
    """Queue every job whose current slot has no run yet; returns the names queued. Idempotent."""
    now = now or timezone.now()
    queued = []
    for job in jobs:
        slot = job.slot(now)
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job.name, slot=slot)
                transaction.on_commit(_task(job.task).enqueue)
        except IntegrityError:
            continue  # this slot was claimed already (here or by another scheduler)
        queued.append(job.name)
    return queued
