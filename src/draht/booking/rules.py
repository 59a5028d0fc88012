"""Which slots a booking page offers: plain functions, tested on their own."""

import bisect
import datetime
import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_HOURS = "Mo 09:00-12:00 13:00-16:00\nDi 09:00-12:00 13:00-16:00\nMi 09:00-12:00\nDo 09:00-12:00 13:00-16:00\n" \
                "Fr 09:00-12:00"
DAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6,
        "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6, "tu": 1, "we": 2, "th": 3, "su": 6}
RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")

Hours = dict[int, list[tuple[datetime.time, datetime.time]]]


def parse_hours(text: str) -> Hours:
    """“Mo 09:00-12:00 13:00-16:00” per line → {0: [(9:00, 12:00), (13:00, 16:00)]}. Raises ValidationError
    naming the line."""
    hours: Hours = {}
    for number, line in enumerate((text or "").splitlines(), 1):
        words = line.replace(",", " ").split()
        if not words:
            continue
        day = DAYS.get(words[0].lower().rstrip(".:"))
        if day is None:
            raise ValidationError(_("Line %(line)s: “%(word)s” is not a weekday (Mo, Di, Mi, Do, Fr, Sa, So)."),
                                  params={"line": number, "word": words[0]}, code="hours")
        for word in words[1:]:
            found = RANGE.match(word)
            if not found:
                raise ValidationError(_("Line %(line)s: write times as 09:00-12:00."), params={"line": number},
                                      code="hours")
            h1, m1, h2, m2 = (int(g) for g in found.groups())
            try:
                start, end = datetime.time(h1, m1), datetime.time(h2, m2)
            except ValueError:
                raise ValidationError(_("Line %(line)s: write times as 09:00-12:00."), params={"line": number},
                                      code="hours") from None
            if end <= start:
                raise ValidationError(_("Line %(line)s: a time range must end after it starts."),
                                      params={"line": number}, code="hours")
            hours.setdefault(day, []).append((start, end))
    return hours


def parse_closed_days(text: str) -> set[datetime.date]:
    days = set()
    for number, line in enumerate((text or "").splitlines(), 1):
        if line.strip():
            for shape in ("%Y-%m-%d", "%d.%m.%Y"):
                try:
                    days.add(datetime.datetime.strptime(line.strip(), shape).date())
                    break
                except ValueError:
                    continue
            else:
                raise ValidationError(_("Line %(line)s: write dates as 24.12.2026."), params={"line": number},
                                      code="closed_days")
    return days


@lru_cache(maxsize=64)
def public_holidays(region: str, year: int) -> frozenset[datetime.date]:
    """Public holidays of an ISO 3166-2 region (AT-9, DE-BY, CH-ZH, IT-BZ for South Tyrol) or a whole country."""
    import holidays

    country, _sep, subdivision = (region or "").upper().partition("-")
    try:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except (NotImplementedError, KeyError):
        try:
            found = holidays.country_holidays(country, years=year)
        except (NotImplementedError, KeyError):
            return frozenset()
    return frozenset(found.keys())


def merge(intervals) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Overlapping or touching intervals joined, sorted by start."""
    merged = []
    for begin, end in sorted(intervals):
        if merged and begin <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


def free_slots(*, hours: Hours, zone, first_day: datetime.date, days: int, slot_minutes: int, buffer_minutes: int,
               earliest: datetime.datetime, busy: list[tuple[datetime.datetime, datetime.datetime]],
               closed: set[datetime.date], holiday_region: str) -> list[datetime.datetime]:
    """The starts a customer may book: within the weekly hours, not on closed days or public holidays, not
    before `earliest` (the minimum notice), and with `buffer_minutes` clear of every busy interval. Times are
    wall-clock times in `zone`; a start that does not exist there (DST gap) is skipped."""
    slot = datetime.timedelta(minutes=slot_minutes)
    buffer = datetime.timedelta(minutes=buffer_minutes)
    merged = merge(busy)
    starts = [b for b, _e in merged]
    found = []
    for offset in range(days):
        day = first_day + datetime.timedelta(days=offset)
        if day in closed or day in public_holidays(holiday_region, day.year) or day.weekday() not in hours:
            continue
        for start, end in hours[day.weekday()]:
            wall = datetime.datetime.combine(day, start)
            stop = datetime.datetime.combine(day, end)
            while wall + slot <= stop:
                begins = wall.replace(tzinfo=zone)
                if begins.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) == wall:  # exists
                    ends = begins + slot
                    if begins >= earliest:
                        # the last busy interval starting before this slot's end (plus buffer) is the only one
                        # that can reach into it: the intervals are merged and sorted
                        index = bisect.bisect_left(starts, ends + buffer) - 1
                        if index < 0 or merged[index][1] + buffer <= begins:
                            found.append(begins)
                wall += slot + buffer
    return found
