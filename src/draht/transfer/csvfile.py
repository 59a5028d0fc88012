"""CSV as people have it: encoding and delimiter detected, headers mapped to fields, cells made safe for Excel.

Plain functions without database access; tested on their own (tests/test_csv_rules.py).
"""

import codecs
import csv
import io
import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from draht.customers.rules import fold


class CsvError(ValueError):
    """The file cannot be read as CSV; the message says why, in the user's language."""


DELIMITERS = (";", ",", "\t")

# The fields an import can fill, with the header names people use for them (German and English, folded:
# lower case, umlauts spelled out, no punctuation). The first name of each list is the canonical header
# used by draht's own export, so an export can be imported again.
FIELDS = {
    "external_id": (gettext_lazy("External id"), ["external id", "kundennummer", "kundennr", "kunden nr", "nr",
                                                 "id", "customer number", "customer id", "account number"]),
    "name": (gettext_lazy("Company / name"), ["name", "firma", "company", "unternehmen", "firmenname",
                                             "organisation", "organization", "kunde", "customer", "account name"]),
    "kind": (gettext_lazy("Kind"), ["kind", "art", "typ", "type"]),
    "salutation": (gettext_lazy("Salutation"), ["salutation", "anrede"]),
    "title": (gettext_lazy("Title"), ["title", "titel"]),
    "first_name": (gettext_lazy("First name"), ["first name", "vorname", "given name"]),
    "last_name": (gettext_lazy("Last name"), ["last name", "nachname", "familienname", "surname", "family name"]),
    "email": (gettext_lazy("E-mail"), ["e mail", "email", "mail", "e mail adresse", "email address",
                                      "e mail address"]),
    "phone": (gettext_lazy("Phone"), ["phone", "telefon", "tel", "telefonnummer", "phone number", "telephone",
                                     "business phone", "telefon geschaftlich", "telefon geschaeftlich"]),
    "street": (gettext_lazy("Street"), ["street", "strasse", "strase", "str", "adresse", "address",
                                       "anschrift", "business street"]),
    "postal_code": (gettext_lazy("Postal code"), ["postal code", "plz", "postleitzahl", "zip", "zip code",
                                                 "postcode"]),
    "city": (gettext_lazy("City"), ["city", "ort", "stadt", "town", "wohnort"]),
    "country": (gettext_lazy("Country"), ["country", "land", "staat"]),
    "subdivision": (gettext_lazy("Region"), ["region", "bundesland", "kanton", "provinz", "state", "province"]),
    "tier": (gettext_lazy("Tier"), ["tier", "kategorie", "klasse", "abc"]),
    "tags": (gettext_lazy("Tags"), ["tags", "schlagworte", "schlagwoerter", "merkmale", "labels"]),
    "owner": (gettext_lazy("Owner"), ["owner", "betreuer", "betreuerin", "kundenbetreuer", "zustandig",
                                     "zustaendig", "account manager"]),
    "customer_since": (gettext_lazy("Customer since"), ["customer since", "kunde seit", "kundin seit"]),
    "contact_salutation": (gettext_lazy("Contact: salutation"), ["contact salutation", "ansprechpartner anrede",
                                                               "kontakt anrede"]),
    "contact_title": (gettext_lazy("Contact: title"), ["contact title", "ansprechpartner titel", "kontakt titel"]),
    "contact_first_name": (gettext_lazy("Contact: first name"), ["contact first name", "ansprechpartner vorname",
                                                               "kontakt vorname"]),
    "contact_last_name": (gettext_lazy("Contact: last name"), ["contact last name", "ansprechpartner nachname",
                                                             "kontakt nachname", "ansprechpartner",
                                                             "ansprechperson", "kontaktperson", "contact person",
                                                             "contact"]),
    "contact_position": (gettext_lazy("Contact: position"), ["contact position", "position", "funktion",
                                                           "job title", "berufsbezeichnung"]),
    "contact_email": (gettext_lazy("Contact: e-mail"), ["contact email", "contact e mail", "ansprechpartner e mail",
                                                      "ansprechpartner email", "kontakt e mail", "kontakt email"]),
    "contact_phone": (gettext_lazy("Contact: phone"), ["contact phone", "ansprechpartner telefon",
                                                     "kontakt telefon", "durchwahl"]),
    "contact_mobile": (gettext_lazy("Contact: mobile"), ["contact mobile", "mobil", "mobile", "handy",
                                                       "mobiltelefon", "mobile phone", "ansprechpartner mobil"]),
    "contact_birthday": (gettext_lazy("Contact: birthday"), ["contact birthday", "geburtstag", "birthday",
                                                           "geburtsdatum", "date of birth"]),
    "display_name": (gettext_lazy("Display name"), ["display name", "anzeigename", "full name",
                                                    "vollstandiger name", "vollstaendiger name"]),
    "street_2": (gettext_lazy("Street (line 2)"), ["street 2", "address 2", "strasse 2", "adresszusatz"]),
    "more_emails": (gettext_lazy("Further e-mail addresses"), ["more emails", "weitere e mail adressen",
                                                               "other email", "secondary email", "e mail 2"]),
    "more_phones": (gettext_lazy("Further numbers"), ["more phones", "weitere telefonnummern", "other phone",
                                                      "home phone", "fax", "telefax", "fax number"]),
    "contact_more_emails": (gettext_lazy("Contact: further e-mail addresses"), ["contact more emails"]),
    "contact_more_phones": (gettext_lazy("Contact: further numbers"), ["contact more phones"]),
    "contact_birth_year": (gettext_lazy("Contact: year of birth"), ["birth year", "geburtsjahr"]),
    "contact_birth_month": (gettext_lazy("Contact: month of birth"), ["birth month", "geburtsmonat"]),
    "contact_birth_day": (gettext_lazy("Contact: day of birth"), ["birth day", "geburtstag tag"]),
    "contact_prefix": (gettext_lazy("Contact: salutation and title"), ["contact prefix", "name prefix"]),
    "home_street": (gettext_lazy("Private street"), ["home street", "strasse privat"]),
    "home_postal_code": (gettext_lazy("Private postal code"), ["home postal code", "postleitzahl privat"]),
    "home_city": (gettext_lazy("Private city"), ["home city", "ort privat"]),
    "home_country": (gettext_lazy("Private country"), ["home country", "land privat"]),
    "emails_any": (gettext_lazy("E-mail (any)"), []),
    "email_labels": (gettext_lazy("E-mail label"), []),
    "phones_any": (gettext_lazy("Number (any)"), []),
    "phone_labels": (gettext_lazy("Number label"), []),
    "faxes_any": (gettext_lazy("Fax"), []),
    # Written by the vCard reader: the card's number and name, and why a card could not be read.
    "_card": (gettext_lazy("Card"), ["card"]),
    "_problem": (gettext_lazy("Problem"), ["problem"]),
    "_note": (gettext_lazy("Note"), ["note"]),
}
# Fields several columns may fill (Google's "E-mail 1", "E-mail 2", …): their values are collected.
REPEATABLE = {"more_emails", "more_phones", "contact_more_emails", "contact_more_phones", "street_2", "home_street",
              "emails_any", "email_labels", "phones_any", "phone_labels", "faxes_any"}

