"""Fill empty msgstr entries of the German .po file from scripts/de_translations.py; list what is missing.

    python scripts/fill_po.py            # fill, then print untranslated msgids (exit 1 if any)
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from de_translations import DE  # noqa: E402

PO = Path(__file__).parent.parent / "src/draht/locale/de/LC_MESSAGES/django.po"


def unquote(lines: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', lines)).replace('\\"', '"').replace("\\n", "\n")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    text = PO.read_text()
    header, *blocks = text.split("\n\n")
    header = header.replace('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"',
                            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"')
    header = header.replace("#, fuzzy\n", "").replace('"Language: \\n"', '"Language: de\\n"')
    header = header.replace("# SOME DESCRIPTIVE TITLE.", "# German translation of draht.")
    missing, out = [], []
    for block in blocks:
        block = block.replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, ")
        block = re.sub(r"^#\| .*\n", "", block, flags=re.M)  # the guess makemessages based a fuzzy entry on
        msgid = unquote(re.search(r'^msgid ((?:".*"\n?)+)', block, re.M).group(1))
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        translation = DE.get(f"{context.group(1)}\x04{msgid}") if context else None  # pgettext: "context\x04text"
        if translation is None:
            translation = DE.get(msgid)
        if translation is None:
            missing.append(msgid)
            out.append(block)
            continue
        if isinstance(translation, list):
            block = re.sub(r'^msgstr\[0\] .*$', "msgstr[0] " + quote(translation[0]), block, flags=re.M)
            block = re.sub(r'^msgstr\[1\] .*$', "msgstr[1] " + quote(translation[1]), block, flags=re.M)
        else:
            block = re.sub(r'^msgstr (?:".*"\n?)+', "msgstr " + quote(translation), block + "\n", flags=re.M)
            block = block.rstrip("\n")
        out.append(block)
    PO.write_text("\n\n".join([header, *out]).rstrip("\n") + "\n")
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
