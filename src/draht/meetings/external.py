"""Busy times from the calendar people already use: the worker reads the ICS address of a user's Outlook or
Google calendar (under the same address policy as webhooks, with a size and time limit) and keeps the busy
intervals of the coming weeks. A failed read keeps the last good busy times and records the error."""

import datetime
import logging

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from draht.core.netpolicy import fetch

from .models import ExternalCalendar

log = logging.getLogger(__name__)


def busy_intervals(data: bytes, start: datetime.datetime, end: datetime.datetime,
                   default_zone) -> tuple[list[tuple[datetime.datetime, datetime.datetime]], int]:
    """(busy intervals in [start, end), events read) of an iCalendar file: repeating events expanded, free
    (TRANSP:TRANSPARENT) and cancelled ones left out, all-day events busy for the whole day. Raises ValueError
    for a file that is not a calendar."""
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(calendar).between(start, end)
    busy = []
    for event in events:
        if str(event.get("transp", "")).upper() == "TRANSPARENT" or str(event.get("status", "")).upper() == \
                "CANCELLED":
            continue
        begin, finish = event.decoded("dtstart"), event.decoded("dtend") if "dtend" in event else None
        if not isinstance(begin, datetime.datetime):  # an all-day event
            begin = datetime.datetime.combine(begin, datetime.time(0), default_zone)
            finish = datetime.datetime.combine(finish or begin.date() + datetime.timedelta(days=1),
                                               datetime.time(0), default_zone)
        else:
            if begin.tzinfo is None:
                begin = begin.replace(tzinfo=default_zone)
            if finish is None:
                finish = begin + (event.decoded("duration") if "duration" in event else datetime.timedelta(0))
            elif finish.tzinfo is None:
                finish = finish.replace(tzinfo=default_zone)
        if finish > begin:
            busy.append((begin, finish))
    return sorted(busy), len(events)


def refresh(calendar: ExternalCalendar, now: datetime.datetime | None = None) -> ExternalCalendar:
    """Read one external calendar; on any failure keep the last good busy times and record why."""
    from .rules import zone

    now = now or timezone.now()
    try:
        data = fetch(calendar.url, allow_private=settings.DRAHT_CALENDAR_ALLOW_PRIVATE,
                     max_bytes=settings.DRAHT_CALENDAR_MAX_BYTES, timeout=settings.DRAHT_CALENDAR_TIMEOUT_SECONDS)
        busy, count = busy_intervals(data, now - datetime.timedelta(days=1),
                                     now + datetime.timedelta(days=settings.DRAHT_CALENDAR_DAYS),
                                     zone(calendar.user.timezone))
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    except (OSError, ValueError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    else:
        ExternalCalendar.objects.filter(pk=calendar.pk).update(
            busy=[[b.isoformat(), e.isoformat()] for b, e in busy], events=count, fetched_at=now, last_error="",
            last_error_at=None)
        calendar.refresh_from_db()
        return calendar
    log.warning("external calendar %s of %s cannot be read: %s", calendar.pk, calendar.user_id, problem)
    ExternalCalendar.objects.filter(pk=calendar.pk).update(last_error=problem[:500], last_error_at=now)
    calendar.refresh_from_db()
    return calendar


def refresh_all() -> int:
    done = 0
    for calendar in ExternalCalendar.objects.select_related("user").filter(user__is_active=True):
        refresh(calendar)
        done += 1
    return done


def busy_of(user, start: datetime.datetime, end: datetime.datetime) -> list[tuple]:
    """The stored external busy intervals of a user that overlap [start, end)."""
    calendar = ExternalCalendar.objects.filter(user=user).only("busy").first()
    if calendar is None:
        return []
    found = []
    for begin, finish in calendar.busy:
        b, f = datetime.datetime.fromisoformat(begin), datetime.datetime.fromisoformat(finish)
        if b < end and f > start:
            found.append((b, f))
    return found
