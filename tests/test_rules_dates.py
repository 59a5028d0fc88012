"""core.dates: the compiled formatter gives what Django's dateformat gives, for every value."""

import datetime
import zoneinfo

import pytest
from django.utils import dateformat, translation
from hypothesis import given
from hypothesis import strategies as st

from draht.core.dates import date_formatter

FORMATS = ["d.m.Y H:i", "d.m.Y", "m/d/Y P", "m/d/Y", "j. n. Y, G:i:s", "Y-m-d", "j. F Y", "D j. M", "\\d{d}%Y"]


@pytest.mark.parametrize("django_format", FORMATS)
@given(moment=st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 30),
                           timezones=st.sampled_from([zoneinfo.ZoneInfo("Europe/Vienna"), datetime.UTC])))
def test_the_compiled_formatter_agrees_with_django(django_format, moment):
    with translation.override("de"):
        assert date_formatter(django_format)(moment) == dateformat.format(moment, django_format)


def test_numeric_formats_are_compiled_and_others_left_to_django():
    assert date_formatter("d.m.Y H:i").__name__ == "format"
    assert date_formatter("m/d/Y P").__name__ == "<lambda>"
