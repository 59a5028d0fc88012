"""List the German .po file's entries without a translation, or marked fuzzy (a guess of makemessages'): the
translations live in the .po itself; edit them there (plural forms as msgstr[0]/[1], msgctxt where one English
word has two German ones).

    python scripts/po_check.py      # exit 1 if any entry needs a translator
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).parent.parent / "src/draht/locale/de/LC_MESSAGES/django.po"


def main() -> int:
    missing = []
    for block in PO.read_text().split("\n\n")[1:]:
        empty = re.search(r'^msgstr(\[\d\])? ""$(?!\n")', block, re.M)
        if empty or "#, fuzzy" in block:
            msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
            missing.append(("fuzzy: " if "#, fuzzy" in block else "") + "".join(re.findall(r'"([^"]*)"',
                                                                                          msgid.group(1))))
    for text in missing:
        print("to translate:", text)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
