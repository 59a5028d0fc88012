"""Booking a slot: the free slots of a page, one booking per slot (the database decides between two people who
press at the same moment), the confirmation with the invitation through the outbox, signed cancel and move
links."""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from draht.customers.choices import CustomerKind
from draht.customers.models import ContactPerson, Customer
from draht.meetings.choices import MeetingStatus
from draht.meetings.models import Meeting
from draht.meetings.rules import zone
from draht.meetings.services import Attendees, cancel_meeting, plan_meeting
from draht.webhooks.services import emit

from .models import Booking, BookingPage
from .rules import free_slots, parse_closed_days, parse_hours

LINK_SALT = "draht.booking.link"


class SlotTaken(Exception):
    """Somebody else booked this slot a moment ago, or it is no longer free."""


def busy_times(owner, start: datetime.datetime, end: datetime.datetime) -> list[tuple]:
    """The owner's meetings (planned or held) and the busy times of their own calendar that overlap [start, end)."""
    from draht.meetings.external import busy_of

    return list(Meeting.objects.filter(Q(organizer=owner) | Q(participants__user=owner), starts_at__lt=end,
                                       ends_at__gt=start).exclude(status=MeetingStatus.CANCELLED)
                .values_list("starts_at", "ends_at").distinct()) + busy_of(owner, start, end)


SLOTS_CACHE_SECONDS = 30


def _slots_key(page: BookingPage) -> str:
    """Per page and per version of its settings (a changed page shows new slots at once)."""
    import hashlib

    settings_text = "|".join(str(v) for v in (page.hours, page.closed_days, page.holiday_region, page.time_zone,
                                               page.slot_minutes, page.buffer_minutes, page.notice_hours,
                                               page.days_ahead))
    return f"draht:slots:{page.pk}:{hashlib.sha256(settings_text.encode()).hexdigest()[:16]}"


def cached_slots(page: BookingPage) -> list:
    """The page's slots as shown to visitors, kept for half a minute per process (a slot taken meanwhile is
    refused at booking, which checks again under the lock)."""
    from django.core.cache import cache

    found = cache.get(_slots_key(page))
    if found is None:
        found = slots_for(page)
        cache.set(_slots_key(page), found, SLOTS_CACHE_SECONDS)
    return found


def forget_cached_slots(page: BookingPage) -> None:
    from django.core.cache import cache

    cache.delete(_slots_key(page))


def slots_for(page: BookingPage, now: datetime.datetime | None = None, *, day: datetime.date | None = None) -> list:
    """The free slots of the page from now for `days_ahead` days (or of one day): on a team's page, the times at
    which somebody of the team is free."""
    free = free_by_person(page, page.people(), now, day=day)
    if len(free) == 1:
        return next(iter(free.values()))
    return sorted(set().union(*free.values()))


def free_by_person(page: BookingPage, people, now: datetime.datetime | None = None, *,
                   day: datetime.date | None = None) -> dict[int, list]:
    """{person's id: their free starts} under the page's hours, closed days, holidays, notice and buffer."""
    now = now or timezone.now()
    tz = zone(page.time_zone)
    first = day or now.astimezone(tz).date()
    days = 1 if day else page.days_ahead
    window_start = datetime.datetime.combine(first, datetime.time(0), tz)
    window_end = window_start + datetime.timedelta(days=days + 1)
    hours, closed = parse_hours(page.hours), parse_closed_days(page.closed_days)
    return {person.pk: free_slots(hours=hours, zone=tz, first_day=first, days=days, slot_minutes=page.slot_minutes,
                                  buffer_minutes=page.buffer_minutes,
                                  earliest=now + datetime.timedelta(hours=page.notice_hours),
                                  busy=busy_times(person, window_start, window_end), closed=closed,
                                  holiday_region=page.holiday_region)
            for person in people}


def _who_takes_it(page: BookingPage, starts_at: datetime.datetime):
    """The person a booked start goes to, or None when nobody is free then. On a team's page: of those free, the
    one with the fewest meetings that day, then by id; that person's own booking page is locked too, so that a
    booking on it cannot take the same time meanwhile, and their time is checked again under that lock."""
    tz = zone(page.time_zone)
    day = starts_at.astimezone(tz).date()
    people = page.people()
    free = free_by_person(page, people, day=day)
    candidates = [p for p in people if starts_at in free[p.pk]]
    if page.team_id and len(candidates) > 1:
        begin = datetime.datetime.combine(day, datetime.time(0), tz)
        load = dict(Meeting.objects.filter(organizer__in=candidates, starts_at__gte=begin,
                                           starts_at__lt=begin + datetime.timedelta(days=1))
                    .exclude(status=MeetingStatus.CANCELLED).values("organizer").annotate(n=Count("id"))
                    .values_list("organizer", "n"))
        candidates.sort(key=lambda p: (load.get(p.pk, 0), p.pk))
    for person in candidates:
        if page.team_id is None:
            return person
        list(BookingPage.objects.select_for_update().filter(owner=person).values_list("pk", flat=True))
        if starts_at in free_by_person(page, [person], day=day)[person.pk]:
            return person
    return None


