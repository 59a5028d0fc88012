"""vCard 3.0 and 4.0 out; 2.1 (quoted-printable, as older Outlook and phones write it), 3.0 and 4.0 in.

Import turns the cards into rows of the CSV import, so matching, rejections and the audit work the same.
"""

import csv
import io
import logging
import quopri
import re

import vobject
from django.utils.translation import gettext as _

from draht.customers.choices import CustomerKind, Salutation
from draht.customers.rules import fold

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
# Address books as programs write them: folded in the middle of a UTF-8 character, quoted-printable without a
# charset, CR CR LF line ends, UTF-16, stray 8-bit bytes, empty FN, PROFILE lines, broken PHOTOs. The bytes are
# cleaned line by line (vcard_lines), each card is then read by vobject on its own: a card it cannot read is
# reported by its number and name, and the others are imported.

HEADERS = ["_card", "_problem", "_note", "external_id", "name", "kind", "salutation", "title", "first_name",
           "last_name", "email", "phone", "more_emails", "more_phones", "street", "postal_code", "city", "country",
           "contact_salutation", "contact_title", "contact_first_name", "contact_last_name", "contact_position",
           "contact_email", "contact_phone", "contact_mobile", "contact_more_emails", "contact_more_phones",
           "contact_birthday"]
SALUTATION_WORDS = {"herr": "Herr", "hr": "Herr", "mr": "Herr", "frau": "Frau", "fr": "Frau", "mrs": "Frau",
                    "ms": "Frau", "miss": "Frau", "divers": "divers"}
BINARY_PROPERTIES = {"PHOTO", "LOGO", "SOUND", "KEY"}  # not imported; often large and sometimes corrupt
DROPPED_PROPERTIES = BINARY_PROPERTIES | {"PROFILE"}


def looks_like_vcard(text: str) -> bool:
    return text.lstrip("\ufeff \r\n\t")[:11].upper() == "BEGIN:VCARD"


def looks_like_vcard_bytes(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:200]:
        head = _utf16(head).encode("utf-8", "replace")
    return looks_like_vcard(head.decode("utf-8", "replace"))


