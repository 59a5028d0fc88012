import datetime

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from .models import PeriodicRun


@task()
def forget_old_periodic_runs(days: int = 14) -> int:
    """The scheduler's claims are only needed for the current slots, and finished task results only for a
    while; frequent jobs (mail polling, outbox) would pile both up. RQ expires its results by itself."""
    deleted, _ = PeriodicRun.objects.filter(slot__lt=timezone.now() - datetime.timedelta(days=days)).delete()
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        call_command("prune_db_task_results", min_age_days=days, queue_name="*", verbosity=0)
    return deleted


@task()
def recover_tasks() -> list[str]:
    """Tasks left running by a worker that died are failed (and resumable work queued again)."""
    from .recovery import recover_orphaned_tasks

    return recover_orphaned_tasks()
