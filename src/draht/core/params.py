"""Values from query strings and forms that reach a lookup: parsed strictly, so crafted input is a 404 or an
empty filter, never a 500 (a 21-digit id overflows SQLite's and PostgreSQL's 64-bit integers)."""

import re

_ID = re.compile(r"[0-9]{1,18}")


def object_id(value) -> int | None:
    """A database id: one to 18 ASCII digits (always fits 64 bits), else None. Ints pass through when in range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**18 else None
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


class IdConverter:
    """`<id:pk>` in URLs: like `<int:pk>` but at most 18 digits, so an id that cannot exist is a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
