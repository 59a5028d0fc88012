import datetime
import logging
from typing import Annotated, Literal

from django.conf import settings
from ninja import Router, Schema
from pydantic import Field

from draht.api.core import ERRORS, Input, read_signed

from .services import handle_event

router = Router(tags=["telephony"])
log = logging.getLogger(__name__)


class CallEventIn(Input):
    call_id: Annotated[str, Field(min_length=1, max_length=100)]
    event: Literal["ringing", "answered", "ended"]
    direction: Literal["in", "out"] = "in"
    from_: Annotated[str, Field(alias="from", max_length=40)] = ""
    to: Annotated[str, Field(max_length=40)] = ""
    agent: Annotated[str, Field(max_length=150)] = ""
    at: datetime.datetime | None = None


class CallOut(Schema):
    call_id: str
    state: str
    remote_number: str
    customer_id: int | None
    interaction_id: int | None


BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["call_id", "event"],
    "properties": {"call_id": {"type": "string"}, "event": {"enum": ["ringing", "answered", "ended"]},
                   "direction": {"enum": ["in", "out"]}, "from": {"type": "string"}, "to": {"type": "string"},
                   "agent": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}}}}}}


@router.post("/telephony/events", auth=None, response={200: CallOut, **ERRORS}, openapi_extra=BODY)
def call_event(request):
    """An event of the telephone system (ringing, answered, ended), signed with the shared secret:
    header `X-Draht-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Requests older than five
    minutes or with a wrong signature answer 401 and change nothing."""
    values, refused = read_signed(request, settings.DRAHT_TELEPHONY_SECRET, CallEventIn, source="telephony event",
                                  by_alias=True)
    if refused:
        return refused
    return handle_event(values)
