"""Reading one import row: plain values in, clean field values or reasons out. No database access."""

import datetime
import functools
import re
from dataclasses import dataclass, field

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from draht.customers.choices import CustomerKind, Salutation, Tier
from draht.customers.rules import NO_YEAR, fold, normalise_email, normalise_phone, validate_subdivision

from .csvfile import REPEATABLE

CUSTOMER_FIELDS = ["external_id", "kind", "name", "salutation", "title", "first_name", "last_name", "email", "phone",
                   "street", "postal_code", "city", "country", "subdivision", "tier", "customer_since"]
CONTACT_FIELDS = ["salutation", "title", "first_name", "last_name", "position", "email", "phone", "mobile",
                  "birthday"]
MAX_LENGTHS = {"external_id": 100, "name": 200, "title": 40, "first_name": 100, "last_name": 100, "street": 200,
               "postal_code": 12, "city": 100, "position": 100}
# In the order the row's problems are named: each field, then the contact person's field of that name.
LENGTH_CHECKS = [(key, limit) for name, limit in MAX_LENGTHS.items() for key in (name, "contact_" + name)]
TAG_SEPARATORS = re.compile(r"[,|]")

# Country names as they appear in German and English address lists, besides ISO codes.
COUNTRY_NAMES = {
    "deutschland": "DE", "germany": "DE", "brd": "DE", "d": "DE", "osterreich": "AT", "oesterreich": "AT",
    "austria": "AT", "a": "AT", "schweiz": "CH", "switzerland": "CH", "suisse": "CH", "svizzera": "CH",
    "italien": "IT", "italy": "IT", "italia": "IT", "sudtirol": "IT", "suedtirol": "IT", "liechtenstein": "LI",
    "fl": "LI", "luxemburg": "LU", "luxembourg": "LU", "frankreich": "FR", "niederlande": "NL", "belgien": "BE",
    "danemark": "DK", "daenemark": "DK", "polen": "PL", "tschechien": "CZ", "ungarn": "HU", "slowenien": "SI",
    "kroatien": "HR", "spanien": "ES", "grossbritannien": "GB", "vereinigtes konigreich": "GB",
    "vereinigtes koenigreich": "GB", "usa": "US", "us": "US", "vereinigte staaten": "US", "united states": "US",
    "united states of america": "US", "vereinigte staaten von amerika": "US", "uk": "GB", "england": "GB",
    "united kingdom": "GB", "great britain": "GB", "holland": "NL", "the netherlands": "NL", "nederland": "NL",
    "schweden": "SE", "norwegen": "NO", "finnland": "FI", "irland": "IE", "griechenland": "GR", "tuerkei": "TR",
    "turkei": "TR", "rumaenien": "RO", "rumanien": "RO", "slowakei": "SK", "bulgarien": "BG", "oesterreich a": "AT",
    "ch": "CH", "de": "DE", "at": "AT", "it": "IT", "bundesrepublik deutschland": "DE", "republik osterreich": "AT",
    "republik oesterreich": "AT", "osterreich at": "AT", "svizra": "CH", "confederation suisse": "CH",
}
# Cells that look filled but say "nothing": Outlook's empty date 0.0.00, a dash, n/a, NULL.
PLACEHOLDER = re.compile(r"-+|—|n/?a|null|none|\(none\)|k\.?\s?a\.?|keine angabe|0{1,2}[./-]0{1,2}[./-]0{2,4}|"
                         r"0{4}-0{2}-0{2}|1/0/0{2,4}", re.IGNORECASE)
COMBINED = {"street_2", "contact_prefix", "contact_birth_month", "home_city", "home_street", "display_name"}
MOBILE_LABELS = {"mobile", "mobil", "cell", "handy", "mobiltelefon", "iphone"}
SALUTATIONS = {"herr": Salutation.MR, "hr": Salutation.MR, "mr": Salutation.MR, "frau": Salutation.MS,
               "fr": Salutation.MS, "ms": Salutation.MS, "mrs": Salutation.MS, "divers": Salutation.DIVERSE,
               "diverse": Salutation.DIVERSE, "firma": "", "company": "", "": ""}
