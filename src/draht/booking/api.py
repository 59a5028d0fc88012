import datetime
from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import Field

from draht.api.core import ERRORS
from draht.core.pagination import keyset_page

from .models import Booking

router = Router(tags=["booking"])


class BookingOut(Schema):
    id: int
    page_id: int
    meeting_id: int
    customer_id: int
    starts_at: datetime.datetime
    name: str
    email: str
    phone: str
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None

    @staticmethod
    def resolve_customer_id(obj):
        return obj.meeting.customer_id


class BookingPage(Schema):
    items: list[BookingOut]
    next_cursor: str | None


class BookingQuery(Schema):
    cursor: Annotated[str, Field(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


@router.get("/bookings", response={200: BookingPage, **ERRORS})
def list_bookings(request, query: Query[BookingQuery]):
    """Slots customers booked with you on your booking page, by start."""
    bookings = Booking.objects.filter(owner=request.user).select_related("meeting")
    page = keyset_page(bookings, ["starts_at", "id"], query.cursor, query.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}
