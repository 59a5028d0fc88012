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
from draht.customers.rules import fold, normalise_email, normalise_phone, validate_subdivision

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
    "vereinigtes koenigreich": "GB",
}
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


GERMAN_DATE = re.compile(r"(3[01]|[12][0-9]|0[1-9]|[1-9])\.(1[0-2]|0[1-9]|[1-9])\.([0-9]{4})")


def parse_date(raw: str) -> datetime.date | None:
    """31.12.1970 (German), 1970-12-31 (ISO) or 31/12/1970."""
    value = (raw or "").strip()
    if not value:
        return None
    if match := GERMAN_DATE.fullmatch(value):  # what strptime("%d.%m.%Y") reads, without its cost
        day, month, year = map(int, match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
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


def parse_row(line: int, cells: list[str], mapping: dict[int, str], default_country: str) -> ParsedRow:
    raw = {name: (cells[index].strip() if index < len(cells) else "") for index, name in mapping.items()}
    row = ParsedRow(line=line, cells=cells)

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
    if raw.get("salutation"):
        customer["salutation"] = check(N_("Salutation"), parse_salutation, raw["salutation"]) or ""
    if raw.get("email"):
        customer["email"] = check(N_("E-mail"), normalise_email, raw["email"])
    if raw.get("phone"):
        customer["phone"] = check(N_("Phone"), normalise_phone, raw["phone"], country)
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
    row.customer = {k: v for k, v in customer.items() if v not in (None, "")} | {"name": customer["name"]}

    contact_raw = {k.removeprefix("contact_"): v for k, v in raw.items() if k.startswith("contact_") and v}
    if contact_raw:
        contact = {}
        for key in ("title", "first_name", "last_name", "position"):
            if contact_raw.get(key):
                contact[key] = contact_raw[key]
        if contact_raw.get("salutation"):
            contact["salutation"] = check(N_("Contact: salutation"), parse_salutation, contact_raw["salutation"])
        if contact_raw.get("email"):
            contact["email"] = check(N_("Contact: e-mail"), normalise_email, contact_raw["email"])
        for key, label in (("phone", N_("Contact: phone")), ("mobile", N_("Contact: mobile"))):
            if contact_raw.get(key):
                contact[key] = check(label, normalise_phone, contact_raw[key], country)
        if contact_raw.get("birthday"):
            contact["birthday"] = check(N_("Contact: birthday"), parse_date, contact_raw["birthday"])
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
        row.contact = {k: v for k, v in contact.items() if v not in (None, "")}
    row.tags = [t.strip()[:50] for t in TAG_SEPARATORS.split(raw.get("tags", "")) if t.strip()]
    row.owner = raw.get("owner", "").strip().lower()
    row.country_given = bool(raw.get("country"))
    return row
