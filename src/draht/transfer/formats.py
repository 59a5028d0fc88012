"""Address-book exports draht recognises by their header row, with the mapping that fits each.

A format is recognised when every one of its signature columns is present (header keys: lower case, umlauts
spelled out, punctuation as spaces). Its mapping then maps the columns it knows; columns it lists under `ignore`
are never mapped by the general names (Outlook's "Ort" is its "location", not the city); the rest of the file is
mapped by the general names (csvfile.FIELDS). Plain data: add a format by adding an entry.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Format:
    name: str
    signature: tuple[str, ...]
    mapping: dict[str, str]
    ignore: frozenset[str] = field(default_factory=frozenset)


def _numbered(template: str, target: str, count: int = 6) -> dict[str, str]:
    return {template.format(n=n): target for n in range(1, count + 1)}


OUTLOOK_DE = Format(
    "Outlook (Deutsch)",
    ("vorname", "nachname", "firma", "strasse geschaeftlich", "ort geschaeftlich"),
    {"anrede": "contact_prefix", "titel": "contact_prefix", "vorname": "contact_first_name",
     "nachname": "contact_last_name", "firma": "name", "position": "contact_position",
     "strasse geschaeftlich": "street", "strasse geschaeftlich 2": "street_2", "strasse geschaeftlich 3": "street_2",
     "ort geschaeftlich": "city", "region geschaeftlich": "subdivision", "postleitzahl geschaeftlich": "postal_code",
     "land region geschaeftlich": "country", "strasse privat": "home_street", "ort privat": "home_city",
     "postleitzahl privat": "home_postal_code", "land region privat": "home_country",
     "telefon geschaeftlich": "phones_any", "telefon geschaeftlich 2": "phones_any", "telefon firma": "phones_any",
     "haupttelefon": "phones_any", "telefon privat": "phones_any", "telefon privat 2": "phones_any",
     "weiteres telefon": "phones_any", "mobiltelefon": "contact_mobile", "mobiltelefon 2": "phones_any",
     "fax geschaeftlich": "faxes_any", "fax privat": "faxes_any", "weiteres fax": "faxes_any",
     "e mail adresse": "emails_any", "e mail 2 adresse": "emails_any", "e mail 3 adresse": "emails_any",
     "geburtstag": "contact_birthday", "kategorien": "tags"},
    frozenset({"ort", "buero", "e mail typ", "e mail angezeigter name", "e mail 2 typ", "e mail 2 angezeigter name",
               "e mail 3 typ", "e mail 3 angezeigter name", "jahrestag", "notizen", "privat", "konto"}),
)
OUTLOOK_EN = Format(
    "Outlook (English)",
    ("first name", "last name", "company", "business street", "business city"),
    {"title": "contact_prefix", "first name": "contact_first_name", "last name": "contact_last_name",
     "company": "name", "job title": "contact_position", "business street": "street",
     "business street 2": "street_2", "business street 3": "street_2", "business city": "city",
     "business state": "subdivision", "business postal code": "postal_code", "business country region": "country",
     "home street": "home_street", "home city": "home_city", "home postal code": "home_postal_code",
     "home country region": "home_country", "business phone": "phones_any", "business phone 2": "phones_any",
     "company main phone": "phones_any", "primary phone": "phones_any", "home phone": "phones_any",
     "home phone 2": "phones_any", "other phone": "phones_any", "mobile phone": "contact_mobile",
     "business fax": "faxes_any", "home fax": "faxes_any", "other fax": "faxes_any",
     "e mail address": "emails_any", "e mail 2 address": "emails_any", "e mail 3 address": "emails_any",
     "birthday": "contact_birthday", "categories": "tags"},
    frozenset({"location", "office location", "e mail type", "e mail display name", "e mail 2 type",
               "e mail 2 display name", "e mail 3 type", "e mail 3 display name", "anniversary", "notes",
               "private", "account"}),
)
THUNDERBIRD_EN = Format(
    "Thunderbird",
    ("first name", "last name", "display name", "primary email"),
    {"first name": "contact_first_name", "last name": "contact_last_name", "display name": "display_name",
     "primary email": "emails_any", "secondary email": "emails_any", "work phone": "phones_any",
     "home phone": "phones_any", "fax number": "faxes_any", "mobile number": "contact_mobile",
     "home address": "home_street", "home address 2": "home_street", "home city": "home_city",
     "home zipcode": "home_postal_code", "home country": "home_country", "work address": "street",
     "work address 2": "street_2", "work city": "city", "work state": "subdivision", "work zipcode": "postal_code",
     "work country": "country", "job title": "contact_position", "organization": "name",
     "birth year": "contact_birth_year", "birth month": "contact_birth_month", "birth day": "contact_birth_day"},
    frozenset({"nickname", "screen name", "pager number", "home state", "department", "web page 1", "web page 2",
               "custom 1", "custom 2", "custom 3", "custom 4", "notes"}),
)
THUNDERBIRD_DE = Format(
    "Thunderbird (Deutsch)",
    ("vorname", "nachname", "anzeigename", "primaere e mail adresse"),
    {"vorname": "contact_first_name", "nachname": "contact_last_name", "anzeigename": "display_name",
     "primaere e mail adresse": "emails_any", "sekundaere e mail adresse": "emails_any",
     "tel dienstlich": "phones_any", "tel privat": "phones_any", "fax nummer": "faxes_any",
     "mobil tel nr": "contact_mobile", "privat adresse": "home_street", "privat adresse 2": "home_street",
     "privat ort": "home_city", "privat plz": "home_postal_code", "privat land": "home_country",
     "dienstlich adresse": "street", "dienstlich adresse 2": "street_2", "dienstlich ort": "city",
     "dienstlich bundesland": "subdivision", "dienstlich plz": "postal_code", "dienstlich land": "country",
     "arbeitstitel": "contact_position", "organisation": "name", "geburtsjahr": "contact_birth_year",
     "geburtsmonat": "contact_birth_month", "geburtstag": "contact_birth_day"},
    frozenset({"spitzname", "messenger name", "pager nummer", "privat bundesland", "abteilung", "webseite 1",
               "webseite 2", "notizen"}),
)
_GOOGLE_COMMON = (_numbered("e mail {n} value", "emails_any") | _numbered("e mail {n} label", "email_labels")
                  | _numbered("e mail {n} type", "email_labels") | _numbered("phone {n} value", "phones_any")
                  | _numbered("phone {n} label", "phone_labels") | _numbered("phone {n} type", "phone_labels")
                  | {"address 1 street": "street", "address 1 extended address": "street_2",
                     "address 1 city": "city", "address 1 region": "subdivision",
                     "address 1 postal code": "postal_code",
                     "address 1 country": "country", "birthday": "contact_birthday", "name prefix": "contact_prefix"})
_GOOGLE_IGNORE = frozenset({"name suffix", "nickname", "file as", "notes", "photo", "labels", "group membership",
                            "address 1 formatted", "address 1 label", "address 1 type", "address 1 po box",
                            "location", "initials", "short name", "maiden name", "gender", "yomi name"})
GOOGLE = Format(
    "Google Contacts",
    ("first name", "last name", "organization name", "e mail 1 value"),
    _GOOGLE_COMMON | {"first name": "contact_first_name", "last name": "contact_last_name",
                      "organization name": "name", "organization title": "contact_position"},
    _GOOGLE_IGNORE | {"middle name", "organization department"},
)
GOOGLE_OLD = Format(
    "Google Contacts (CSV)",
    ("given name", "family name", "e mail 1 value"),
    _GOOGLE_COMMON | {"name": "display_name", "given name": "contact_first_name", "family name": "contact_last_name",
                      "organization 1 name": "name", "organization 1 title": "contact_position"},
    _GOOGLE_IGNORE | {"additional name", "organization 1 type", "organization 1 department",
                      "organization 1 yomi name"},
)
SALESFORCE = Format(
    "Salesforce",
    ("first name", "last name", "account name", "mailing street"),
    {"salutation": "contact_salutation", "first name": "contact_first_name", "last name": "contact_last_name",
     "title": "contact_position", "account name": "name", "mailing street": "street", "mailing city": "city",
     "mailing state province": "subdivision", "mailing zip postal code": "postal_code", "mailing country": "country",
     "phone": "contact_phone", "mobile": "contact_mobile", "email": "contact_email",
     "birthdate": "contact_birthday"},
)
HUBSPOT = Format(
    "HubSpot",
    ("first name", "last name", "email", "company name"),
    {"first name": "contact_first_name", "last name": "contact_last_name", "email": "contact_email",
     "phone number": "contact_phone", "mobile phone number": "contact_mobile", "company name": "name",
     "job title": "contact_position", "street address": "street", "city": "city", "postal code": "postal_code",
     "country region": "country", "state region": "subdivision"},
)
PIPEDRIVE = Format(
    "Pipedrive",
    ("person name", "organization name"),
    {"person name": "contact_last_name", "person email work": "contact_email", "person email": "contact_email",
     "person email home": "emails_any", "person email other": "emails_any", "person phone work": "contact_phone",
     "person phone": "contact_phone", "person phone mobile": "contact_mobile", "person phone home": "phones_any",
     "person phone other": "phones_any", "organization name": "name", "organization address": "street"},
)

FORMATS = [OUTLOOK_DE, OUTLOOK_EN, THUNDERBIRD_DE, THUNDERBIRD_EN, GOOGLE, GOOGLE_OLD, SALESFORCE, HUBSPOT,
           PIPEDRIVE]


def recognise(keys: list[str]) -> Format | None:
    """The first format whose signature columns are all among the header keys."""
    present = set(keys)
    return next((f for f in FORMATS if present.issuperset(f.signature)), None)
