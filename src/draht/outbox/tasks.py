from django_tasks import task

from . import services


@task()
def send_outgoing_email(email_id: int) -> str:
    """Send one e-mail of the outbox; on a temporary failure it queues itself again with backoff."""
    return services.send(email_id)


@task()
def sweep_outbox() -> dict:
    return services.sweep()
