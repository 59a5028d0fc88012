"""Coverage: the share of customers with personal contact within their cadence (PRODUCT.md §1)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from draht.customers.models import Customer

from .models import CoverageSnapshot


@dataclass
class CoverageRow:
    key: int | None
    label: str
    total: int
    covered: int

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def coverage_share(covered: int, total: int) -> float:
    return covered / total if total else 0.0


def coverage_by(customers, field: str, now=None) -> dict[int | None, tuple[int, int]]:
    """{owner_id or team_id: (total, covered)} over active customers."""
    now = now or timezone.now()
    rows = (
        customers.filter(is_archived=False).order_by().values(field)
        .annotate(total=Count("id"), covered=Count("id", filter=Q(contact_due_at__gt=now)))
    )
    return {r[field]: (r["total"], r["covered"]) for r in rows}


def overall(customers, now=None) -> tuple[int, int]:
    by_owner = coverage_by(customers, "owner_id", now)
    return sum(t for t, _ in by_owner.values()), sum(c for _, c in by_owner.values())


@transaction.atomic
def record_snapshot(day=None) -> int:
    """Write (or rewrite) the day's snapshot rows; idempotent, so any worker may run it any number of times."""
    day = day or timezone.localdate()
    now = timezone.now()
    customers = Customer.objects.all()
    rows = [CoverageSnapshot(day=day, scope="all", total=t, covered=c) for t, c in [overall(customers, now)]]
    rows += [CoverageSnapshot(day=day, scope="owner", owner_id=k, total=t, covered=c)
             for k, (t, c) in coverage_by(customers, "owner_id", now).items()]
    rows += [CoverageSnapshot(day=day, scope="team", team_id=k, total=t, covered=c)
             for k, (t, c) in coverage_by(customers, "team_id", now).items() if k is not None]
    CoverageSnapshot.objects.filter(day=day).delete()
    CoverageSnapshot.objects.bulk_create(rows)
    return len(rows)
