import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema, Status
from pydantic import Field

from draht.accounts.models import User
from draht.api.core import ERRORS, Id, Input, IsoDate
from draht.core.pagination import keyset_page
from draht.customers.access import get_customer_for
from draht.customers.models import ContactPerson

from .choices import MeetingKind
from .rules import local_datetime
from .services import (
    Attendees,
    cancel_meeting,
    get_meeting_for,
    hold_meeting,
    meeting_warnings,
    plan_meeting,
    recap_of,
)

router = Router(tags=["meetings"])


class ParticipantOut(Schema):
    user_id: int | None
    contact_person_id: int | None
    email: str
    name: str
    attendance: str


class ActionItemOut(Schema):
    id: int
    meeting_id: int
    text: str
    owner_id: int
    due_on: datetime.date
    done_at: datetime.datetime | None


class MeetingOut(Schema):
    id: int
    customer_id: int
    title: str
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    location: str
    video_url: str
    presentation_url: str
    organizer_id: int
    status: str
    rrule: str
    uid: str
    sequence: int
    summary: str
    decisions: str
    interaction_id: int | None
    participants: list[ParticipantOut]
    warnings: list[str]

    @staticmethod
    def resolve_participants(obj):
        return list(obj.participants.all())

    @staticmethod
    def resolve_warnings(obj):
        return meeting_warnings(obj.minutes, obj.participants.count())


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_cursor: str | None


class MeetingQuery(Schema):
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class OtherParticipantIn(Input):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    name: Annotated[str, Field(max_length=200)] = ""


class MeetingIn(Input):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Literal["virtual", "onsite"] = MeetingKind.VIRTUAL
    start: Annotated[str, Field(min_length=16, max_length=19, description="wall-clock time in time_zone, "
                                "YYYY-MM-DDTHH:MM; a time in a DST gap or overlap is refused")]
    minutes: Annotated[int, Field(ge=5, le=480)] = 30
    time_zone: Annotated[str, Field(min_length=3, max_length=64)] = "Europe/Vienna"
    location: Annotated[str, Field(max_length=300)] = ""
    video_url: Annotated[str, Field(max_length=500)] = ""
    presentation_url: Annotated[str, Field(max_length=500)] = ""
    user_ids: list[Id] = Field(default=[], max_length=50)
    contact_person_ids: list[Id] = Field(default=[], max_length=50)
    others: list[OtherParticipantIn] = Field(default=[], max_length=50)
    topics: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(default=[], max_length=50)
    next_topics: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(default=[], max_length=50)
    rrule: Annotated[str, Field(max_length=200)] = ""
    invite: bool = True


class ActionItemIn(Input):
    text: Annotated[str, Field(min_length=1, max_length=300)]
    owner_id: Id
    due_on: IsoDate


class HoldIn(Input):
    summary: Annotated[str, Field(min_length=1, max_length=20_000)]
    decisions: Annotated[str, Field(max_length=20_000)] = ""
    action_items: list[ActionItemIn] = Field(default=[], max_length=50)
    done_action_item_ids: list[Id] = Field(default=[], max_length=200)


class RecapOut(Schema):
    previous_meeting_id: int | None
    summary: str
    decisions: str
    open_action_items: list[ActionItemOut]


def _wall(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise ValidationError({"start": ["Give the start as YYYY-MM-DDTHH:MM."]}) from None


def _url(value: str, field: str) -> str:
    from django.core.validators import URLValidator

    if value:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except ValidationError:
            raise ValidationError({field: ["Not a web address."]}) from None
    return value


@router.get("/customers/{customer_id}/meetings", response={200: MeetingPage, **ERRORS})
def list_meetings(request, customer_id: int, query: Query[MeetingQuery]):
    """The customer's meetings, newest first."""
    customer = get_customer_for(request.user, customer_id)
    meetings = customer.meetings.prefetch_related("participants").all()
    page = keyset_page(meetings, ["-starts_at", "-id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/customers/{customer_id}/meetings", response={201: MeetingOut, **ERRORS})
def create(request, customer_id: int, payload: MeetingIn):
    """Plan a meeting; with `invite`, the iCalendar invitation goes to every participant with an address through
    the outbox. `warnings` says when it is longer or larger than the guidance (never refused for that)."""
    customer = get_customer_for(request.user, customer_id, log=True)
    starts_at = local_datetime(_wall(payload.start), payload.time_zone)
    users = list(User.objects.filter(pk__in=payload.user_ids, is_active=True))
    contacts = list(ContactPerson.objects.filter(pk__in=payload.contact_person_ids, customer=customer))
    if len(users) != len(set(payload.user_ids)):
        raise ValidationError({"user_ids": ["No such user."]})
    if len(contacts) != len(set(payload.contact_person_ids)):
        raise ValidationError({"contact_person_ids": ["No such contact person at this customer."]})
    from draht.customers.rules import normalise_email

    others = [(normalise_email(o.email), o.name) for o in payload.others]
    meeting = plan_meeting(
        customer, user=request.user, attendees=Attendees(users=users, contacts=contacts, emails=others),
        topics=payload.topics, next_topics=payload.next_topics, invite=payload.invite, title=payload.title,
        kind=payload.kind, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=payload.minutes),
        time_zone=payload.time_zone, location=payload.location, video_url=_url(payload.video_url, "video_url"),
        presentation_url=_url(payload.presentation_url, "presentation_url"), rrule=payload.rrule)
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def get_meeting(request, meeting_id: int):
    return get_meeting_for(request.user, meeting_id)


@router.get("/meetings/{meeting_id}/recap", response={200: RecapOut, **ERRORS})
def recap(request, meeting_id: int):
    """Part one of the agenda: the last held meeting and every action item still open (they carry forward)."""
    meeting = get_meeting_for(request.user, meeting_id)
    found = recap_of(meeting)
    return {"previous_meeting_id": found.previous.pk if found.previous else None,
            "summary": found.previous.summary if found.previous else "",
            "decisions": found.previous.decisions if found.previous else "", "open_action_items": found.open_items}


@router.post("/meetings/{meeting_id}/held", response={200: MeetingOut, **ERRORS})
def held(request, meeting_id: int, payload: HoldIn):
    """Record the meeting as held (personal contact) with minutes and action items."""
    meeting = get_meeting_for(request.user, meeting_id, change=True)
    owners = User.objects.in_bulk({item.owner_id for item in payload.action_items})
    if any(item.owner_id not in owners for item in payload.action_items):
        raise ValidationError({"action_items": ["No such user as owner."]})
    return hold_meeting(meeting, user=request.user, summary=payload.summary, decisions=payload.decisions,
                        action_items=[(i.text, owners[i.owner_id], i.due_on) for i in payload.action_items],
                        done_item_ids=payload.done_action_item_ids)


class CancelIn(Input):
    reason: Annotated[str, Field(max_length=300)] = ""


@router.post("/meetings/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS})
def cancel(request, meeting_id: int, payload: CancelIn):
    """Cancel a planned meeting: the participants get an iTIP CANCEL with a raised SEQUENCE."""
    meeting = get_meeting_for(request.user, meeting_id, change=True)
    return cancel_meeting(meeting, user=request.user, reason=payload.reason)

