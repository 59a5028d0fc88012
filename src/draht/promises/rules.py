"""The rules of promises as plain functions: when to remind, how a promise stands, how reliable a person is."""

import datetime
from dataclasses import dataclass

from .choices import PromiseStatus

KEPT, KEPT_LATE, BROKEN, OVERDUE, OPEN = "kept", "kept_late", "broken", "overdue", "open"


def reminder_due(due_on: datetime.date, today: datetime.date, lead_days: int) -> bool:
    """An open promise is reminded once it is `lead_days` or fewer days away (or already past)."""
    return (due_on - today).days <= lead_days


def standing(status: str, due_on: datetime.date, resolved_on: datetime.date | None, today: datetime.date) -> str:
    """How a promise stands: kept (on time), kept late, broken, overdue (open after its date) or open.

    A promise counts as kept only when it was kept by its date: the customer was told a day, and reliability
    means that day (seed 003)."""
    if status == PromiseStatus.KEPT:
        return KEPT if resolved_on is None or resolved_on <= due_on else KEPT_LATE
    if status == PromiseStatus.BROKEN:
        return BROKEN
    return OVERDUE if due_on < today else OPEN


@dataclass(frozen=True)
class Reliability:
    """Counts of one person's or team's promises whose date has come or that were resolved."""

    kept: int = 0
    kept_late: int = 0
    broken: int = 0
    overdue: int = 0

    def __add__(self, other: "Reliability") -> "Reliability":
        return Reliability(self.kept + other.kept, self.kept_late + other.kept_late, self.broken + other.broken,
                           self.overdue + other.overdue)

    @property
    def judged(self) -> int:
        return self.kept + self.kept_late + self.broken + self.overdue

    @property
    def rate(self) -> float | None:
        """The share kept on time; None while nothing can be judged yet."""
        return self.kept / self.judged if self.judged else None


def tally(promises, today: datetime.date) -> Reliability:
    """Reliability of (status, due_on, resolved_on) triples; open promises before their date do not count."""
    counts = {KEPT: 0, KEPT_LATE: 0, BROKEN: 0, OVERDUE: 0, OPEN: 0}
    for status, due_on, resolved_on in promises:
        counts[standing(status, due_on, resolved_on, today)] += 1
    del counts[OPEN]
    return Reliability(**counts)