PERSON_KINDS = {"person", "privat", "privatperson", "private", "private person", "privatkunde", "p"}


@functools.lru_cache(maxsize=1000)
def parse_country(raw: str) -> str:
    value = (raw or "").strip()
    key = re.sub(r"[^a-z ]+", "", fold(value)).strip()
    if key in COUNTRY_NAMES:
        return COUNTRY_NAMES[key]
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        raise ValidationError(_("“%(value)s” is not a country we know (use an ISO code such as DE, AT, CH, IT)."),
                              params={"value": value}, code="country") from None


NO_YEAR_DATE = re.compile(r"--(1[0-2]|0[1-9])-?(3[01]|[12][0-9]|0[1-9])")
GERMAN_DATE = re.compile(r"(3[01]|[12][0-9]|0[1-9]|[1-9])\.(1[0-2]|0[1-9]|[1-9])\.([0-9]{4})")


def parse_date(raw: str) -> datetime.date | None:
    """31.12.1970 (German), 1970-12-31 (ISO) or 31/12/1970."""
    value = (raw or "").strip()
    if not value:
        return None
    if match := NO_YEAR_DATE.fullmatch(value):  # a birthday without a year (vCard, Google)
        return datetime.date(NO_YEAR, int(match.group(1)), int(match.group(2)))
    if match := GERMAN_DATE.fullmatch(value):  # what strptime("%d.%m.%Y") reads, without its cost
        day, month, year = map(int, match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y", "%m/%d/%Y", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("“%(value)s” is not a date (write 31.12.1970 or 1970-12-31)."), params={"value": value},
                          code="date")


def parse_salutation(raw: str) -> str:
    key = re.sub(r"[^a-z ]+", "", fold(raw)).strip()
    if key not in SALUTATIONS:
        raise ValidationError(_("“%(value)s” is not a salutation (Herr, Frau, divers)."), params={"value": raw},
                              code="salutation")
    return str(SALUTATIONS[key])  # the plain value: parsed rows cross to the writing process


@dataclass
class ParsedRow:
    """One row read: the customer's values, the contact person's (or None), and what is wrong with it."""

    line: int
    cells: list[str]
    customer: dict = field(default_factory=dict)
    contact: dict | None = None
    tags: list[str] = field(default_factory=list)
    owner: str = ""
    country_given: bool = False
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was kept but needs a look (a number as typed)
    label: str = ""  # a vCard's number and name
    # Filled by the importer's parsing step (draht.transfer.importer.prepared_row): the index texts, and the
    # customer and contact person as rows for the database (draht.core.db.row_format).
    customer_text: str = ""
    contact_text: str = ""
    customer_row: str | tuple | None = None
    contact_row: str | tuple | None = None

    @functools.cached_property
    def keys(self) -> list[tuple[str, str]]:
        """What identifies the customer, strongest first: external id, then e-mail, then phone, then name.
        Worked out once (the import's parsing process does it, see importer.prepared_row)."""
        keys = []
        if self.customer.get("external_id"):
            keys.append(("external_id", self.customer["external_id"]))
        for email in (self.customer.get("email"), (self.contact or {}).get("email")):
            if email:
                keys.append(("email", email))
        contact = self.contact or {}
        for phone in (self.customer.get("phone"), contact.get("phone"), contact.get("mobile")):
            if phone:
                keys.append(("phone", phone))
        keys.append(("name", f"{self.customer['name']}\x1f{self.customer.get('postal_code', '')}"))
        return keys


