import base64
import binascii
import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from draht.accounts import permissions
from draht.api.core import ERRORS, Id, Input, error
from draht.customers.access import get_customer_for

from .rules import check_attachment_size, recipients
from .services import queue_email

router = Router(tags=["e-mail"])


class OutgoingEmailOut(Schema):
    id: int
    customer_id: int
    contact_person_id: int | None
    to: list[str]
    subject: str
    message_id: str
    status: str
    attempts: int
    next_attempt_at: datetime.datetime
    sent_at: datetime.datetime | None
    problem: str = Field(description="the last sending problem in words")
    last_error: str = Field(description="the technical detail of that problem (owners and managers only)")
    interaction_id: int | None
    thread_id: int | None

    @staticmethod
    def resolve_problem(obj):
        return obj.problem

    @staticmethod
    def resolve_last_error(obj, context):
        return obj.last_error if permissions.can_manage_data(context["request"].user) else ""


class AttachmentIn(Input):
    filename: Annotated[str, Field(min_length=1, max_length=255)]
    content_type: Annotated[str, Field(max_length=100)] = "application/octet-stream"
    content_base64: str


class EmailIn(Input):
    to: list[Annotated[str, Field(min_length=3, max_length=254)]] = Field(default=[], max_length=50)
    contact_person_id: Id | None = None
    subject: Annotated[str, Field(min_length=1, max_length=300)]
    body: Annotated[str, Field(min_length=1, max_length=100_000)]
    reply_to_message_id: Id | None = None
    attachments: list[AttachmentIn] = Field(default=[], max_length=20)


@router.post("/customers/{customer_id}/emails", response={202: OutgoingEmailOut, **ERRORS})
def send_email(request, customer_id: int, payload: EmailIn):
    """Queue an e-mail (to the addresses, or the contact person's); `{signature}` becomes the sender's
    signature. The worker sends it; poll `GET /customers/{id}/emails` for its status."""
    from draht.inbox.views import get_message_for

    customer = get_customer_for(request.user, customer_id, log=True)
    person = None
    if payload.contact_person_id is not None:
        person = customer.contact_persons.filter(pk=payload.contact_person_id).first()
        if person is None:
            return error(request, 400, _("The contact person does not belong to this customer."))
    to = recipients(payload.to, person)  # a ValidationError answers 400 with the reason
    files = []
    for item in payload.attachments:
        try:
            files.append((item.filename, item.content_type, base64.b64decode(item.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            return error(request, 400, _("An attachment is not valid base64."))
    check_attachment_size(len(data) for _name, _kind, data in files)
    reply_to = None
    if payload.reply_to_message_id is not None:
        reply_to = get_message_for(request.user, payload.reply_to_message_id)
        if reply_to.customer_id != customer.pk:
            return error(request, 400, _("That message belongs to another customer."))
    email = queue_email(customer, user=request.user, to=to, subject=payload.subject, body=payload.body,
                        contact_person=person, reply_to=reply_to, attachments=files)
    return Status(202, email)


@router.get("/customers/{customer_id}/emails", response={200: list[OutgoingEmailOut], **ERRORS})
def list_emails(request, customer_id: int):
    """The customer's last 100 e-mails written in draht, with their sending status."""
    customer = get_customer_for(request.user, customer_id)
    return list(customer.outgoing_emails.all()[:100])
