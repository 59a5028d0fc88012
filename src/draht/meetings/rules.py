"""Meeting rules (PRODUCT.md §3, seed 000): plain functions, tested on their own."""

import datetime
import zoneinfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_MINUTES = 30  # "In der Kürze liegt die Würze"
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def warnings(minutes: int, participants: int, *, max_minutes: int, max_participants: int) -> list[str]:
    """Guidance, not prohibition: what the seed would say about this meeting's length and size."""
    found = []
    if minutes > max_minutes:
        found.append(ngettext(
            "Longer than %(limit)s minute: short meetings keep everyone's attention (shorter and more often).",
            "Longer than %(limit)s minutes: short meetings keep everyone's attention (shorter and more often).",
            max_minutes) % {"limit": max_minutes})
    if participants > max_participants:
        found.append(ngettext(
            "More than %(limit)s participant: fewer people decide faster.",
            "More than %(limit)s participants: fewer people decide faster.",
            max_participants) % {"limit": max_participants})
    return found


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("“%(zone)s” is not a time zone."), params={"zone": name}, code="time_zone") from None


def local_datetime(wall: datetime.datetime, zone_name: str) -> datetime.datetime:
    """A wall-clock time in a zone as an aware datetime; a time that does not exist (the hour skipped when clocks
    go forward) or exists twice (the hour repeated when they go back) is refused, never silently shifted."""
    tz = zone(zone_name)
    wall = wall.replace(tzinfo=None, second=0, microsecond=0)
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    round_trip = first.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != wall:
        raise ValidationError(_("%(time)s does not exist in %(zone)s: the clocks go forward then. Choose another "
                                "time."), params={"time": wall.strftime("%Y-%m-%d %H:%M"), "zone": zone_name},
                              code="nonexistent_time")
    if first.utcoffset() != second.utcoffset():
        raise ValidationError(_("%(time)s happens twice in %(zone)s: the clocks go back then. Choose another "
                                "time."), params={"time": wall.strftime("%Y-%m-%d %H:%M"), "zone": zone_name},
                              code="ambiguous_time")
    return first


def validate_rrule(rule: str) -> str:
    """An RFC 5545 RRULE value (without "RRULE:"), normalised; empty for none. Raises ValidationError."""
    rule = (rule or "").strip().upper().removeprefix("RRULE:")
    if not rule:
        return ""
    parts = dict(part.partition("=")[::2] for part in rule.split(";") if part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(_("A repetition needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."), code="rrule")
    try:
        rrulestr("RRULE:" + rule, dtstart=datetime.datetime(2026, 1, 5, 10, 0))
    except (ValueError, TypeError):
        raise ValidationError(_("“%(rule)s” is not a recurrence rule."), params={"rule": rule},
                              code="rrule") from None
    return rule


def next_start(rule: str, start: datetime.datetime, zone_name: str) -> datetime.datetime | None:
    """The next start of a series after `start`, at the same wall-clock time in the meeting's zone (10:00 stays
    10:00 across a DST change); None when the rule has ended. A start that falls into a DST gap moves to the
    next valid occurrence."""
    if not rule:
        return None
    tz = zone(zone_name)
    wall = start.astimezone(tz).replace(tzinfo=None)
    occurrences = rrulestr("RRULE:" + rule, dtstart=wall)
    after = wall
    for _attempt in range(10):
        following = occurrences.after(after)
        if following is None:
            return None
        try:
            return local_datetime(following, zone_name)
        except ValidationError:
            after = following
    return None
