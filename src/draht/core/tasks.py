import datetime

from django.utils import timezone
from django_tasks import task

from .models import PeriodicRun


@task()
def forget_old_periodic_runs(days: int = 14) -> int:
    """The scheduler's claims are only needed for the current slots; frequent jobs would pile them up."""
    deleted, _ = PeriodicRun.objects.filter(slot__lt=timezone.now() - datetime.timedelta(days=days)).delete()
    return deleted
