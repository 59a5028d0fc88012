"""Django's date formatting, compiled once per list for the hot rows (timeline, due list)."""

from collections.abc import Callable

from django.utils import dateformat

# Django format characters that are plain numbers of the value, as str.format fields.
_NUMBERS = {"d": "{0.day:02d}", "j": "{0.day}", "m": "{0.month:02d}", "n": "{0.month}", "Y": "{0.year:04d}",
            "H": "{0.hour:02d}", "G": "{0.hour}", "i": "{0.minute:02d}", "s": "{0.second:02d}"}


def date_formatter(django_format: str) -> Callable:
    """A function formatting a date or datetime exactly as `dateformat.format(value, django_format)` does.

    Numeric formats such as German "d.m.Y H:i" become one str.format call (Django's formatter costs about
    15 µs a value, a third of a timeline row); any other format (names of months, "P" for "3:30 p.m.", escapes)
    is left to Django.
    """
    if "\\" in django_format or any(c.isalpha() and c not in _NUMBERS for c in django_format):
        return lambda value: dateformat.format(value, django_format)
    return "".join(_NUMBERS.get(c) or c.replace("{", "{{").replace("}", "}}") for c in django_format).format
