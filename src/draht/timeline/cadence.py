"""Contact cadence: when is a customer due for personal contact? Kept exact in the same transaction."""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Max

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def default_cadence_days(tier: str | None) -> int:
    return settings.DRAHT_CADENCE_BY_TIER.get(tier or "", settings.DRAHT_CADENCE_DEFAULT_DAYS)


def compute_due(last_contact, cadence_days: int, created_at, snoozed_until):
    """(contact_due_at, due_at) for a customer.

    contact_due_at: when the cadence runs out (None if never contacted) — the basis of coverage.
    due_at: when the customer appears on the due list: the cadence end, or the creation time for a customer
    never contacted, but not before the start of the snooze date.
    """
    contact_due_at = last_contact + datetime.timedelta(days=cadence_days) if last_contact else None
    due_at = contact_due_at or created_at
    if snoozed_until:
        snooze_start = datetime.datetime.combine(snoozed_until, datetime.time.min, tzinfo=TZ)
        due_at = max(due_at, snooze_start)
    return contact_due_at, due_at


def sync_contact_state(customer_id: int) -> None:
    """Recompute last personal contact and due times from the interactions. Must run inside the transaction
    that changed them; locks the customer row so concurrent writers serialise."""
    from draht.customers.models import Customer
    from draht.timeline.models import Interaction

    customer = (
        Customer.objects.select_for_update()
        .only("pk", "cadence_days", "created_at", "snoozed_until", "last_personal_contact_at", "due_at")
        .get(pk=customer_id)
    )
    last = Interaction.objects.filter(customer_id=customer_id, is_personal=True).aggregate(m=Max("occurred_at"))["m"]
    contact_due_at, due_at = compute_due(last, customer.cadence_days, customer.created_at, customer.snoozed_until)
    Customer.objects.filter(pk=customer_id).update(
        last_personal_contact_at=last, contact_due_at=contact_due_at, due_at=due_at
    )
