"""Business rules for customer data: plain functions, tested on their own."""

import functools
import re
import unicodedata

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from . import phones

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe"})


def normalise_phone(raw: str, country: str) -> str:
    """A phone number in E.164, reading national numbers in the customer's country.

    "0664 1234567" in AT becomes "+436641234567". Empty stays empty.
    """
    raw = (raw or "").strip()
    if not raw:
        return ""
    region = (country or "DE").upper()
    answer = phones.e164(raw, region)  # the same answer as below, five to ten times faster, or None
    if answer is None:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            raise ValidationError(_("“%(value)s” is not a phone number."), params={"value": raw},
                                  code="phone") from None
        valid = phonenumbers.is_valid_number(number)
        answer = valid and (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                            str(number.national_number))
    if answer is False:
        raise ValidationError(
            _("“%(value)s” is not a valid phone number for %(country)s."),
            params={"value": raw, "country": region},
            code="phone",
        )
    e164, national = answer
    if len(_NATIONAL) > 200_000:
        _NATIONAL.clear()
    _NATIONAL[e164] = national
    return e164


# National numbers of recently normalised E.164 numbers, so indexing them needs no second parse (imports).
_NATIONAL: dict[str, str] = {}


def known_national_numbers(numbers) -> dict[str, str]:
    return {n: _NATIONAL[n] for n in numbers if n in _NATIONAL}


def remember_national_numbers(known: dict[str, str]) -> None:
    if len(_NATIONAL) > 200_000:
        _NATIONAL.clear()
    _NATIONAL.update(known)


@functools.lru_cache(maxsize=50_000)
def format_phone(e164: str) -> str:
    """An E.164 number in international notation for display: +43 664 1234567."""
    if not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def normalise_email(raw: str) -> str:
    value = (raw or "").strip().lower()
    if value.startswith("mailto:"):
        value = value[7:]
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("“%(value)s” is not an e-mail address."), params={"value": raw}, code="email") from None
    return value


def validate_country(code: str) -> str:
    code = (code or "").strip().upper()
    if not code or pycountry.countries.get(alpha_2=code) is None:
        raise ValidationError(_("“%(value)s” is not an ISO 3166-1 country code."), params={"value": code},
                              code="country")
    return code


def validate_subdivision(country: str, code: str) -> str:
    """An ISO 3166-2 code that belongs to the country (e.g. AT-9, IT-BZ, CH-FR); empty is allowed."""
    code = (code or "").strip().upper()
    if not code:
        return ""
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None or subdivision.country_code != country.upper():
        from draht.core.display import country_name

        raise ValidationError(
            _("“%(value)s” is not a region of %(country)s."),
            params={"value": code, "country": country_name(country.upper()) or country.upper()},
            code="subdivision",
        )
    return code


def subdivision_choices(country: str) -> list[tuple[str, str]]:
    subdivisions = pycountry.subdivisions.get(country_code=country.upper()) or []
    return sorted(((s.code, f"{s.name} ({s.code})") for s in subdivisions), key=lambda c: c[1])


def country_name(code: str) -> str:
    """The country's name in the active language (core/display.py)."""
    from draht.core.display import country_name as name

    return name(code)


def subdivision_name(code: str) -> str:
    from draht.core.display import subdivision_name as name

    return name(code)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case search form: umlauts as two letters (ü → ue), other accents dropped."""
    text = text or ""
    if text.isascii():  # no umlauts, accents or compatibility forms: lower case is all there is to do
        return text.lower()
    text = text.lower().translate(UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    # Compatibility forms can decompose into capitals or umlauts again (℠ → SM), so fold once more.
    return "".join(c for c in text if not unicodedata.combining(c)).lower().translate(UMLAUTS)


def fold_variants(text: str) -> str:
    """Both spellings of umlauts for the index, so "Müller", "Mueller" and "Muller" all match."""
    text = text or ""
    if text.isascii():  # nothing to fold or spell another way (the common case of an import's names)
        return text.lower()
    lower = text.lower()
    plain = "".join(c for c in unicodedata.normalize("NFKD", lower.replace("ß", "ss")) if not unicodedata.combining(c))
    folded = fold(text)
    return folded if plain == folded else f"{folded} {plain}"


def phone_search_forms(e164: str) -> str:
    """Digits of a number as people type them: 436641234567 and 06641234567."""
    if not e164:
        return ""
    digits = e164.lstrip("+")
    national = _NATIONAL.get(e164)
    if national is None:
        try:
            national = str(phonenumbers.parse(e164).national_number)
        except phonenumbers.NumberParseException:
            return digits
    return f"{digits} 0{national}"


def search_terms(query: str) -> list[str]:
    """A query split into folded terms; digit-only runs (phone numbers with spaces) are joined."""
    query = "".join(c for c in (query or "") if unicodedata.category(c) != "Cc" or c in " \t").strip()
    if re.fullmatch(r"[\d\s/()+.-]+", query):
        digits = re.sub(r"\D", "", query)
        return [digits] if digits else []
    return [t for t in fold(query).split() if t]


def sort_key(name: str) -> str:
    """How a German list sorts a name (DIN 5007-2): "Bäcker" as "baecker", before "Brunner"; at most 200 chars."""
    return fold(name or "")[:200]


NO_YEAR = 1604  # a birthday without a year (vCard --MMDD), as Apple stores it: a leap year, so 29 February fits


def mmdd(date) -> int | None:
    return date.month * 100 + date.day if date else None
