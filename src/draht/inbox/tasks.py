from django_tasks import task

from .imap import poll_mailbox
from .models import Mailbox


@task()
def poll_mailboxes() -> int:
    """Queue a poll of every active mailbox (the scheduler runs this every DRAHT_MAIL_POLL_MINUTES)."""
    ids = list(Mailbox.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        poll_one_mailbox.enqueue(pk)
    return len(ids)


@task()
def poll_one_mailbox(mailbox_id: int) -> dict | None:
    result = poll_mailbox(mailbox_id)
    return None if result is None else result.__dict__


@task()
def import_mail_upload(upload_id: int) -> str:
    from .upload import run_upload

    return run_upload(upload_id)
