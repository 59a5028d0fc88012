import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from ninja import Query, Router, Schema
from pydantic import Field

from draht.accounts import permissions
from draht.api.core import ERRORS
from draht.core.pagination import keyset_page

from .duelist import due_customers
from .views import coverage_tables

router = Router(tags=["cadence"])


class DueItem(Schema):
    id: int
    name: str
    owner_id: int
    due_at: datetime.datetime
    last_personal_contact_at: datetime.datetime | None
    phone: str
    never_contacted: bool


DUE_API_FIELDS = ["id", "name", "owner_id", "due_at", "last_personal_contact_at", "phone"]


class DuePage(Schema):
    items: list[DueItem]
    next_cursor: str | None


class DueQuery(Schema):
    scope: Literal["mine", "team", "all"] = "mine"
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class CoverageItem(Schema):
    id: int | None
    label: str
    total: int
    covered: int
    share: float


class CoverageOut(Schema):
    overall: CoverageItem
    owners: list[CoverageItem]
    teams: list[CoverageItem]


@router.get("/due", response={200: DuePage, **ERRORS})
def due(request, query: Query[DueQuery]):
    customers = due_customers(request.user, query.scope).select_related(None).only(*DUE_API_FIELDS)
    page = keyset_page(customers, ["due_at", "id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


def _item(row):
    return {"id": row.key, "label": row.label, "total": row.total, "covered": row.covered, "share": row.share}


@router.get("/coverage", response={200: CoverageOut, **ERRORS})
def coverage(request):
    if not permissions.can_see_coverage(request.user):
        raise PermissionDenied
    everyone, by_owner, by_team = coverage_tables(request.user)
    return {"overall": _item(everyone), "owners": [_item(r) for r in by_owner], "teams": [_item(r) for r in by_team]}
