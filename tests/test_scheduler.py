"""Periodic jobs: queued once per slot, however often and from however many schedulers the check runs."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from draht.core.models import PeriodicRun
from draht.core.scheduler import JOBS, Job, queue_due_jobs

VIENNA = zoneinfo.ZoneInfo("Europe/Vienna")


def test_the_slot_is_the_latest_scheduled_time_at_or_before_now():
    job = Job("x", "draht.cadence.tasks.record_coverage_snapshot", datetime.time(3, 0))
    assert job.slot(datetime.datetime(2026, 11, 22, 3, 0, tzinfo=VIENNA)) == datetime.datetime(
        2026, 11, 22, 3, 0, tzinfo=VIENNA)
    assert job.slot(datetime.datetime(2026, 11, 22, 2, 59, tzinfo=VIENNA)) == datetime.datetime(
        2026, 11, 21, 3, 0, tzinfo=VIENNA)


@pytest.mark.django_db(transaction=True)
def test_each_job_is_queued_once_per_slot_and_the_worker_runs_it():
    daily = sorted(j.name for j in JOBS if j.at)
    frequent = sorted(j.name for j in JOBS if j.every)
    assert daily and frequent
    now = datetime.datetime(2026, 11, 22, 12, 0, 30, tzinfo=VIENNA)
    assert sorted(queue_due_jobs(now)) == sorted(j.name for j in JOBS)
    assert queue_due_jobs(now) == [] and queue_due_jobs(now + datetime.timedelta(seconds=20)) == []
    assert sorted(queue_due_jobs(now + datetime.timedelta(hours=5))) == frequent  # daily jobs wait for tomorrow
    assert DBTaskResult.objects.count() == len(JOBS) + len(frequent)
    assert sorted(queue_due_jobs(now + datetime.timedelta(days=1))) == sorted(j.name for j in JOBS)
    assert PeriodicRun.objects.count() == 2 * len(JOBS) + len(frequent)
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_command_checks_once_for_cron():
    call_command("scheduler", once=True, verbosity=0)
    call_command("scheduler", once=True, verbosity=0)
    assert PeriodicRun.objects.count() == len(JOBS)


def test_a_frequent_job_has_a_slot_every_interval():
    job = Job("poll", "draht.inbox.tasks.poll_mailboxes", every=datetime.timedelta(minutes=2))
    at = datetime.datetime(2026, 11, 22, 12, 3, 59, tzinfo=datetime.UTC)
    assert job.slot(at) == datetime.datetime(2026, 11, 22, 12, 2, tzinfo=datetime.UTC)
    assert job.slot(at + datetime.timedelta(seconds=1)) == datetime.datetime(2026, 11, 22, 12, 4, tzinfo=datetime.UTC)


def test_old_claims_and_finished_task_results_are_forgotten(db):
    from django.utils import timezone

    from draht.core.tasks import forget_old_periodic_runs

    old = timezone.now() - datetime.timedelta(days=30)
    PeriodicRun.objects.create(job="mail_poll", slot=old)
    PeriodicRun.objects.create(job="mail_poll", slot=timezone.now())
    result = forget_old_periodic_runs.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="SUCCESSFUL", finished_at=old)
    assert forget_old_periodic_runs.call() == 1
    assert PeriodicRun.objects.count() == 1 and not DBTaskResult.objects.filter(pk=result.id).exists()
