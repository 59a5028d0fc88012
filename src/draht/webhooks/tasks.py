from django_tasks import task

from .services import deliver


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one webhook delivery (signed); on failure it queues itself again with backoff."""
    return deliver(delivery_id)