def _split_entries(value: str) -> list[tuple[str, str]]:
    """(label, value) pairs from a cell: lines "label<TAB>value" (the vCard reader) or values separated by
    " ::: " (Google's several values in one cell)."""
    pairs = []
    for line in value.split("\n"):
        for part in line.split(" ::: "):
            label, tab, text = part.partition("\t")
            text = (text if tab else label).strip()
            if text:
                pairs.append((label.strip().lower() if tab else "", text))
    return pairs


def _other_email(raw: str, label: str) -> dict:
    try:
        return {"kind": "email", "value": normalise_email(raw), "label": label}
    except ValidationError:
        return {"kind": "email", "value": raw[:254], "label": label, "invalid": True}


def _other_phone(raw: str, label: str, country: str) -> dict:
    kind = "mobile" if label in MOBILE_LABELS else "fax" if label == "fax" else "phone"
    try:
        return {"kind": kind, "value": normalise_phone(raw, country), "label": label}
    except ValidationError:
        return {"kind": kind, "value": raw[:40], "label": label, "invalid": True}


def _birth_parts(raw: dict) -> str:
    """Thunderbird's Birth Year / Month / Day as one date (1604 for a missing year)."""
    month, day, year = (raw.get(f"contact_birth_{p}", "").strip() for p in ("month", "day", "year"))
    if not (month.isdigit() and day.isdigit()) or int(month) == 0 or int(day) == 0:
        return ""
    year = year if year.isdigit() and int(year) > 0 else str(NO_YEAR)
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def parse_row(line: int, cells: list[str], mapping: dict[int, str], default_country: str) -> ParsedRow:
    raw = {}
    for index, name in mapping.items():
        value = cells[index].strip() if index < len(cells) else ""
        if value and len(value) < 14 and PLACEHOLDER.fullmatch(value):
            value = ""
        if name in REPEATABLE:  # every column in its place (labels pair with values by position)
            raw[name] = f"{raw[name]}\n{value}" if name in raw else value
        else:
            raw[name] = value
    for name in REPEATABLE.intersection(raw):
        if not raw[name].strip():
            raw[name] = ""
    row = ParsedRow(line=line, cells=cells)
    if raw.get("_card"):
        row.label = raw["_card"]
        number = raw["_card"].split(" ", 1)[0]
        row.line = int(number) if number.isdigit() else line
    if raw.get("_problem"):  # a card that could not be read: nothing else to say about it
        row.errors.append(raw["_problem"])
        row.customer = {"name": ""}
        return row
    if raw.get("_note"):
        row.notes.append(raw["_note"])

    def check(label, function, *args):
        try:
            return function(*args)
        except ValidationError as exc:
            row.errors.append(f"{_(label)}: {' '.join(exc.messages)}")
            return None

    for key, limit in LENGTH_CHECKS:
        if len(raw.get(key, "")) > limit:
            row.errors.append(_("%(field)s: longer than %(limit)s characters.") % {"field": key, "limit": limit})
            raw[key] = raw[key][:limit]
    if not COMBINED.isdisjoint(raw) or not (raw.get("name") or raw.get("first_name") or raw.get("last_name")):
        _combine(raw)

    country = check(N_("Country"), parse_country, raw["country"]) if raw.get("country") else default_country
    country = country or default_country
    customer = {"country": country}
    for key in ("external_id", "title", "first_name", "last_name", "street", "postal_code", "city"):
        if raw.get(key):
            customer[key] = raw[key]
    kind_raw = fold(raw.get("kind", ""))
    is_person = kind_raw in PERSON_KINDS or (not raw.get("name") and (raw.get("first_name") or raw.get("last_name")))
    customer["kind"] = str(CustomerKind.PERSON if is_person else CustomerKind.ORGANISATION)
    customer["name"] = raw.get("name") or " ".join(p for p in (raw.get("first_name"), raw.get("last_name")) if p)
    if not customer["name"]:
        row.errors.append(_("The row has no company or person name."))

    contact_raw = {k.removeprefix("contact_"): v for k, v in raw.items() if k.startswith("contact_") and v}
    if raw.get("emails_any") or raw.get("phones_any") or raw.get("faxes_any"):
        if not contact_raw and is_person:  # a private person's numbers: on the person as contact too, as vCards
            contact_raw = {"first_name": raw.get("first_name", ""), "last_name": raw.get("last_name", "")}
        _spread(raw, contact_raw if contact_raw else raw)

    if raw.get("salutation"):
        customer["salutation"] = check(N_("Salutation"), parse_salutation, raw["salutation"]) or ""
    customer_others, contact_others = [], []
    if raw.get("email"):
        customer["email"] = check(N_("E-mail"), normalise_email, raw["email"])
    if raw.get("phone"):
        customer["phone"] = _phone(raw["phone"], country, customer_others)
    if raw.get("subdivision"):
        customer["subdivision"] = check(N_("Region"), validate_subdivision, country, raw["subdivision"])
    if raw.get("tier"):
        tier = raw["tier"].strip().upper()[:1]
        if tier in Tier.values:
            customer["tier"] = tier
        else:
            row.errors.append(_("Tier: “%(value)s” is not A, B or C.") % {"value": raw["tier"]})
    if raw.get("customer_since"):
        customer["customer_since"] = check(N_("Customer since"), parse_date, raw["customer_since"])
    _others(raw.get("more_emails", ""), raw.get("more_phones", ""), country, customer_others)

    if contact_raw:
        contact = {}
        for key in ("title", "first_name", "last_name", "position"):
            if contact_raw.get(key):
                contact[key] = contact_raw[key]
        if contact_raw.get("salutation"):
            contact["salutation"] = check(N_("Contact: salutation"), parse_salutation, contact_raw["salutation"])
        if contact_raw.get("email"):
            contact["email"] = check(N_("Contact: e-mail"), normalise_email, contact_raw["email"])
        if contact_raw.get("phone"):
            contact["phone"] = _phone(contact_raw["phone"], country, contact_others)
        if contact_raw.get("mobile"):
            contact["mobile"] = _phone(contact_raw["mobile"], country, contact_others, "mobile")
        if contact_raw.get("birthday"):
            contact["birthday"] = check(N_("Contact: birthday"), parse_date, contact_raw["birthday"])
        _others(contact_raw.get("more_emails", ""), contact_raw.get("more_phones", ""), country, contact_others)
        if contact.get("last_name") and " " in contact["last_name"] and "contact_first_name" not in mapping.values():
            # One "Ansprechpartner" column with the whole name: the last word is the family name.
            contact["first_name"], contact["last_name"] = contact["last_name"].rsplit(" ", 1)
        if not contact.get("last_name"):
            if customer["kind"] == CustomerKind.PERSON and customer.get("last_name"):
                contact.setdefault("first_name", customer.get("first_name", ""))
                contact["last_name"] = customer["last_name"]
            elif contact.get("first_name"):
                contact["last_name"], contact["first_name"] = contact["first_name"], ""
            else:
                row.errors.append(_("Contact: a contact person needs a name."))
        if contact_others:
            contact["other_contacts"] = contact_others
        row.contact = {k: v for k, v in contact.items() if v not in (None, "")}
    if customer_others:
        customer["other_contacts"] = customer_others
    row.customer = {k: v for k, v in customer.items() if v not in (None, "")} | {"name": customer["name"]}
    row.tags = [t.strip()[:50] for t in TAG_SEPARATORS.split(raw.get("tags", "")) if t.strip()]
    row.owner = raw.get("owner", "").strip().lower()
    row.country_given = bool(raw.get("country"))
    invalid = [o["value"] for o in customer_others + contact_others if o.get("invalid")]
    if invalid:
        row.notes.append(_("Kept as typed, to be checked in the check-in call: %(values)s")
                         % {"values": ", ".join(invalid)})
    return row


