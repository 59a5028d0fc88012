from django_tasks import task

from . import external


@task()
def refresh_external_calendars() -> int:
    """Every 15 minutes (core/scheduler.py): the busy times of the users' own calendars."""
    return external.refresh_all()


@task()
def refresh_external_calendar(calendar_id: int) -> None:
    """Right after a user entered or changed the address."""
    from .models import ExternalCalendar

    calendar = ExternalCalendar.objects.select_related("user").filter(pk=calendar_id).first()
    if calendar is not None:
        external.refresh(calendar)
