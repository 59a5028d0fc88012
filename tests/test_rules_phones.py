"""draht.customers.phones gives phonenumbers' answer or none: checked against phonenumbers itself on the example
numbers of every region, written the ways people write them, with digits changed, dropped and added."""

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draht.customers import phones
from draht.customers.rules import normalise_phone

# The product's countries first, then neighbours and regions whose metadata has the rarer features (national
# prefixes with carrier codes or transform rules, shared country calling codes, leading-digit regions).
HOME = ["DE", "AT", "CH", "IT", "LI"]
REGIONS = HOME + ["FR", "NL", "BE", "LU", "PL", "CZ", "HU", "SI", "HR", "ES", "DK", "GB", "IM", "US", "CA", "AG",
                  "BR", "AR", "MX", "RU", "KZ", "VA", "SM", "IN", "CN", "JP", "AU", "NZ", "ZA", "FI", "AX", "SE", "NO",
                  "SJ", "GR", "TR", "IL", "PT", "IE", "CO", "KR"]
TYPES = [phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
         phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
         phonenumbers.PhoneNumberType.VOIP, phonenumbers.PhoneNumberType.SHARED_COST]
FORMATS = [phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL,
           phonenumbers.PhoneNumberFormat.E164]


def phonenumbers_answer(raw: str, region: str):
    """What phonenumbers says: (E.164, national number) of a valid number, False if invalid, "refused" if it
    cannot be parsed."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return "refused"
    if not phonenumbers.is_valid_number(number):
        return False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), str(number.national_number)


def parsed_by_phonenumbers(raw: str, region: str):
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return "refused"
    return number.country_code, phonenumbers.national_significant_number(number)


def assert_same(raw: str, region: str) -> bool:
    """Checks one input; True if the shortcut decided it."""
    parsed = phones.parse(raw, region)
    if parsed is not None:
        assert parsed == parsed_by_phonenumbers(raw, region), (raw, region)
    answer = phones.e164(raw, region)
    if answer is not None:
        assert answer == phonenumbers_answer(raw, region), (raw, region)
    return answer is not None


def examples(region):
    for kind in TYPES:
        number = phonenumbers.example_number_for_type(region, kind)
        if number is not None:
            for fmt in FORMATS:
                yield phonenumbers.format_number(number, fmt)


def written(text: str, separator: str) -> str:
    """The same digits with another separator between the groups ("089 1234" → "089/1234")."""
    return separator.join(text.replace("-", " ").split())


@pytest.mark.parametrize("region", REGIONS)
def test_the_example_numbers_of_a_region_read_as_phonenumbers_reads_them(region):
    decided = 0
    for text in examples(region):
        for separator in (" ", "/", "-", ".", ""):
            raw = written(text, separator)
            decided += assert_same(raw, region)
            for home in HOME:  # the same number in a file of another country
                assert_same(raw, home)
            if raw.startswith("+"):
                assert_same("00" + raw[1:], region)  # the IDD instead of "+"
    if region in HOME:
        assert decided  # the common shapes do not all fall back to phonenumbers


@pytest.mark.parametrize("region", HOME)
def test_every_digit_changed_dropped_or_added_reads_as_phonenumbers_reads_it(region):
    for text in examples(region):
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        for i in digits:
            for d in "0123456789":
                assert_same(text[:i] + d + text[i + 1:], region)
            assert_same(text[:i] + text[i + 1:], region)
            assert_same(text[:i] + "7" + text[i:], region)


shapes = st.tuples(
    st.sampled_from(["", "+", "00", "0", "+49", "0049", "43", "49", "41", "39", "+39 0", "+43 (0)"]),
    st.lists(st.text("0123456789", min_size=1, max_size=5), min_size=1, max_size=5),
    st.sampled_from([" ", "/", "-", ".", "", "  ", " - "]),
)


@settings(max_examples=1500, deadline=None)
@given(shape=shapes, region=st.sampled_from(REGIONS))
def test_any_digits_with_separators_read_as_phonenumbers_reads_them(shape, region):
    prefix, groups, separator = shape
    raw = prefix + separator.join(groups)
    assert_same(raw, region)
    assert_same(raw, "DE")


@settings(max_examples=300, deadline=None)
@given(raw=st.text(alphabet="0123456789+ -/.()x#,;abc", max_size=25), region=st.sampled_from(HOME))
def test_other_input_is_left_to_phonenumbers(raw, region):
    assert_same(raw, region)


def test_normalising_gives_phonenumbers_answer_and_messages():
    assert normalise_phone("0664 1234567", "AT") == "+436641234567"
    assert normalise_phone("089/1234567-0", "DE") == "+49891234567" + "0"
    assert normalise_phone("+41 44 668 18 00", "DE") == "+41446681800"
    assert normalise_phone("0471 123456", "IT") == "+390471123456"
    assert normalise_phone("(0316) 123456", "AT") == "+43316123456"  # brackets: phonenumbers itself
    for raw, message in [("123", "not a valid phone number for DE"), ("0664 12", "not a valid phone number"),
                         ("abc", "not a phone number"), ("+999 1234567", "not a phone number")]:
        with pytest.raises(Exception, match=message):
            normalise_phone(raw, "DE")
