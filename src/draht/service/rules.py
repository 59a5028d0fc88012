"""Service-desk rules (PRODUCT.md §4): business hours with public holidays and pauses, targets by tier and
priority, the status workflow. Plain functions, tested on their own (tests/test_rules_service.py)."""

import datetime

from draht.booking.rules import Hours, parse_hours, public_holidays

DEFAULT_HOURS = "Mo 08:00-17:00\nDi 08:00-17:00\nMi 08:00-17:00\nDo 08:00-17:00\nFr 08:00-15:00"

# Business minutes to the first answer and to the solution, by priority; tier A customers get half, B three
# quarters of the time (PRODUCT.md §4: targets by tier and priority).
TARGETS = {"urgent": (30, 4 * 60), "high": (60, 8 * 60), "normal": (4 * 60, 16 * 60), "low": (8 * 60, 40 * 60)}
TIER_FACTOR = {"A": 0.5, "B": 0.75, "C": 1.0}

# Status workflow: which status may follow which (reopen: solved or closed back to open).
FLOW = {
    "new": {"open", "waiting", "solved"},
    "open": {"waiting", "solved"},
    "waiting": {"open", "solved"},
    "solved": {"closed", "open"},
    "closed": {"open"},
}
PAUSED = {"waiting"}  # the clocks stop while we wait for the customer


def targets(tier: str, priority: str) -> tuple[int, int]:
    """(first response, resolution) in business minutes."""
    first, resolve = TARGETS.get(priority, TARGETS["normal"])
    factor = TIER_FACTOR.get(tier, 1.0)
    return round(first * factor), round(resolve * factor)


def may_change(current: str, wanted: str) -> bool:
    return wanted in FLOW.get(current, set())


def _windows(day: datetime.date, hours: Hours, zone, region: str):
    """The business windows of one day as aware datetimes (none on public holidays)."""
    if day in public_holidays(region, day.year):
        return []
    found = []
    for start, end in hours.get(day.weekday(), []):
        begin = datetime.datetime.combine(day, start).replace(tzinfo=zone)
        finish = datetime.datetime.combine(day, end).replace(tzinfo=zone)
        # a wall-clock time skipped by DST moves to the real instant after the gap
        begin = begin.astimezone(datetime.UTC).astimezone(zone)
        finish = finish.astimezone(datetime.UTC).astimezone(zone)
        if finish > begin:
            found.append((begin, finish))
    return found


def _minus(windows, pauses):
    """Windows without the paused intervals."""
    result = []
    for begin, finish in windows:
        pieces = [(begin, finish)]
        for p0, p1 in pauses:
            cut = []
            for b, f in pieces:
                if p1 <= b or p0 >= f:
                    cut.append((b, f))
                    continue
                if p0 > b:
                    cut.append((b, p0))
                if p1 < f:
                    cut.append((p1, f))
            pieces = cut
        result += pieces
    return result


def business_minutes(start: datetime.datetime, end: datetime.datetime, *, hours: Hours, zone, region: str,
                     pauses=()) -> float:
    """Business minutes between two instants: within the weekly hours of the team's zone, not on public holidays
    of its region, not in pauses (waiting for the customer)."""
    if end <= start:
        return 0.0
    total = 0.0
    day = start.astimezone(zone).date() - datetime.timedelta(days=1)
    last = end.astimezone(zone).date() + datetime.timedelta(days=1)
    while day <= last:
        for begin, finish in _minus(_windows(day, hours, zone, region), pauses):
            b, f = max(begin, start), min(finish, end)
            if f > b:
                total += (f - b).total_seconds() / 60
        day += datetime.timedelta(days=1)
    return total


def add_business_minutes(start: datetime.datetime, minutes: float, *, hours: Hours, zone, region: str,
                         pauses=(), max_days: int = 800) -> datetime.datetime:
    """The instant when `minutes` business minutes have passed since `start` (the deadline of a target)."""
    left = minutes
    day = start.astimezone(zone).date() - datetime.timedelta(days=1)
    for _ in range(max_days):
        for begin, finish in _minus(_windows(day, hours, zone, region), pauses):
            b = max(begin, start)
            if finish <= b:
                continue
            available = (finish - b).total_seconds() / 60
            if available >= left:
                return b + datetime.timedelta(minutes=left)
            left -= available
        day += datetime.timedelta(days=1)
    raise ValueError("no business hours in the next years")


def parse_business_hours(text: str) -> Hours:
    return parse_hours(text)


def goodwill_rule(rules, *, kind: str, tier: str, amount, age_days: int):
    """The first rule (in order) that fits the ticket kind, customer tier, amount and purchase age; None when no
    rule fits (then a manager decides)."""
    for rule in rules:
        if rule.ticket_kind and rule.ticket_kind != kind:
            continue
        if rule.tier and rule.tier != tier:
            continue
        if rule.max_amount is not None and amount > rule.max_amount:
            continue
        if rule.max_age_days is not None and age_days > rule.max_age_days:
            continue
        return rule
    return None


def assignment_rules_for(rules, *, kind: str, country: str, subdivision: str):
    """The assignment rules that fit a new ticket, in order: kind, country and region each match when the rule
    leaves them empty or names the ticket's (regions as ISO 3166-2 codes, compared without case)."""
    country, subdivision = (country or "").upper(), (subdivision or "").upper()
    for rule in rules:
        if rule.ticket_kind and rule.ticket_kind != kind:
            continue
        if rule.country and rule.country.upper() != country:
            continue
        if rule.subdivision and rule.subdivision.upper() != subdivision:
            continue
        yield rule


def missing_qualifications(required: set[str], records: dict[str, "datetime.date | None"],
                           visit_day: datetime.date) -> list[str]:
    """What a technician lacks for a visit: each required name without a record, or whose record expires before
    the visit day (a record without a date does not expire). Sorted, for a message that names them."""
    missing = []
    for name in sorted(required):
        if name not in records:
            missing.append(name)
        elif records[name] is not None and records[name] < visit_day:
            missing.append(name)
    return missing
