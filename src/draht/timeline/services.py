"""Logging, editing and deleting interactions: one transaction each, cadence kept exact, audited."""

from django.db import transaction

from draht.audit.models import diff, log_action
from draht.customers.services import EditConflict
from draht.webhooks import services as webhooks

from .cadence import sync_contact_state
from .models import Interaction
from .rules import validate_personal
from .threads import sync_thread

AUDITED_FIELDS = ["customer_id", "channel", "direction", "is_personal", "is_automated", "occurred_at",
                  "duration_seconds", "subject", "body", "outcome"]


def _snapshot(interaction) -> dict:
    return {f: getattr(interaction, f) for f in AUDITED_FIELDS}


@transaction.atomic
def log_interaction(customer, *, user, contact_persons=(), users=(), **fields) -> Interaction:
    interaction = Interaction(customer=customer, created_by=user if user and user.is_authenticated else None,
                              **fields)
    validate_personal(interaction.channel, interaction.outcome, interaction.is_automated, interaction.is_personal)
    interaction.save()
    if contact_persons:
        interaction.contact_persons.set(contact_persons)
    if users:
        interaction.users.set(users)
    sync_contact_state(customer.pk)
    sync_thread(interaction.thread_id, customer.pk)
    customer.log_action("draht.interaction.created", user=user, obj=interaction,
                        data={"changes": diff({}, _snapshot(interaction))})
    webhooks.emit("interaction.created", {
        "id": interaction.pk, "customer_id": customer.pk, "channel": interaction.channel,
        "direction": interaction.direction, "occurred_at": interaction.occurred_at,
        "is_personal": interaction.is_personal, "outcome": interaction.outcome, "subject": interaction.subject})
    return interaction


@transaction.atomic
def update_interaction(interaction: Interaction, *, user, version: int, contact_persons=None, **fields):
    current = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if current.version != version:
        raise EditConflict(current)
    before = _snapshot(current) | {"contact_person_ids": sorted(current.contact_persons.values_list("pk", flat=True))}
    for key, value in fields.items():
        setattr(current, key, value)
    validate_personal(current.channel, current.outcome, current.is_automated, current.is_personal)
    current.version += 1
    current.save()
    if contact_persons is not None:
        current.contact_persons.set(contact_persons)
    for customer_id in {before["customer_id"], current.customer_id}:
        sync_contact_state(customer_id)
        sync_thread(current.thread_id, customer_id)
    after = _snapshot(current) | {"contact_person_ids": sorted(current.contact_persons.values_list("pk", flat=True))}
    changes = diff(before, after)
    if changes:
        current.customer.log_action("draht.interaction.changed", user=user, obj=current, data={"changes": changes})
    return current


@transaction.atomic
def delete_interaction(interaction: Interaction, *, user) -> None:
    customer = interaction.customer
    snapshot = _snapshot(interaction)
    pk = interaction.pk
    interaction.delete()
    sync_contact_state(customer.pk)
    sync_thread(interaction.thread_id, customer.pk)
    interaction.pk = pk
    log_action("draht.interaction.deleted", obj=interaction, user=user, customer=customer,
               data={"deleted": diff({}, snapshot)})