def _customer_for(page: BookingPage, *, host, name: str, email: str, phone: str) -> tuple[Customer,
                                                                                           ContactPerson | None]:
    """Who booked: a contact person or customer with this address, else a new private prospect of the owner."""
    person = ContactPerson.objects.select_related("customer").filter(email__iexact=email, is_active=True).first()
    if person is not None:
        return person.customer, person
    customer = Customer.objects.filter(email__iexact=email, is_archived=False).first()
    if customer is not None:
        return customer, None
    from draht.customers.rules import normalise_phone
    from draht.customers.services import create_customer

    first, _sep, last = name.strip().rpartition(" ")
    country = page.holiday_region.partition("-")[0] or "AT"
    try:
        number = normalise_phone(phone, country) if phone else ""
    except ValidationError:
        number = ""  # kept on the booking as typed
    return create_customer(user=None, kind=CustomerKind.PERSON, name=name.strip(), first_name=first or "",
                           last_name=last or name.strip(), email=email, phone=number, owner=host,
                           country=country), None


def link(booking: Booking, action: str) -> str:
    """A signed path to cancel or move this booking (no login)."""
    token = signing.dumps({"b": booking.pk, "a": action}, salt=LINK_SALT, compress=True)
    if action == "move":
        return f"/book/{booking.page.slug}/?move={token}"
    return f"/book/{booking.page.slug}/cancel/{token}/"


def booking_from_link(token: str, action: str) -> Booking:
    """The booking a signed link names; ValidationError with a message for a tampered, used or passed link."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=datetime.timedelta(days=400))
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid. Use the link from your confirmation e-mail."),
                              code="bad_link") from None
    booking = Booking.objects.select_related("page", "meeting").filter(pk=data.get("b")).first()
    if booking is None or data.get("a") != action:
        raise ValidationError(_("This link is not valid. Use the link from your confirmation e-mail."),
                              code="bad_link")
    if booking.cancelled_at is not None:
        raise ValidationError(_("This booking is cancelled already."), code="cancelled")
    if booking.starts_at <= timezone.now():
        raise ValidationError(_("This appointment has passed; it can no longer be changed here."), code="passed")
    return booking


@transaction.atomic
def book(page: BookingPage, *, starts_at: datetime.datetime, kind: str, name: str, email: str, phone: str = "",
         base_url: str = "", moving: Booking | None = None) -> Booking:
    """Book a slot: it must still be free (checked again under the page's lock), and the database refuses a
    second active booking of the owner at the same start. Raises SlotTaken."""
    page = BookingPage.objects.select_for_update(of=("self",)).select_related("owner", "team").get(pk=page.pk)
    if moving is not None:  # the old slot is free for the new choice of the same person
        Meeting.objects.filter(pk=moving.meeting_id).update(status=MeetingStatus.CANCELLED)
    host = _who_takes_it(page, starts_at)
    if host is None:
        raise SlotTaken
    customer, person = _customer_for(page, host=host, name=name, email=email, phone=phone)
    attendees = Attendees(contacts=[person] if person else [], emails=[] if person else [(email, name)])
    booking = Booking(page=page, owner=host, starts_at=starts_at, name=name, email=email, phone=phone,
                      consent_at=timezone.now())
    try:
        with transaction.atomic():
            meeting = plan_meeting(
                customer, user=host, attendees=attendees, invite=False, title=f"{page.title}: {name}",
                kind=kind, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=page.slot_minutes),
                time_zone=page.time_zone, video_url=page.video_url if kind == "virtual" else "",
                location="" if kind == "virtual" else _("at our office"))
            booking.meeting = meeting
            booking.save()
    except IntegrityError:
        raise SlotTaken from None
    if moving is not None:
        moving.meeting.status = MeetingStatus.PLANNED  # so cancel_meeting sends its CANCEL
        Meeting.objects.filter(pk=moving.meeting_id).update(status=MeetingStatus.PLANNED)
        cancel_booking(moving)
    from draht.meetings.services import _invite

    note = "\n".join([
        _("To cancel: %(url)s") % {"url": base_url + link(booking, "cancel")},
        _("To choose another time: %(url)s") % {"url": base_url + link(booking, "move")}])
    _invite(meeting, user=host, method="REQUEST", note=note)
    customer.log_action("draht.booking.created", user=None, obj=booking,
                        data={"starts_at": starts_at.isoformat(), "kind": kind})
    transaction.on_commit(lambda: forget_cached_slots(page))
    emit("booking.created", {"id": booking.pk, "customer_id": customer.pk, "meeting_id": meeting.pk,
                             "starts_at": starts_at, "owner_id": host.pk})
    return booking


@transaction.atomic
def cancel_booking(booking: Booking) -> Booking:
    booking = Booking.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=booking.pk)
    if booking.cancelled_at is not None:
        return booking
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at"])
    if booking.meeting.status == MeetingStatus.PLANNED:
        cancel_meeting(booking.meeting, user=booking.owner, reason="cancelled by the customer")
    page = booking.page
    transaction.on_commit(lambda: forget_cached_slots(page))
    return booking
