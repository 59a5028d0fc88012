"""Threads on the timeline: the newest entry of a thread (per customer) stands for it, with the thread's size.
Kept in the transaction that adds, moves or removes an entry."""


from .models import Interaction


def sync_thread(thread_id: int | None, customer_id: int) -> None:
    if thread_id is None:
        return
    entries = Interaction.objects.filter(thread_id=thread_id, customer_id=customer_id)
    head = entries.order_by("-occurred_at", "-id").values_list("pk", flat=True).first()
    if head is None:
        return
    size = entries.count()
    entries.filter(is_thread_head=True).exclude(pk=head).update(is_thread_head=False)
    entries.filter(pk=head).exclude(is_thread_head=True, thread_size=size).update(is_thread_head=True,
                                                                                 thread_size=size)


def sync_threads_of(interactions) -> None:
    """After entries were moved between customers or deleted in bulk: each (thread, customer) they touched."""
    for thread_id, customer_id in {(i.thread_id, i.customer_id) for i in interactions if i.thread_id}:
        sync_thread(thread_id, customer_id)


def thread_entries(thread_id: int, customer_id: int):
    return Interaction.objects.filter(thread_id=thread_id, customer_id=customer_id).order_by("-occurred_at", "-id")
