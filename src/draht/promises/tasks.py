from django_tasks import task

from . import services


@task()
def send_promise_reminders() -> int:
    """Hourly (core/scheduler.py) and right after a close promise is made for a colleague."""
    return services.send_reminders()
