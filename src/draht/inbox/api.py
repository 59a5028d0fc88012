import datetime
import logging
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import AnyHttpUrl, Field, StrictBool

from draht.accounts import permissions
from draht.api.core import ERRORS, Id, Input, error, read_signed
from draht.core.pagination import keyset_page
from draht.customers.access import get_customer_for
from draht.customers.rules import normalise_email
from draht.telephony.services import read_number

from .services import assign, create_contact_and_assign, store_inbound, unassigned_messages

router = Router(tags=["messages"])
log = logging.getLogger(__name__)


class Identity(Input):
    name: Annotated[str, Field(max_length=200)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=40)] = ""
    handle: Annotated[str, Field(max_length=200)] = ""


class InboundMessageIn(Input):
    id: Annotated[str, Field(min_length=1, max_length=200)]
    channel: Literal["chat", "social", "review", "webform"]
    direction: Literal["in", "out"] = "in"
    thread: Annotated[str, Field(max_length=150)] = ""
    sender: Identity | None = None
    recipient: Identity | None = None
    subject: Annotated[str, Field(max_length=300)] = ""
    text: Annotated[str, Field(min_length=1, max_length=100_000)]
    link: AnyHttpUrl | None = None
    at: datetime.datetime | None = None


class InboundMessageOut(Schema):
    id: int
    created: bool
    status: str
    customer_id: int | None
    contact_person_id: int | None
    interaction_id: int | None
    thread_id: int | None


_IDENTITY = {"type": "object", "additionalProperties": False, "properties": {
    "name": {"type": "string", "maxLength": 200}, "email": {"type": "string", "maxLength": 254},
    "phone": {"type": "string", "maxLength": 40}, "handle": {"type": "string", "maxLength": 200}}}
BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["id", "channel", "text"], "additionalProperties": False,
    "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 200},
                   "channel": {"enum": ["chat", "social", "review", "webform"]}, "direction": {"enum": ["in", "out"]},
                   "thread": {"type": "string", "maxLength": 150}, "sender": _IDENTITY, "recipient": _IDENTITY,
                   "subject": {"type": "string", "maxLength": 300},
                   "text": {"type": "string", "minLength": 1, "maxLength": 100000},
                   "link": {"type": "string", "format": "uri"}, "at": {"type": "string", "format": "date-time"}}}}}}}


@router.post("/messages/inbound", auth=None, response={200: InboundMessageOut, **ERRORS}, openapi_extra=BODY)
def inbound_message(request):
    """A message from a chat, social network, review site or web form, posted by a connector and signed with
    DRAHT_INBOUND_SECRET: header `X-Draht-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
    Matched to a contact person by e-mail, phone, a handle seen before, or the thread; otherwise it waits in the
    unassigned inbox. `direction: out` records our reply (to `recipient`) on the same thread. The same `id`
    on a channel is stored once."""
    values, refused = read_signed(request, settings.DRAHT_INBOUND_SECRET, InboundMessageIn, source="inbound message")
    if refused:
        return refused
    if not values["id"].strip() or not values["text"].strip():
        return error(request, 400, _("A message needs an id and a text."))
    values["link"] = str(values["link"]) if values["link"] else ""
    for side in ("sender", "recipient"):
        identity = values.get(side) or {}
        try:
            identity["email"] = normalise_email(identity.get("email", ""))
        except ValidationError:
            return error(request, 400, _("“%(value)s” is not an e-mail address.") % {"value": identity["email"]})
        if identity.get("phone"):
            identity["phone"] = read_number(identity["phone"])
    if values["direction"] == "in" and not any((values.get("sender") or {}).values()):
        return error(request, 400, _("An inbound message needs a sender (name, e-mail, phone or handle)."))
    stored = store_inbound(values)
    m = stored.message
    return {"id": m.pk, "created": stored.created, "status": m.status, "customer_id": m.customer_id,
            "contact_person_id": m.contact_person_id, "interaction_id": m.interaction_id, "thread_id": m.thread_id}


class MessageOut(Schema):
    id: int
    channel: str
    direction: str
    status: str
    sender_address: str
    sender_name: str
    sender_phone: str
    sender_handle: str
    subject: str
    text: str
    link: str
    occurred_at: datetime.datetime
    received_at: datetime.datetime
    customer_id: int | None
    contact_person_id: int | None
    interaction_id: int | None
    thread_id: int | None
    problems: str


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None


class AssignIn(Input):
    customer_id: Id
    contact_person_id: Id | None = None
    create_contact: StrictBool = Field(False, description="Add the sender as a contact person of the customer.")


@router.get("/messages/unassigned", response={200: MessagePage, **ERRORS})
def unassigned(request, cursor: Annotated[str, Field(max_length=500)] | None = None,
               limit: Annotated[int, Field(ge=1, le=200)] = 50):
    """Messages nobody could match yet, newest first (for users who handle contact)."""
    permissions.require(permissions.can_handle_inbox(request.user))
    page = keyset_page(unassigned_messages().defer("html"), ["-received_at", "-id"], cursor, limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/messages/{message_id}", response={200: MessageOut, **ERRORS})
def get_message(request, message_id: int):
    from .views import get_message_for

    return get_message_for(request.user, message_id)


@router.post("/messages/{message_id}/assign", response={200: MessageOut, **ERRORS})
def assign_message(request, message_id: int, payload: AssignIn):
    """Put the message on the customer's timeline, optionally adding the sender as a contact person."""
    from .views import get_message_for

    message = get_message_for(request.user, message_id)
    customer = get_customer_for(request.user, payload.customer_id, log=True)
    if payload.create_contact:
        return create_contact_and_assign(message, customer, user=request.user)
    person = None
    if payload.contact_person_id is not None:
        person = customer.contact_persons.filter(pk=payload.contact_person_id).first()
        if person is None:
            return error(request, 400, _("The contact person does not belong to this customer."))
    return assign(message, customer, person, user=request.user)