def _combine(raw: dict) -> None:
    """Fields that take several columns or stand in for others: a private address where no business one is, the
    second street line, "Herr Dr." split into salutation and title, Thunderbird's birth year/month/day, and a
    person without a company named by the contact or display name."""
    if not raw.get("street") and not raw.get("city") and (raw.get("home_street") or raw.get("home_city")):
        for key in ("street", "postal_code", "city", "country"):
            raw[key] = raw.get("home_" + key, "").split("\n")[0]
    if raw.get("street_2"):
        raw["street"] = ", ".join(p for p in (raw.get("street"), *raw["street_2"].split("\n")) if p)[:200]
    if raw.get("contact_prefix"):
        from .vcards import split_prefix

        salutation, title = split_prefix(raw["contact_prefix"])
        raw["contact_salutation"] = raw.get("contact_salutation") or salutation
        raw["contact_title"] = raw.get("contact_title") or title
    if raw.get("contact_birth_month") and not raw.get("contact_birthday"):
        raw["contact_birthday"] = _birth_parts(raw)
    if not raw.get("name") and not raw.get("first_name") and not raw.get("last_name"):
        if raw.get("contact_first_name") or raw.get("contact_last_name"):
            raw["first_name"], raw["last_name"] = raw.get("contact_first_name", ""), raw.get("contact_last_name", "")
            raw["kind"] = raw.get("kind") or "person"
        elif raw.get("display_name"):
            first, _space, last = raw["display_name"].rpartition(" ")
            raw["first_name"], raw["last_name"], raw["kind"] = first, last, raw.get("kind") or "person"


