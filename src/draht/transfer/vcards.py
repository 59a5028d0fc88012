"""vCard 3.0 and 4.0 out; 2.1 (quoted-printable, as older Outlook and phones write it), 3.0 and 4.0 in.

Import turns the cards into rows of the CSV import, so matching, rejections and the audit work the same.
"""

import csv
import io
import re

import vobject
from django.utils.translation import gettext as _

from draht.customers.choices import CustomerKind, Salutation

from .csvfile import CsvError

VERSIONS = ("3.0", "4.0")
SALUTATION_PREFIX = {Salutation.MR: "Herr", Salutation.MS: "Frau"}


def _card(version: str):
    card = vobject.vCard()
    card.add("version").value = version
    return card


def _add(card, name: str, value, **params):
    if not value:
        return
    line = card.add(name)
    line.value = value
    for key, val in params.items():
        line.params[key.upper()] = [val]


def _address(card, customer):
    if customer.street or customer.city:
        _add(card, "adr", vobject.vcard.Address(street=customer.street, city=customer.city, region=customer.subdivision,
                                                code=customer.postal_code, country=customer.country), type="work")


def contact_card(person, customer, version: str = "3.0"):
    card = _card(version)
    _add(card, "fn", person.full_name)
    card.add("n").value = vobject.vcard.Name(family=person.last_name, given=person.first_name,
                                             prefix=person.title or SALUTATION_PREFIX.get(person.salutation, ""))
    _add(card, "org", [customer.name])
    _add(card, "title", person.position)
    _add(card, "email", person.email, type="work")
    _add(card, "tel", person.phone, type="work")
    _add(card, "tel", person.mobile, type="cell")
    if person.birthday:
        _add(card, "bday", person.birthday.strftime("%Y%m%d" if version == "4.0" else "%Y-%m-%d"))
    _address(card, customer)
    _add(card, "uid", f"urn:draht:contact:{person.pk}")
    return card


def customer_card(customer, version: str = "3.0"):
    card = _card(version)
    _add(card, "fn", customer.display_name)
    if customer.kind == CustomerKind.PERSON:
        card.add("n").value = vobject.vcard.Name(family=customer.last_name or customer.name,
                                                 given=customer.first_name, prefix=customer.title)
    else:
        card.add("n").value = vobject.vcard.Name(family=customer.name)
        _add(card, "org", [customer.name])
        if version == "4.0":
            _add(card, "kind", "org")
        else:
            _add(card, "x-abshowas", "COMPANY")
    _add(card, "email", customer.email, type="work")
    _add(card, "tel", customer.phone, type="work")
    _address(card, customer)
    if customer.external_id:
        _add(card, "x-draht-external-id", customer.external_id)
    _add(card, "uid", f"urn:draht:customer:{customer.pk}")
    return card


def serialize(cards) -> str:
    return "".join(card.serialize() for card in cards)


# -- import --------------------------------------------------------------------------------------------

HEADERS = ["external_id", "name", "kind", "email", "phone", "street", "postal_code", "city", "country",
           "contact_title", "contact_first_name", "contact_last_name", "contact_position", "contact_email",
           "contact_phone", "contact_mobile", "contact_birthday"]


def looks_like_vcard(text: str) -> bool:
    return text.lstrip("\ufeff \r\n\t")[:11].upper() == "BEGIN:VCARD"


def _join_quoted_printable(text: str) -> str:
    """vCard 2.1 breaks long quoted-printable values with a trailing '=': join them before parsing."""
    lines, out = text.splitlines(), []
    for line in lines:
        if out and out[-1].endswith("=") and "QUOTED-PRINTABLE" in out[-1].split(":", 1)[0].upper():
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return "\r\n".join(out) + "\r\n"


def _first(card, name: str, *, types=()) -> str:
    for line in card.contents.get(name, []):
        kinds = {t.lower() for t in line.params.get("TYPE", [])} | {t.lower() for t in line.singletonparams}
        if not types or kinds & set(types):
            value = line.value
            return value.strip() if isinstance(value, str) else value
    return ""


def cards_to_csv(text: str) -> bytes:
    """The cards as a CSV file for the importer; a card that cannot be read raises CsvError with its number."""
    rows = []
    try:
        cards = list(vobject.readComponents(_join_quoted_printable(text), ignoreUnreadable=False))
    except Exception as exc:  # vobject raises ParseError and assorted ValueErrors for broken lines
        raise CsvError(_("The vCard file cannot be read: %(error)s") % {"error": str(exc)[:200]}) from None
    for card in cards:
        if card.name != "VCARD":
            continue
        name = card.contents.get("n", [None])[0]
        name = name.value if name is not None else None
        org = _first(card, "org")
        org = (org[0] if isinstance(org, list) and org else org) or ""
        is_org = _first(card, "kind").lower() == "org" or _first(card, "x-abshowas").upper() == "COMPANY"
        adr = card.contents.get("adr", [None])[0]
        adr = adr.value if adr is not None else None
        family, given, prefix = (_text(getattr(name, part, "")) for part in ("family", "given", "prefix"))
        if not family and not org:
            family = _first(card, "fn")
        email = _first(card, "email")
        work_phone = _first(card, "tel", types=("work", "voice", "main")) or _first(card, "tel", types=("home",))
        mobile = _first(card, "tel", types=("cell", "mobile"))
        bday = _first(card, "bday")
        row = {"external_id": _first(card, "x-draht-external-id")}
        for key, attribute in (("street", "street"), ("postal_code", "code"), ("city", "city"),
                               ("country", "country")):
            value = getattr(adr, attribute, "") if adr else ""
            row[key] = " ".join(value) if isinstance(value, list) else value
        if is_org or (org and not family):
            row |= {"name": org or family, "email": email, "phone": work_phone}
        elif org:
            row |= {"name": org, "contact_title": prefix if prefix not in ("Herr", "Frau") else "",
                    "contact_first_name": given, "contact_last_name": family, "contact_email": email,
                    "contact_phone": work_phone, "contact_mobile": mobile, "contact_position": _first(card, "title"),
                    "contact_birthday": _date(bday)}
        else:
            row |= {"kind": "person", "name": " ".join(p for p in (given, family) if p), "email": email,
                    "phone": work_phone or mobile, "contact_first_name": given, "contact_last_name": family,
                    "contact_mobile": mobile if work_phone else "", "contact_birthday": _date(bday)}
        rows.append([str(row.get(h, "") or "") for h in HEADERS])
    if not rows:
        raise CsvError(_("The file holds no vCard."))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()


def _text(value) -> str:
    return " ".join(value) if isinstance(value, list) else (value or "")


def _date(value) -> str:
    digits = re.sub(r"\D", "", str(value or ""))
    if len(digits) == 8:
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return ""
