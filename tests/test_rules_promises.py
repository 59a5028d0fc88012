import datetime

from hypothesis import given
from hypothesis import strategies as st

from draht.promises.choices import PromiseStatus
from draht.promises.rules import BROKEN, KEPT, KEPT_LATE, OPEN, OVERDUE, Reliability, reminder_due, standing, tally

dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31))
statuses = st.sampled_from(PromiseStatus.values)
promises = st.lists(st.tuples(statuses, dates, st.none() | dates), max_size=40)


@given(dates, dates, st.integers(min_value=0, max_value=30))
def test_a_reminder_is_due_from_the_lead_days_before_the_date_on(due_on, today, lead):
    assert reminder_due(due_on, today, lead) == (today >= due_on - datetime.timedelta(days=lead))


@given(dates, st.integers(min_value=0, max_value=30))
def test_a_promise_past_its_date_is_always_due_for_a_reminder(due_on, lead):
    assert reminder_due(due_on, due_on + datetime.timedelta(days=1), lead)


@given(dates, dates)
def test_an_open_promise_is_overdue_only_after_its_date(due_on, today):
    assert standing(PromiseStatus.OPEN, due_on, None, today) == (OVERDUE if today > due_on else OPEN)


@given(dates, dates, dates)
def test_kept_counts_only_when_kept_by_the_date(due_on, resolved_on, today):
    expected = KEPT if resolved_on <= due_on else KEPT_LATE
    assert standing(PromiseStatus.KEPT, due_on, resolved_on, today) == expected
    assert standing(PromiseStatus.BROKEN, due_on, resolved_on, today) == BROKEN


@given(promises, dates)
def test_the_rate_is_a_share_of_what_can_be_judged(rows, today):
    result = tally(rows, today)
    waiting = sum(1 for status, due_on, _ in rows if status == PromiseStatus.OPEN and due_on >= today)
    assert result.judged + waiting == len(rows)
    if result.judged:
        assert 0 <= result.rate <= 1 and result.rate == result.kept / result.judged
    else:
        assert result.rate is None


@given(promises, promises, dates)
def test_team_figures_are_the_sum_of_their_members(first, second, today):
    assert tally(first, today) + tally(second, today) == tally(first + second, today)
    assert Reliability() + tally(first, today) == tally(first, today)
