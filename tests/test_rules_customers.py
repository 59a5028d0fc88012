import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from draht.customers.rules import (
    fold,
    fold_variants,
    normalise_email,
    normalise_phone,
    phone_search_forms,
    search_terms,
    validate_country,
    validate_subdivision,
)


@pytest.mark.parametrize("raw, country, expected", [
    ("0664 1234567", "AT", "+436641234567"),
    ("+43 664 1234567", "DE", "+436641234567"),
    ("089 1234567", "DE", "+49891234567"),
    ("0471 123456", "IT", "+390471123456"),
    ("044 668 18 00", "CH", "+41446681800"),
    ("", "AT", ""),
])
def test_phone_numbers_are_stored_in_e164_with_the_customers_country_as_default(raw, country, expected):
    assert normalise_phone(raw, country) == expected


@pytest.mark.parametrize("raw", ["12", "abc", "0664", "+99 123"])
def test_invalid_phone_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        normalise_phone(raw, "AT")


def test_emails_are_normalised_and_invalid_ones_rejected():
    assert normalise_email("  Maria.Mueller@Huber.EXAMPLE ") == "maria.mueller@huber.example"
    assert normalise_email("mailto:a@b.at") == "a@b.at"
    with pytest.raises(ValidationError):
        normalise_email("maria at huber")


@pytest.mark.parametrize("country, code", [("AT", "AT-9"), ("IT", "IT-BZ"), ("CH", "CH-FR"), ("DE", "DE-BY"),
                                           ("de", "de-by"), ("AT", "")])
def test_subdivisions_of_the_country_are_accepted(country, code):
    assert validate_subdivision(country, code) == code.upper()


@pytest.mark.parametrize("country, code", [("AT", "DE-BY"), ("DE", "DE-XX"), ("CH", "FR")])
def test_subdivisions_of_another_country_or_unknown_are_rejected(country, code):
    with pytest.raises(ValidationError):
        validate_subdivision(country, code)


def test_unknown_countries_are_rejected():
    assert validate_country("at") == "AT"
    with pytest.raises(ValidationError):
        validate_country("XX")


def test_fold_writes_umlauts_as_two_letters_and_drops_accents():
    assert fold("Müller Größer Bäcker") == "mueller groesser baecker"
    assert fold("Sàrl Crème") == "sarl creme"


def test_fold_variants_index_both_spellings():
    assert fold_variants("Müller") == "mueller muller"
    assert fold_variants("Schmidt") == "schmidt"


def test_search_terms_join_the_digits_of_a_phone_number():
    assert search_terms("0664 123 45") == ["066412345"]
    assert search_terms("Grüß Gott") == ["gruess", "gott"]


def test_phone_search_forms_cover_international_and_national_digits():
    assert phone_search_forms("+436641234567") == "436641234567 06641234567"


@given(st.text())
def test_fold_never_fails_and_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(st.characters(max_codepoint=127)))
def test_plain_ascii_folds_to_lower_case_in_one_spelling(text):
    assert fold_variants(text) == fold(text) == text.lower()
