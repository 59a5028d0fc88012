"""A call's events (ringing, answered, ended) become one phone interaction on the customer's timeline."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from draht.customers.models import ContactPerson, Customer
from draht.customers.rules import normalise_phone
from draht.timeline.choices import Channel, Direction, Outcome, Source
from draht.timeline.models import Interaction
from draht.timeline.services import log_interaction, update_interaction

from .choices import STATE_ORDER, CallState
from .models import Call


def read_number(raw: str) -> str:
    """E.164 if the number can be read (national numbers in DRAHT_PHONE_REGION), else as sent."""
    try:
        return normalise_phone(raw, settings.DRAHT_PHONE_REGION)
    except ValidationError:
        return raw.strip()[:40]


def match_number(e164: str):
    """(customer, contact person) whose number this is: a contact person's phone or mobile first, then the
    customer's own number; archived customers last."""
    if not e164.startswith("+"):
        return None, None
    person = (ContactPerson.objects.filter(Q(phone=e164) | Q(mobile=e164)).select_related("customer")
              .order_by("customer__is_archived", "-is_active", "id").first())
    if person:
        return person.customer, person
    customer = Customer.objects.filter(phone=e164).order_by("is_archived", "id").first()
    return customer, None


def find_agent(agent: str):
    if not agent:
        return None
    users = get_user_model().objects.filter(is_active=True)
    return (users.filter(phone_extension=agent).first() or users.filter(username=agent).first()
            or users.filter(email__iexact=agent).first())


def handle_event(event: dict) -> Call:
    """Apply one event; replays and events that arrive after a later one change nothing."""
    for _attempt in range(2):
        try:
            return _handle(event)
        except IntegrityError:  # two first events of one call at once: the other created it, apply to that
            continue
    raise RuntimeError("call event could not be applied")


@transaction.atomic
def _handle(event: dict) -> Call:
    at = event.get("at") or timezone.now()
    call = Call.objects.select_for_update().filter(call_id=event["call_id"]).first()
    if call is None:
        direction = Direction.OUTBOUND if event["direction"] == "out" else Direction.INBOUND
        number = read_number(event["to"] if direction == Direction.OUTBOUND else event["from"])
        customer, person = match_number(number)
        call = Call.objects.create(call_id=event["call_id"], direction=direction, remote_number=number,
                                   customer=customer, contact_person=person, user=find_agent(event.get("agent", "")),
                                   ringing_at=at)
        if customer is not None:
            call.interaction = log_interaction(
                customer, user=None, channel=Channel.PHONE, direction=direction, occurred_at=call.ringing_at,
                source=Source.CALL, source_ref=call.call_id[:300], contact_persons=[person] if person else (),
                users=[call.user] if call.user else (), subject="")
            call.save(update_fields=["interaction"])
    state = event["event"]
    if STATE_ORDER[state] <= STATE_ORDER[call.state]:
        return call  # a replay, or late: the call is further along already
    if state == CallState.ANSWERED:
        call.state, call.answered_at = CallState.ANSWERED, at
        call.save(update_fields=["state", "answered_at"])
    elif state == CallState.ENDED:
        call.state, call.ended_at = CallState.ENDED, at
        call.save(update_fields=["state", "ended_at"])
        if call.interaction_id:
            answered = call.answered_at is not None
            duration = int((at - call.answered_at).total_seconds()) if answered else None
            interaction = Interaction.objects.get(pk=call.interaction_id)
            update_interaction(interaction, user=None, version=interaction.version,
                               outcome=Outcome.REACHED if answered else Outcome.NOT_REACHED,
                               is_personal=answered, duration_seconds=max(duration, 0) if answered else None)
    return call


def ringing_for(user, seconds: int = 120):
    """Calls ringing for this user right now (the pop-up)."""
    since = timezone.now() - datetime.timedelta(seconds=seconds)
    return (Call.objects.filter(user=user, state=CallState.RINGING, ringing_at__gte=since)
            .select_related("customer", "contact_person").order_by("-ringing_at")[:3])
