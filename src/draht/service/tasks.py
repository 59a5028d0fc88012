from django_tasks import task

from . import services


@task()
def warn_ticket_breaches() -> int:
    """Every 15 minutes (core/scheduler.py)."""
    return services.warn_breaches()