def _label(labels: list[str], index: int) -> str:
    text = fold(labels[index]).strip("* ") if index < len(labels) else ""
    return text.split()[0] if text else ""


def _values_with_index(cell: str):
    """(column number, value) of a repeatable field's values; Google joins several values of a column by " ::: "."""
    for index, column in enumerate(cell.split("\n")):
        for value in column.split(" ::: "):
            if value.strip():
                yield index, value.strip()


def _spread(raw: dict, slots: dict) -> None:
    """E-mail addresses and numbers from columns of any kind (Outlook's several phone columns, Google's labelled
    pairs) into `slots` (the contact person's raw values, or the customer's): the first e-mail and the first office
    number fill the main fields, a mobile the mobile field (a person's), the rest become further ones."""
    email_labels, phone_labels = raw.get("email_labels", "").split("\n"), raw.get("phone_labels", "").split("\n")
    more_emails, more_phones = [], []
    for index, value in _values_with_index(raw.get("emails_any", "")):
        if not slots.get("email"):
            slots["email"] = value
        else:
            more_emails.append(f"{_label(email_labels, index)}\t{value}")
    has_mobile = slots is not raw
    for index, value in _values_with_index(raw.get("phones_any", "")):
        label = _label(phone_labels, index)
        if label in MOBILE_LABELS and has_mobile and not slots.get("mobile"):
            slots["mobile"] = value
        elif label not in MOBILE_LABELS and label != "fax" and not slots.get("phone"):
            slots["phone"] = value
        else:
            more_phones.append(f"{label}\t{value}")
    more_phones += [f"fax\t{v}" for v in raw.get("faxes_any", "").split("\n") if v.strip()]
    for key, values in (("more_emails", more_emails), ("more_phones", more_phones)):
        if values:
            slots[key] = "\n".join(filter(None, [slots.get(key, ""), *values]))


def _others(emails: str, phones: str, country: str, others: list) -> None:
    for label, value in _split_entries(emails):
        others.append(_other_email(value, label))
    for label, value in _split_entries(phones):
        others.append(_other_phone(value, label, country))


def _phone(raw: str, country: str, others: list, kind: str = "") -> str:
    """The number in E.164; one that cannot be read is kept as typed among the others, flagged, never a reason to
    refuse the row."""
    try:
        return normalise_phone(raw, country)
    except ValidationError:
        others.append({"kind": kind or "phone", "value": raw[:40], "label": "", "invalid": True})
        return ""
