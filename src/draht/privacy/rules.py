"""Rules for finding duplicates and erasing people: plain functions, tested on their own."""

import re
from dataclasses import dataclass

from draht.customers.rules import fold

# Legal forms and titles that say nothing about who someone is ("Huber GmbH" = "Huber GesmbH" = "Huber").
LEGAL_FORMS = {"gmbh", "gesmbh", "ges m b h", "gesellschaft mbh", "mbh", "ag", "kg", "og", "oeg", "keg", "ohg", "eu",
               "e u", "ek", "e k", "ug", "haftungsbeschraenkt", "se", "sa", "sarl", "srl", "ltd", "inc", "co", "und co",
               "gmbh co kg", "cokg", "co kg", "ev", "e v", "eg", "kgaa", "sagl", "gbr"}
TITLES = {"dr", "prof", "mag", "ing", "di", "dipl", "dipl ing", "msc", "bsc", "mba", "dkfm", "med", "mmag", "ba", "ma",
          "herr", "frau", "fa", "firma"}
STOP = LEGAL_FORMS | TITLES


def match_name(name: str) -> str:
    """A name reduced to what identifies: folded, without legal forms, titles, punctuation or word order.

    "Müller Bau GmbH", "Mueller Bau Ges.m.b.H." and "Bau Müller" give the same key.
    """
    text = fold(name)
    text = re.sub(r"\bges\.?\s*m\.?\s*b\.?\s*h\.?", " gmbh ", text)
    text = re.sub(r"&|\+", " ", text)
    words = re.sub(r"[^a-z0-9]+", " ", text.replace(".", "")).split()
    kept = [w for w in words if w not in STOP]
    return " ".join(sorted(kept))[:200]


# -- when two records are the same -------------------------------------------------------------------------

STRONG = ("email", "phone")  # one of these alone makes two records a likely duplicate


@dataclass(frozen=True)
class Evidence:
    """One reason two records look like the same customer or person: kind is "email", "phone", "name_postcode",
    "name_city" or "name_customer" (a contact person's name twice at one customer); value is what they share."""

    kind: str
    value: str

    @property
    def strong(self) -> bool:
        return self.kind in STRONG


def place_key(text: str) -> str:
    """A city or postcode as compared: folded, without spaces and dots ("St. Pölten" = "st poelten")."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def duplicate_evidence(a: dict, b: dict) -> list[Evidence]:
    """Why two records are likely the same, strongest first; [] when they are not.

    Records are dicts with any of: email, phones (a list of E.164 numbers), name (the match_name key), postal_code,
    city, customer_id (contact persons). The same e-mail or phone number is strong evidence by itself; names alike
    count only together with the same postcode or city, or, for contact persons, the same customer: "Müller Bau
    GmbH" in Wien and "Müller Bau KG" in Graz are two firms, as are two Anna Hubers at two customers.
    """
    found = []
    email_a, email_b = (a.get("email") or "").strip().lower(), (b.get("email") or "").strip().lower()
    if email_a and email_a == email_b:
        found.append(Evidence("email", email_a))
    shared_phones = sorted({p for p in a.get("phones", ()) if p} & {p for p in b.get("phones", ()) if p})
    found += [Evidence("phone", phone) for phone in shared_phones]
    name = a.get("name") or ""
    if name and name == b.get("name"):
        if "customer_id" in a:
            if a["customer_id"] == b.get("customer_id"):
                found.append(Evidence("name_customer", name))
        elif place_key(a.get("postal_code", "")) and place_key(a.get("postal_code", "")) == place_key(
                b.get("postal_code", "")):
            found.append(Evidence("name_postcode", a["postal_code"].strip()))
        elif place_key(a.get("city", "")) and place_key(a.get("city", "")) == place_key(b.get("city", "")):
            found.append(Evidence("name_city", a["city"].strip()))
    return found


def duplicate_score(evidence: list[Evidence]) -> int:
    """How sure: 3 for each shared e-mail or number, 1 for a name alike at the same place."""
    return sum(3 if e.strong else 1 for e in evidence)
