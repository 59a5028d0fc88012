"""Business hours of the service desk (issue 16, item 3): weekends, public holidays of the team's region, DST
changes and pauses while waiting for the customer; the targets by tier and priority; the status workflow."""

import datetime
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from draht.service.rules import (
    DEFAULT_HOURS,
    add_business_minutes,
    business_minutes,
    may_change,
    parse_business_hours,
    targets,
)

VIENNA = zoneinfo.ZoneInfo("Europe/Vienna")
HOURS = parse_business_hours(DEFAULT_HOURS)  # Mo–Do 08–17, Fr 08–15
RULES = {"hours": HOURS, "zone": VIENNA, "region": "AT-9"}


def at(*parts):
    return datetime.datetime(*parts, tzinfo=VIENNA)


def test_a_week_has_its_business_hours_and_a_weekend_none():
    assert business_minutes(at(2026, 11, 30), at(2026, 12, 7), **RULES) == 4 * 540 + 420
    assert business_minutes(at(2026, 12, 5), at(2026, 12, 7), **RULES) == 0  # Saturday and Sunday


def test_public_holidays_of_the_region_count_nothing():
    immaculate = (at(2026, 12, 8), at(2026, 12, 9))  # Tuesday, a holiday in Austria, not in Bavaria
    assert business_minutes(*immaculate, **RULES) == 0
    assert business_minutes(*immaculate, **RULES | {"region": "DE-BY"}) == 540
    assert business_minutes(at(2026, 8, 14), at(2026, 8, 18), **RULES | {"region": "IT-BZ"}) == 420 + 540


def test_a_dst_change_does_not_change_a_working_day():
    assert business_minutes(at(2026, 3, 30), at(2026, 3, 31), **RULES) == 540  # the Monday after spring forward
    assert business_minutes(at(2026, 10, 27), at(2026, 10, 28), **RULES) == 540  # after fall back (26th: a holiday)
    friday_evening = at(2026, 3, 27, 14, 0)
    assert add_business_minutes(friday_evening, 120, **RULES) == at(2026, 3, 30, 9, 0)


def test_waiting_for_the_customer_pauses_the_clock():
    monday = (at(2026, 11, 30, 8), at(2026, 11, 30, 17))
    assert business_minutes(*monday, **RULES, pauses=[(at(2026, 11, 30, 10), at(2026, 11, 30, 12))]) == 420
    assert add_business_minutes(at(2026, 11, 30, 8), 180, **RULES,
                                pauses=[(at(2026, 11, 30, 10), at(2026, 11, 30, 12))]) == at(2026, 11, 30, 13)


moments = st.datetimes(min_value=datetime.datetime(2026, 1, 1), max_value=datetime.datetime(2027, 12, 31),
                       timezones=st.just(VIENNA))


@settings(max_examples=150, deadline=None)
@given(moments, st.floats(min_value=0, max_value=6000, allow_nan=False))
def test_adding_business_minutes_and_measuring_them_agree(start, minutes):
    deadline = add_business_minutes(start, minutes, **RULES)
    assert deadline >= start
    assert abs(business_minutes(start, deadline, **RULES) - minutes) < 1e-6


@settings(max_examples=100, deadline=None)
@given(moments, st.floats(min_value=0, max_value=3000), st.floats(min_value=0, max_value=3000))
def test_more_minutes_never_end_earlier(start, a, b):
    low, high = sorted((a, b))
    assert add_business_minutes(start, low, **RULES) <= add_business_minutes(start, high, **RULES)


@settings(max_examples=100, deadline=None)
@given(moments, st.integers(min_value=1, max_value=600), st.integers(min_value=0, max_value=48 * 60))
def test_a_pause_never_shortens_the_time_to_a_deadline(start, minutes, pause_offset):
    pause = (start + datetime.timedelta(minutes=pause_offset),
             start + datetime.timedelta(minutes=pause_offset + 90))
    assert add_business_minutes(start, minutes, **RULES, pauses=[pause]) >= add_business_minutes(
        start, minutes, **RULES)


def test_targets_by_tier_and_priority():
    assert targets("C", "urgent") == (30, 240) and targets("A", "urgent") == (15, 120)
    assert targets("B", "normal") == (180, 720) and targets("X", "odd") == (240, 960)


def test_the_status_workflow_reopens_but_never_skips_back_to_new():
    assert may_change("new", "open") and may_change("solved", "open") and may_change("closed", "open")
    assert not may_change("open", "new") and not may_change("closed", "waiting")