def _utf16(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    # no byte-order mark: the zero bytes tell the byte order of ASCII text
    return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", "replace")


def _decode(raw: bytes, charset: str = "") -> tuple[str, bool]:
    """(text, whether a fallback was needed): the declared charset, UTF-8, then Windows-1252."""
    for name in filter(None, [charset, "utf-8"]):
        try:
            return raw.decode(name), False
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("cp1252", "replace"), True


_PARAMS = re.compile(rb"^([^:]*?)(:)", re.S)


def _unfold(data: bytes) -> list[bytes]:
    """Logical lines of raw bytes: line ends normalised (CR CR LF, CR LF, CR), folded lines joined before any
    decoding (a fold may split a UTF-8 character), quoted-printable soft breaks joined."""
    data = data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    data = re.sub(rb"\n[ \t]", b"", data)
    lines = []
    for line in data.split(b"\n"):
        head = lines[-1].split(b":", 1)[0].upper() if lines else b""
        if lines and lines[-1].endswith(b"=") and (b"QUOTED-PRINTABLE" in head or b"ENCODING=QP" in head):
            lines[-1] = lines[-1][:-1] + line.lstrip(b" \t")
        elif line.strip():
            lines.append(line)
    return lines


def vcard_lines(data: bytes) -> tuple[list[str], list[str]]:
    """The file as clean text lines for vobject, and notes on what had to be repaired."""
    notes = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        data = _utf16(data).encode("utf-8")
    data = data.removeprefix(b"\xef\xbb\xbf")
    lines, fallback = [], False
    for raw in _unfold(data):
        head, colon, value = raw.partition(b":")
        if not colon:
            continue
        name = head.split(b";", 1)[0].split(b".")[-1].upper().decode("ascii", "replace")
        if name in DROPPED_PROPERTIES:
            continue
        params = [p for p in head.split(b";")[1:]]
        upper = [p.upper() for p in params]
        charset = next((p.split(b"=", 1)[1].decode("ascii", "replace").strip('"') for p in params
                        if p.upper().startswith(b"CHARSET=")), "")
        if b"ENCODING=QUOTED-PRINTABLE" in upper or b"QUOTED-PRINTABLE" in upper or b"ENCODING=QP" in upper:
            value = quopri.decodestring(value)
            params = [p for p, u in zip(params, upper, strict=True)
                      if u not in (b"ENCODING=QUOTED-PRINTABLE", b"QUOTED-PRINTABLE", b"ENCODING=QP")]
        params = [p for p in params if not p.upper().startswith(b"CHARSET=")]
        text, needed = _decode(value, charset)
        fallback = fallback or needed
        head_text = _decode(b";".join([head.split(b";", 1)[0], *params]))[0]
        if name in ("N", "ORG", "ADR") and "\\;" not in text:
            text = text.replace("\r", "").replace("\n", " ")
        lines.append(f"{head_text}:{text}")
    if fallback:
        notes.append(_("Some text was not UTF-8 and was read as Windows-1252."))
    return lines, notes


def split_cards(lines: list[str]) -> list[list[str]]:
    """The cards, each as its lines between BEGIN and END (a missing END ends at the next BEGIN)."""
    cards, current = [], None
    for line in lines:
        key = line.split(":", 1)[0].upper()
        if key == "BEGIN" and line.split(":", 1)[1].strip().upper() == "VCARD":
            if current:
                cards.append(current)
            current = [line]
        elif key == "END" and line.split(":", 1)[1].strip().upper() == "VCARD":
            if current is not None:
                current.append(line)
                cards.append(current)
            current = None
        elif current is not None:
            current.append(line)
    if current:
        cards.append(current + ["END:VCARD"])
    return cards


def _kinds(line) -> set[str]:
    """TYPE values, however written: TYPE=work,voice / TYPE="work,voice" / TYPE=work;TYPE=voice / WORK;VOICE."""
    values = [*line.params.get("TYPE", []), *line.singletonparams]
    return {part.strip().strip('"').lower() for value in values for part in value.split(",") if part.strip()}


def _pref(line) -> int:
    """Lower is preferred: PREF=1 (vCard 4.0), TYPE=pref (3.0), PREF (2.1); unmarked come after, in order."""
    pref = line.params.get("PREF", [""])[0]
    if pref.isdigit():
        return int(pref)
    return 0 if "pref" in _kinds(line) else 100


def _values(card, name: str) -> list:
    found = []
    for position, line in enumerate(card.contents.get(name, [])):
        value = line.value
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        found.append((_pref(line), position, _kinds(line), value))
    return [(kinds, value) for _pref_, _position, kinds, value in sorted(found, key=lambda f: f[:2])]


def _first(card, name: str) -> str:
    values = _values(card, name)
    return values[0][1] if values else ""


def _text(value) -> str:
    return " ".join(v for v in value if v) if isinstance(value, list) else (value or "")


def split_prefix(prefix: str) -> tuple[str, str]:
    """("Herr", "Dr.") from "Herr Dr.": a salutation is not an academic title."""
    salutation, titles = "", []
    for word in prefix.replace(",", " ").split():
        key = re.sub(r"[^a-z]", "", fold(word))
        if key in SALUTATION_WORDS and not salutation:
            salutation = SALUTATION_WORDS[key]
        else:
            titles.append(word)
    return salutation, " ".join(titles)


def parse_birthday(value) -> str:
    """A vCard birthday as the import reads it: 1953-10-15 from 19531015, 1953-10-15, 19531015T231000Z or a
    date-time; --1015 and --10-15 (no year) as --10-15."""
    text = str(value or "").strip()
    if match := re.fullmatch(r"--(\d{2})-?(\d{2})", text):
        return f"--{match.group(1)}-{match.group(2)}"
    if match := re.match(r"(\d{4})-?(\d{2})-?(\d{2})", text):
        return "-".join(match.groups())
    return ""


def _phones(card) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(office numbers, mobile numbers), each as (label, number), preferred first. A number typed CELL is a mobile
    whatever else it is typed; FAX and PAGER are kept as other numbers."""
    office, mobile = [], []
    for kinds, value in _values(card, "tel"):
        if kinds & {"cell", "mobile", "iphone"}:
            mobile.append(("mobile", value))
        else:
            label = next((k for k in ("fax", "pager", "home", "work") if k in kinds), "")
            office.append((label, value))
    return office, mobile


def _entries(items: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label}\t{value}" if label else value for label, value in items)


def card_row(card) -> dict:
    """The import row of one vCard (draht's CSV fields)."""
    name = card.contents.get("n", [None])[0]
    name = name.value if name is not None else None
    family, given, prefix = (_text(getattr(name, part, "")) for part in ("family", "given", "prefix"))
    salutation, title = split_prefix(prefix)
    org = _first(card, "org")
    org = (org[0] if isinstance(org, list) and org else org) or ""
    is_org = _first(card, "kind").lower() == "org" or _first(card, "x-abshowas").upper() == "COMPANY"
    display = _first(card, "fn")
    if not family and not given and not org and display:
        if is_org:
            org = display
        else:
            given, _space, family = display.rpartition(" ")
    adr_values = _values(card, "adr")
    work_adr = next((v for k, v in adr_values if "work" in k), None)
    adr = work_adr if org and work_adr else (adr_values[0][1] if adr_values else None)
    emails = [("" if not k & {"home", "work"} else ("home" if "home" in k else "work"), v)
              for k, v in _values(card, "email")]
    office, mobile = _phones(card)
    row = {"external_id": _first(card, "x-draht-external-id")}
    for key, attribute in (("street", "street"), ("postal_code", "code"), ("city", "city"),
                           ("country", "country")):
        value = getattr(adr, attribute, "") if adr else ""
        row[key] = _text(value) if isinstance(value, list) else value
    email = emails[0][1] if emails else ""
    phone = office[0][1] if office else ""
    if is_org or (org and not family and not given):
        row |= {"name": org or display or family, "kind": "organisation", "email": email, "phone": phone,
                "more_emails": _entries(emails[1:]), "more_phones": _entries(office[1:] + mobile)}
        return row
    contact = {"contact_salutation": salutation, "contact_title": title, "contact_first_name": given,
               "contact_last_name": family, "contact_position": _first(card, "title"), "contact_email": email,
               "contact_phone": phone, "contact_mobile": mobile[0][1] if mobile else "",
               "contact_more_emails": _entries(emails[1:]), "contact_more_phones": _entries(office[1:] + mobile[1:]),
               "contact_birthday": parse_birthday(_first(card, "bday"))}
    if org:  # a person at a company: the company is the customer, the person its contact person
        return row | {"name": org, "kind": "organisation"} | contact
    return row | {"kind": "person", "name": " ".join(p for p in (given, family) if p), "salutation": salutation,
                  "title": title, "first_name": given, "last_name": family, "email": email,
                  "phone": phone or (mobile[0][1] if mobile else "")} | contact


def _label(lines: list[str]) -> str:
    """A card's name for messages, from FN or N, even when the card cannot be read."""
    for key in ("FN", "N", "ORG"):
        for line in lines:
            head, _colon, value = line.partition(":")
            if head.split(";")[0].split(".")[-1].upper() == key and value.strip(" ;"):
                return " ".join(part for part in value.replace("\\,", ",").split(";")[:2][::-1] if part) \
                    if key == "N" else value.split(";")[0].strip()
    return ""


def cards_to_csv(text_or_bytes) -> bytes:
    """The cards as a CSV file for the importer: one row per card, with its number and name; a card that cannot
    be read becomes a row with the reason (the import rejects it and takes the others)."""
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    lines, _notes = vcard_lines(data)
    for name in ("vobject", "vobject.base"):  # it logs every skipped line; the import reports them
        logging.getLogger(name).setLevel(logging.CRITICAL)
    rows = []
    for number, card_lines in enumerate(split_cards(lines), start=1):
        label = _label(card_lines)
        base = {"_card": f"{number}" + (f" ({label})" if label else "")}
        text = "\r\n".join(card_lines) + "\r\n"
        try:
            try:
                card = vobject.readOne(text)
            except vobject.base.ParseError:  # an unreadable line: the card without it, and a note saying so
                card = vobject.readOne(text, ignoreUnreadable=True)
                base["_note"] = _("A line of this card could not be read and was left out.")
            row = base | card_row(card)
        except Exception:  # noqa: BLE001 - vobject raises assorted errors for broken cards: that card is reported
            row = base | {"_problem": _("This card cannot be read.")}
        rows.append([" ".join(str(row.get(h, "") or "").split("\r")) for h in HEADERS])
    if not rows:
        raise CsvError(_("The file holds no vCard."))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()