MAX_COLUMNS = 200


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else Windows-1252 as Excel writes it in German locales.

    A file with NUL bytes is binary (a spreadsheet, a picture, UTF-16 without BOM) and refused.
    """
    if not data.strip():
        raise CsvError(_("The file is empty."))
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16").lstrip("\ufeff"), "utf-16"
    if b"\x00" in data[:65536]:
        raise CsvError(_("This is not a CSV file (it contains binary data). Save it from your spreadsheet as CSV."))
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: read as ISO-8859-1
        return data.decode("latin-1"), "latin-1"


def detect_delimiter(text: str) -> str:
    """The delimiter among ; , and tab that splits the first lines into the most equal, widest rows."""
    sample = text[:65536]
    best, best_score = ";", (-1, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(_take(csv.reader(io.StringIO(sample), delimiter=delimiter), 20))
        except csv.Error:
            continue
        if len(rows) > 1 and sample.count("\n") >= len(rows):
            rows = rows[:-1]  # the last sampled row may be cut off
        widths = [len(r) for r in rows if r]
        if not widths:
            continue
        width = max(set(widths), key=widths.count)
        score = (widths.count(width) if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score[1] <= 1:
        raise CsvError(_("No columns found: the file needs a header row with columns separated by ; , or tab."))
    return best


def _take(iterable, n):
    for i, item in enumerate(iterable):
        if i >= n:
            return
        yield item


def read_rows(text: str, delimiter: str):
    """The rows of the file (quoted fields may hold line breaks and delimiters); fully blank rows skipped.

    Yields (line_number, cells); the header is line 1.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield reader.line_num, [c.replace("\r\n", "\n") if "\r" in c else c for c in cells[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise CsvError(_("Line %(line)s cannot be read: %(error)s") % {"line": reader.line_num, "error": exc}) from None


def header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(header or "")).strip()


ALIASES = {alias: field for field, (_label, aliases) in FIELDS.items() for alias in aliases}


def detect_format(headers: list[str]) -> tuple[dict[int, str], str]:
    """({column index: field}, the name of the recognised export or "") for a header row."""
    from .formats import recognise

    keys = [header_key(h) for h in headers]
    known = recognise(keys)
    if known is None:
        return propose_mapping(headers), ""
    mapping = {i: known.mapping[k] for i, k in enumerate(keys) if k in known.mapping}
    taken = set(mapping.values())
    for index, key in enumerate(keys):
        field = ALIASES.get(key)
        if index not in mapping and key not in known.ignore and field and (field not in taken or field in REPEATABLE):
            mapping[index] = field
            taken.add(field)
    return mapping, known.name


def propose_mapping(headers: list[str]) -> dict[int, str]:
    """{column index: field} for every header that names a known field; each field once, the first wins."""
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        field = ALIASES.get(header_key(header))
        if field and field not in taken:
            mapping[index] = field
            taken.add(field)
    if "name" in taken and not taken & {"contact_first_name", "contact_last_name"}:
        # A company list with "Vorname; Nachname": those name the contact person, not the company.
        for index, field in mapping.items():
            if field in PERSON_FIELDS and "contact_" + field not in taken:
                mapping[index] = "contact_" + field
    return mapping


PERSON_FIELDS = {"salutation", "title", "first_name", "last_name"}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# What spreadsheet programs skip or read as nothing before a formula: spaces of every kind, zero-width characters,
# the byte-order mark, control characters.
_INVISIBLE = re.compile(r"^[\s\u00a0\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\x00-\x1f\x7f]+")


def is_formula_like(text: str) -> bool:
    """Would Excel, LibreOffice or Google Sheets read this cell as a formula (or a DDE call)? Leading blanks and
    invisible characters are looked through, and full-width signs (＝＋－＠) count as their plain forms."""
    if text[:1] in FORMULA_STARTS:
        return True
    rest = _INVISIBLE.sub("", text)
    if rest != text and not rest:
        return False
    first = unicodedata.normalize("NFKC", rest[:1])
    return first[:1] in FORMULA_STARTS or (rest != text and rest[:1] in FORMULA_STARTS)


def safe_cell(value) -> str:
    """A cell Excel and LibreOffice show as text, never run as a formula (OWASP CSV injection): such a cell gets a
    leading apostrophe, which both show as text and do not display."""
    text = "" if value is None else str(value)
    if text and is_formula_like(text):
        return "'" + text
    return text


NAME_FIELDS = {"name", "first_name", "last_name"}


def check_mapping(pairs, columns: int) -> dict[str, str]:
    """A column mapping as the job stores it ({"3": "city"}), from (column, field) pairs chosen by a person;
    raises ValidationError unless each column and each field appears once and a name column is chosen."""
    from django.core.exceptions import ValidationError

    mapping = {}
    for column, field in pairs:
        if not 0 <= column < columns or str(column) in mapping:
            raise ValidationError(_("Map each column (0–%(last)s) once, each field once.") % {"last": columns - 1})
        if field in mapping.values() and field not in REPEATABLE:
            raise ValidationError(_("“%(field)s” is chosen for two columns.") % {"field": FIELDS[field][0]})
        mapping[str(column)] = field
    if not (NAME_FIELDS | {"display_name", "contact_last_name", "contact_first_name"}) & set(mapping.values()):
        raise ValidationError(_("Choose the column with the company or person name."))
    return mapping
