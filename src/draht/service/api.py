import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from draht.accounts.models import User
from draht.api.core import ERRORS, Id, Input, IsoDate
from draht.core.pagination import keyset_page
from draht.customers.access import get_customer_for

from .services import (
    TakenMeanwhile,
    can_handle_tickets,
    change_status,
    get_ticket_for,
    hand_over,
    open_only,
    open_ticket,
    visible_tickets,
)

router = Router(tags=["tickets"])
Kind = Literal["inquiry", "incident", "complaint", "request"]
PriorityName = Literal["low", "normal", "high", "urgent"]


class TicketOut(Schema):
    id: int
    customer_id: int
    contact_person_id: int | None
    kind: str
    channel: str
    priority: str
    subject: str
    description: str
    status: str
    owner_id: int
    created_at: datetime.datetime
    first_response_at: datetime.datetime | None
    solved_at: datetime.datetime | None
    first_response_due: datetime.datetime
    resolution_due: datetime.datetime
    version: int


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None


class TicketQuery(Schema):
    scope: Literal["mine", "all"] = "mine"
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class TicketIn(Input):
    subject: Annotated[str, Field(min_length=1, max_length=300)]
    kind: Kind = "inquiry"
    priority: PriorityName = "normal"
    channel: Literal["phone", "email", "letter", "chat", "social", "review", "webform", "ticket"] = "phone"
    description: Annotated[str, Field(max_length=20_000)] = ""
    contact_person_id: Id | None = None
    owner_id: Id | None = None


class StatusIn(Input):
    status: Literal["open", "waiting", "solved", "closed"]


class HandoverIn(Input):
    to_user_id: Id
    reason: Annotated[str, Field(min_length=1, max_length=300)]
    expected_owner_id: Id


