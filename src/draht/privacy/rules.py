"""Rules for finding duplicates and erasing people: plain functions, tested on their own."""

import re

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
