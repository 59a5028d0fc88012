import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from draht.accounts.models import User
from draht.api.core import ERRORS, Id, Input, IsoDate
from draht.core.pagination import keyset_page
from draht.customers.access import get_customer_for
from draht.timeline.models import Interaction

from .choices import PromiseStatus
from .services import AlreadyResolved, get_promise_for, record_promise, resolve_promise, visible_promises

router = Router(tags=["promises"])


class PromiseOut(Schema):
    id: int
    customer_id: int
    interaction_id: int | None
    what: str
    owner_id: int
    due_on: datetime.date
    status: str
    resolved_on: datetime.date | None
    reminded_at: datetime.datetime | None


class PromisePage(Schema):
    items: list[PromiseOut]
    next_cursor: str | None


class PromiseQuery(Schema):
    scope: Literal["mine", "team", "all"] = "mine"
    status: Literal["open", "kept", "broken"] = "open"
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class PromiseIn(Input):
    what: Annotated[str, Field(min_length=1, max_length=300)]
    due_on: IsoDate
    owner_id: Id | None = None  # who keeps it; the caller when not given
    interaction_id: Id | None = None  # the call, meeting or e-mail it was made in


class ResolveIn(Input):
    outcome: Literal["kept", "broken"]


@router.get("/promises", response={200: PromisePage, **ERRORS})
def list_promises(request, query: Query[PromiseQuery]):
    promises = visible_promises(request.user, query.scope).filter(status=query.status)
    page = keyset_page(promises, ["due_on", "id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post("/customers/{customer_id}/promises", response={201: PromiseOut, **ERRORS})
def create(request, customer_id: int, payload: PromiseIn):
    customer = get_customer_for(request.user, customer_id, log=True)
    owner = request.user
    if payload.owner_id is not None:
        owner = User.objects.filter(pk=payload.owner_id).first()
        if owner is None:
            raise ValidationError({"owner_id": ["No such user."]})
    interaction = None
    if payload.interaction_id is not None:
        interaction = Interaction.objects.filter(pk=payload.interaction_id, customer=customer).first()
        if interaction is None:
            raise ValidationError({"interaction_id": ["No such entry on this customer's timeline."]})
    promise = record_promise(customer, user=request.user, what=payload.what, owner=owner, due_on=payload.due_on,
                             interaction=interaction)
    return Status(201, promise)


@router.post("/promises/{promise_id}/resolve", response={200: PromiseOut, **ERRORS})
def resolve(request, promise_id: int, payload: ResolveIn):
    promise = get_promise_for(request.user, promise_id, resolve=True)
    try:
        return resolve_promise(promise, user=request.user, kept=payload.outcome == PromiseStatus.KEPT)
    except AlreadyResolved as exc:
        raise HttpError(409, exc.messages[0]) from None
