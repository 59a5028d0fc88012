import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, StrictBool

from draht.accounts import permissions
from draht.api.core import ERRORS, Id, Input, IsoDateTime, Version, bounded_int
from draht.core.db import json_list
from draht.core.pagination import keyset_page
from draht.customers.access import PERMISSION_COLUMNS, get_customer_for
from draht.customers.models import Customer
from draht.customers.services import EditConflict
from draht.timeline.views import with_participants

from .choices import Channel, Direction, Outcome
from .models import Interaction
from .rules import default_personal
from .services import delete_interaction, log_interaction, update_interaction

router = Router(tags=["timeline"])


class InteractionOut(Schema):
    id: int
    customer_id: int
    channel: str
    direction: str
    is_personal: bool
    is_automated: bool
    occurred_at: datetime.datetime
    duration_seconds: int | None
    subject: str
    body: str
    outcome: str
    source: str
    source_ref: str
    contact_person_ids: list[int]
    created_by_id: int | None
    thread_id: int | None
    is_thread_head: bool
    thread_size: int
    version: int

    @staticmethod
    def resolve_contact_person_ids(obj):
        if hasattr(obj, "participants"):  # loaded with the list (views.with_participants)
            return [person[0] for person in json_list(obj.participants)]
        return [p.pk for p in obj.contact_persons.all()]


class InteractionIn(Input):
    channel: Channel
    direction: Direction = Direction.OUTBOUND
    is_personal: StrictBool | None = Field(None, description="Empty: decided by the channel and outcome.")
    is_automated: StrictBool = False
    occurred_at: IsoDateTime | None = None
    duration_seconds: bounded_int(0, 86400 * 7) | None = None
    subject: Annotated[str, Field(max_length=300)] = ""
    body: Annotated[str, Field(max_length=100_000)] = ""
    outcome: Outcome = Outcome.NONE
    source_ref: Annotated[str, Field(max_length=300)] = ""
    contact_person_ids: list[Id] = Field(default=[], max_length=50)


class InteractionPatch(Input):
    version: Version
    channel: Channel | None = None
    direction: Direction | None = None
    is_personal: StrictBool | None = None
    occurred_at: IsoDateTime | None = None
    duration_seconds: bounded_int(0, 86400 * 7) | None = None
    subject: Annotated[str, Field(max_length=300)] | None = None
    body: Annotated[str, Field(max_length=100_000)] | None = None
    outcome: Outcome | None = None


class InteractionPage(Schema):
    items: list[InteractionOut]
    next_cursor: str | None


class TimelineQuery(Schema):
    channel: Channel | None = None
    collapse_threads: bool = Field(False, description="Only the newest entry of each thread, as on the page.")
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


def _aware(value: datetime.datetime | None) -> datetime.datetime:
    if value is None:
        return datetime.datetime.now(datetime.UTC)
    if value.tzinfo is None:
        raise HttpError(422, "occurred_at needs a time zone offset, e.g. 2026-11-22T10:00:00+01:00.")
    if not (datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC) <= value
            <= datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)):
        raise HttpError(422, "occurred_at is out of range.")
    return value


def _contacts(customer, ids):
    people = list(customer.contact_persons.filter(pk__in=ids))
    if len(people) != len(set(ids)):
        from django.core.exceptions import ValidationError

        raise ValidationError({"contact_person_ids": ["Every contact person must belong to this customer."]})
    return people


@router.get("/customers/{customer_id}/interactions", response={200: InteractionPage, **ERRORS})
def list_interactions(request, customer_id: int, query: Query[TimelineQuery]):
    customer = get_customer_for(request.user, customer_id, queryset=Customer.objects.only(*PERMISSION_COLUMNS))
    qs = with_participants(Interaction.objects.filter(customer=customer))
    if query.channel:
        qs = qs.filter(channel=query.channel)
    if query.collapse_threads:
        qs = qs.filter(is_thread_head=True)
    page = keyset_page(qs, ["-occurred_at", "-id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/customers/{customer_id}/interactions", response={201: InteractionOut, **ERRORS})
def create(request, customer_id: int, payload: InteractionIn):
    customer = get_customer_for(request.user, customer_id, log=True)
    values = payload.dict(exclude={"contact_person_ids"})
    values["occurred_at"] = _aware(payload.occurred_at)
    if values["is_personal"] is None:
        values["is_personal"] = default_personal(payload.channel, payload.outcome, payload.is_automated)
    people = _contacts(customer, payload.contact_person_ids)
    interaction = log_interaction(customer, user=request.user, contact_persons=people, source="api", **values)
    return Status(201, interaction)


def _interaction_for(user, interaction_id, *, edit: bool = False):
    interaction = Interaction.objects.filter(pk=interaction_id).first()
    if interaction is None:
        raise HttpError(404, "Not found.")
    customer = get_customer_for(user, interaction.customer_id, log=True,
                                queryset=Customer.objects.only(*PERMISSION_COLUMNS))
    if edit and not permissions.can_edit_entry(user, interaction, customer):
        raise PermissionDenied
    return interaction


@router.patch("/interactions/{interaction_id}", response={200: InteractionOut, **ERRORS})
def patch(request, interaction_id: int, payload: InteractionPatch):
    interaction = _interaction_for(request.user, interaction_id, edit=True)
    values = {k: v for k, v in payload.dict(exclude_unset=True, exclude={"version"}).items()}
    if any(v is None for k, v in values.items() if k != "duration_seconds"):
        raise HttpError(422, "Only duration_seconds may be null.")
    if "occurred_at" in values:
        values["occurred_at"] = _aware(values["occurred_at"])
    try:
        return update_interaction(interaction, user=request.user, version=payload.version, **values)
    except EditConflict as conflict:
        raise HttpError(409, str(conflict)) from None


@router.delete("/interactions/{interaction_id}", response={204: None, **ERRORS})
def delete(request, interaction_id: int):
    interaction = _interaction_for(request.user, interaction_id, edit=True)
    delete_interaction(interaction, user=request.user)
    return Status(204, None)