@router.get("/tickets", response={200: TicketPage, **ERRORS})
def list_tickets(request, query: Query[TicketQuery]):
    """Open tickets by the deadline that comes first: yours, or all you may see."""
    if not can_handle_tickets(request.user):
        raise PermissionDenied
    tickets = open_only(visible_tickets(request.user))
    if query.scope == "mine":
        tickets = tickets.filter(owner=request.user)
    page = keyset_page(tickets, ["resolution_due", "id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/customers/{customer_id}/tickets", response={201: TicketOut, **ERRORS})
def create(request, customer_id: int, payload: TicketIn):
    """Open a ticket; without `owner_id` the owner is chosen by rule: the first assignment rule that fits (kind,
    the customer's country and region) and names somebody working; else complaints to the customer's account
    manager and everything else to the working agent with the fewest open tickets."""
    customer = get_customer_for(request.user, customer_id)
    person = None
    if payload.contact_person_id is not None:
        person = customer.contact_persons.filter(pk=payload.contact_person_id).first()
        if person is None:
            raise ValidationError({"contact_person_id": ["No such contact person at this customer."]})
    owner = None
    if payload.owner_id is not None:
        owner = User.objects.filter(pk=payload.owner_id, is_active=True).first()
        if owner is None or not can_handle_tickets(owner):
            raise ValidationError({"owner_id": ["No such user who can own tickets."]})
    ticket = open_ticket(customer, user=request.user, subject=payload.subject, kind=payload.kind,
                         priority=payload.priority, channel=payload.channel, description=payload.description,
                         contact_person=person, owner=owner)
    return Status(201, ticket)


class FromCallIn(Input):
    call_id: Annotated[str, Field(min_length=1, max_length=100)]
    ticket_id: Id | None = None
    kind: Kind = "inquiry"
    priority: PriorityName = "normal"
    subject: Annotated[str, Field(max_length=300)] = ""


class FromMessageIn(Input):
    message_id: Id
    ticket_id: Id | None = None
    kind: Kind = "inquiry"
    priority: PriorityName = "normal"


# before /tickets/{ticket_id}: the first path that matches takes the request
@router.post("/tickets/from-message", response={200: TicketOut, 201: TicketOut, **ERRORS})
def from_message(request, payload: FromMessageIn):
    """A received message (e-mail, form, chat; its id in the inbox) joins the open ticket `ticket_id` of the
    same customer together with its conversation (200; a ticket waiting for the customer opens again), or
    without `ticket_id` opens a new one (201). A conversation belongs to one ticket at most."""
    from draht.inbox.views import get_message_for

    from .services import join_message, open_from_message

    message = get_message_for(request.user, payload.message_id)
    if not can_handle_tickets(request.user):
        raise PermissionDenied
    if payload.ticket_id is None:
        return Status(201, open_from_message(message, user=request.user, kind=payload.kind,
                                             priority=payload.priority))
    return join_message(get_ticket_for(request.user, payload.ticket_id), message, user=request.user)


# before /tickets/{ticket_id}: the first path that matches takes the request
@router.post("/tickets/from-call", response={200: TicketOut, 201: TicketOut, **ERRORS})
def from_call(request, payload: FromCallIn):
    """A call of the telephone system (its `call_id`) joins the open ticket `ticket_id` of the same customer
    (200; a ticket waiting for the customer opens again), or without `ticket_id` opens a new one (201; owner by
    the assignment rules). A call belongs to one ticket at most: a second time answers 400."""
    from django.http import Http404

    from draht.accounts import permissions
    from draht.telephony.models import Call

    from .services import join_call, open_from_call

    if not can_handle_tickets(request.user):
        raise PermissionDenied
    call = Call.objects.select_related("customer").filter(call_id=payload.call_id).first()
    if call is None or (call.customer is not None and not permissions.can_view_customer(request.user, call.customer)):
        raise Http404
    if payload.ticket_id is None:
        return Status(201, open_from_call(call, user=request.user, kind=payload.kind, priority=payload.priority,
                                          subject=payload.subject))
    return join_call(get_ticket_for(request.user, payload.ticket_id), call, user=request.user)


@router.get("/tickets/{ticket_id}", response={200: TicketOut, **ERRORS})
def get_ticket(request, ticket_id: int):
    return get_ticket_for(request.user, ticket_id)


@router.post("/tickets/{ticket_id}/status", response={200: TicketOut, **ERRORS})
def set_status(request, ticket_id: int, payload: StatusIn):
    """Move along the workflow (new → open → waiting → solved → closed; solved and closed reopen)."""
    return change_status(get_ticket_for(request.user, ticket_id), to=payload.status, user=request.user)


@router.post("/tickets/{ticket_id}/handover", response={200: TicketOut, **ERRORS})
def handover(request, ticket_id: int, payload: HandoverIn):
    """Give the ticket to someone else with a reason; `expected_owner_id` is the owner you saw: if it changed
    meanwhile the answer is 409 and nothing happens."""
    ticket = get_ticket_for(request.user, ticket_id)
    to_user = User.objects.filter(pk=payload.to_user_id).first()
    if to_user is None:
        raise ValidationError({"to_user_id": ["No such user."]})
    try:
        return hand_over(ticket, to_user=to_user, by=request.user, reason=payload.reason,
                         expected_owner_id=payload.expected_owner_id)
    except TakenMeanwhile:
        raise HttpError(409, "Someone else changed the owner meanwhile.") from None


class DispatchOut(Schema):
    id: int
    ticket_id: int
    technician_id: int
    site: str
    window_start: datetime.datetime
    window_end: datetime.datetime
    state: str
    checklist: list[str]
    checklist_confirmed_at: datetime.datetime | None
    work_done: str
    minutes: int | None
    parts: str
    signer_name: str
    completed_at: datetime.datetime | None


class GoodwillOut(Schema):
    id: int
    ticket_id: int
    amount: str
    purchase_date: datetime.date
    rule_name: str
    state: str
    requested_by_id: int
    approved_by_id: int | None
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_amount(obj):
        return str(obj.amount)


class GoodwillIn(Input):
    amount: Annotated[str, Field(min_length=1, max_length=12, pattern=r"^\d{1,9}([.,]\d{1,2})?$")]
    purchase_date: IsoDate


class FeedbackOut(Schema):
    id: int
    customer_id: int
    ticket_id: int | None
    meeting_id: int | None
    agent_id: int | None
    asked_at: datetime.datetime
    answered_at: datetime.datetime | None
    csat: int | None
    nps: int | None
    text: str


class FeedbackPage(Schema):
    items: list[FeedbackOut]
    next_cursor: str | None


class FeedbackQuery(Schema):
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


@router.get("/tickets/{ticket_id}/dispatches", response={200: list[DispatchOut], **ERRORS})
def dispatches(request, ticket_id: int):
    """The ticket's on-site visits with checklist and completion report."""
    return list(get_ticket_for(request.user, ticket_id).dispatches.all())


@router.get("/tickets/{ticket_id}/goodwill", response={200: list[GoodwillOut], **ERRORS})
def goodwill(request, ticket_id: int):
    """Goodwill requests on the ticket, with the rule that decided and who approved."""
    return list(get_ticket_for(request.user, ticket_id).goodwill.all())


@router.post("/tickets/{ticket_id}/goodwill", response={201: GoodwillOut, **ERRORS})
def request_goodwill_api(request, ticket_id: int, payload: GoodwillIn):
    """Ask for goodwill: the policy's first fitting rule grants, declines or sends it to a manager."""
    from .services import request_goodwill

    made = request_goodwill(get_ticket_for(request.user, ticket_id), user=request.user,
                            amount=payload.amount.replace(",", "."), purchase_date=payload.purchase_date)
    return Status(201, made)


@router.get("/feedback", response={200: FeedbackPage, **ERRORS})
def feedback(request, query: Query[FeedbackQuery]):
    """Ratings asked and given, newest first (owners, managers and account managers)."""
    from draht.accounts import permissions

    from .models import Feedback

    if not permissions.can_see_coverage(request.user):
        raise PermissionDenied
    page = keyset_page(Feedback.objects.all(), ["-asked_at", "-id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}
