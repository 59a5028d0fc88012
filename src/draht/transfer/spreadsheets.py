"""Spreadsheets (.xlsx, .xls, .ods) as the import's CSV, with the values a person sees: formulas' stored results,
dates as dates (Excel keeps them as numbers with a date format), whole numbers without ".0", a merged cell's value
in every row it spans. Read with python-calamine; the rest of the import is the CSV path."""

import csv
import datetime
import io

import python_calamine
from django.utils.translation import gettext as _

from .csvfile import CsvError

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


def looks_like_spreadsheet(data: bytes) -> bool:
    return data.startswith((ZIP, OLE))


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value)


def open_workbook(data: bytes):
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise CsvError(_("The spreadsheet is protected by a password. Save it without one and upload it again.")
                       ) from None
    except Exception:  # noqa: BLE001 - calamine's errors for corrupt files (zip, XML, unknown format)
        raise CsvError(_("The spreadsheet cannot be read: the file is damaged or not an Excel or OpenDocument "
                         "file. Open it in your spreadsheet program and save it again.")) from None


def sheet_names(workbook) -> list[str]:
    return [meta.name for meta in workbook.sheets_metadata if str(meta.typ).endswith("WorkSheet")] or \
        list(workbook.sheet_names)


TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ods_merges(data: bytes, sheet: str) -> list:
    """Spanned cells of an OpenDocument sheet as ((top, left), (bottom, right)); calamine does not report them."""
    import zipfile
    from xml.etree import ElementTree

    def attr(element, name, default=1):
        return int(element.get(f"{{{TABLE_NS}}}{name}", default))

    merges = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        inside, row = False, 0
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            if element.tag == f"{{{TABLE_NS}}}table":
                inside = event == "start" and element.get(f"{{{TABLE_NS}}}name") == sheet
                if event == "end" and not inside and merges:
                    break
            elif inside and event == "end" and element.tag == f"{{{TABLE_NS}}}table-row":
                column = 0
                for cell in element:
                    rows, columns = attr(cell, "number-rows-spanned"), attr(cell, "number-columns-spanned")
                    if rows > 1 or columns > 1:
                        merges.append(((row, column), (row + rows - 1, column + columns - 1)))
                    column += attr(cell, "number-columns-repeated")
                row += attr(element, "number-rows-repeated")
                element.clear()
    return merges


def _rows(sheet, merges) -> list[list[str]]:
    rows = [[_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    for (top, left), (bottom, right) in merges:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, right + 1):
                if c < len(rows[r]) and not rows[r][c]:
                    rows[r][c] = value
    while rows and not any(rows[0]):  # a sheet that starts further down
        rows.pop(0)
    return rows


def to_csv(data: bytes, sheet: str = "") -> tuple[bytes, str, list[str]]:
    """(the chosen sheet as UTF-8 CSV, its name, every sheet's name): the named sheet, or the first with data."""
    workbook = open_workbook(data)
    names = sheet_names(workbook)
    chosen = [sheet] if sheet else names
    for name in chosen:
        try:
            sheet_object = workbook.get_sheet_by_name(name)
            merges = sheet_object.merged_cell_ranges or (
                _ods_merges(data, name) if data.startswith(ZIP) and b"opendocument" in data[:200] else [])
            rows = _rows(sheet_object, merges)
        except Exception:  # noqa: BLE001 - a sheet calamine cannot read
            raise CsvError(_("The sheet “%(sheet)s” cannot be read.") % {"sheet": name}) from None
        if any(any(cell for cell in row) for row in rows):
            out = io.StringIO()
            csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
            return out.getvalue().encode(), name, names
    raise CsvError(_("The spreadsheet has no filled sheet.") if not sheet
                   else _("The sheet “%(sheet)s” is empty.") % {"sheet": sheet})
