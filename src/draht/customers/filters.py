"""One filter definition for the customer list: page, API and tests use it."""

from dataclasses import dataclass

from django.db.models import QuerySet

from draht.core.params import object_id

from .choices import Tier
from .models import Customer


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return "".join(c for c in value if c.isprintable()) or None


@dataclass
class CustomerFilter:
    owner: int | None = None
    team: int | None = None
    tier: str | None = None
    tag: str | None = None
    country: str | None = None
    archived: bool = False

    def __post_init__(self):
        # Query strings can carry NUL and other control characters, which PostgreSQL cannot compare.
        self.tag = _clean(self.tag)
        self.country = _clean(self.country)

    @classmethod
    def from_query(cls, params) -> "CustomerFilter":
        def integer(name):
            return object_id(params.get(name))

        tier = params.get("tier")
        return cls(owner=integer("owner"), team=integer("team"), tier=tier if tier in Tier.values else None,
                   tag=params.get("tag") or None, country=(params.get("country") or "").upper()[:2] or None,
                   archived=params.get("archived") in ("1", "true", True))

    def apply(self, qs: QuerySet[Customer]) -> QuerySet[Customer]:
        qs = qs.filter(is_archived=self.archived)
        if self.owner:
            qs = qs.filter(owner_id=self.owner)
        if self.team:
            qs = qs.filter(team_id=self.team)
        if self.tier:
            qs = qs.filter(tier=self.tier)
        if self.tag:
            qs = qs.filter(tags__name=self.tag)
        if self.country:
            qs = qs.filter(country=self.country)
        return qs
