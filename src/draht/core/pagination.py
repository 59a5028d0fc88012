"""Keyset pagination: the page after a cursor, never OFFSET, so page 1,000 is as fast as page 1."""

import base64
import datetime
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass
class Page:
    items: list
    next_cursor: str | None


def encode_cursor(values: list) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.datetime | datetime.date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, fields: list[str]) -> list | None:
    """The cursor's values, or None for a missing or malformed cursor (then the first page is shown)."""
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != len(fields):
        return None
    return values


def _parse(value, field: str, model):
    """The cursor value as the field's Python value; raises ValueError for anything a crafted cursor may hold
    (null, lists, objects, numbers beyond 64 bits, text where a number belongs)."""
    internal = model._meta.get_field(field.lstrip("-").removesuffix("_id"))
    kind = internal.get_internal_type()
    if value is None or isinstance(value, bool | list | dict):
        raise ValueError("not a cursor value")
    if kind == "DateTimeField":
        return datetime.datetime.fromisoformat(value)
    if kind == "DateField":
        return datetime.date.fromisoformat(value)
    if kind in ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "PositiveIntegerField",
                "SmallIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField", "ForeignKey"):
        if not isinstance(value, int) or not -(2**63) < value < 2**63:
            raise ValueError("not a 64-bit integer")
        return value
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def keyset_page(queryset: QuerySet, ordering: list[str], cursor: str | None, size: int) -> Page:
    """The next `size` rows of `queryset` in `ordering` (the last field must be unique, e.g. id)."""
    names = [f.lstrip("-") for f in ordering]
    values = decode_cursor(cursor, names)
    qs = queryset.order_by(*ordering)
    if values is not None:
        try:
            values = [_parse(v, f, queryset.model) for v, f in zip(values, names, strict=True)]
        except (ValueError, TypeError, AttributeError):
            values = None  # a crafted cursor: the first page
    if values is not None:
        condition = Q()
        for i, field in enumerate(ordering):
            name = names[i]
            op = "lt" if field.startswith("-") else "gt"
            step = Q(**{f"{name}__{op}": values[i]})
            for j in range(i):
                step &= Q(**{names[j]: values[j]})
            condition |= step
        qs = qs.filter(condition)
    rows = list(qs[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, n) for n in names])
    return Page(rows, next_cursor)
