"""Spreadsheets as Excel and LibreOffice save them, built part by part (openpyxl would not store formula results):
shared strings, a date kept as a serial number with a date style, a formula with its cached result, merged cells,
an empty first sheet, numbers where people typed digits."""

import io
import zipfile
from xml.sax.saxutils import escape

ROWS = [
    ["Firma", "PLZ", "Ort", "Telefon", "Kunde seit", "Umsatz", "Umsatz doppelt"],
    ["Müller Bau GmbH", 1010, "Wien", "01 5123456", ("date", 43968), 1500.5, ("formula", "F2*2", 3001)],
    ["Bäckerei Korn", "80331", "München", 6641234567, ("date", 44198), 99, ("formula", "F3*2", 198)],
    [("merged", "Zwei Standorte AG"), 8010, "Graz", "+43 316 123456", "", 10, ("formula", "F4*2", 20)],
    [None, 8020, "Graz", "+43 316 123457", "", 10, ("formula", "F5*2", 20)],
]


def _col(index: int) -> str:
    return chr(ord("A") + index)


def xlsx(rows=ROWS, *, empty_first_sheet=True) -> bytes:
    strings, cells_xml = [], []
    merges = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_col(c)}{r}"
            if isinstance(value, tuple) and value[0] == "merged":
                merges.append(f"{ref}:{_col(c)}{r + 1}")
                value = value[1]
            if value is None or value == "":
                continue
            if isinstance(value, tuple) and value[0] == "date":
                cells.append(f'<c r="{ref}" s="1"><v>{value[1]}</v></c>')
            elif isinstance(value, tuple) and value[0] == "formula":
                cells.append(f'<c r="{ref}"><f>{value[1]}</f><v>{value[2]}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        cells_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    merge_xml = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                 + "</mergeCells>") if merges else ""
    data_sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}><sheetData>'
                  f'{"".join(cells_xml)}</sheetData>{merge_xml}</worksheet>')
    empty_sheet = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}><sheetData/></worksheet>'
    sheets = ([("Deckblatt", empty_sheet)] if empty_first_sheet else []) + [("Kunden", data_sheet)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
                             'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                             for i in range(1, len(sheets) + 1))
                   + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel_ns}><sheets>'
                   + "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                             for i, (name, _xml) in enumerate(sheets, start=1)) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
                             f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                             for i in range(1, len(sheets) + 1))
                   + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                   f'<Relationship Id="rId{len(sheets) + 2}" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/styles.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}><fonts count="1"><font/></fonts>'
                   '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
                   '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2">'
                   '<xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs>'
                   '</styleSheet>')
        z.writestr("xl/sharedStrings.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" '
                   f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
                   + "</sst>")
        for i, (_name, xml) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return out.getvalue()


def ods(rows=ROWS) -> bytes:
    """As LibreOffice writes it: office:value on numbers and dates, formulas with their value, spanned cells."""
    table = []
    for r, row in enumerate(rows):
        cells = []
        for value in row:
            if isinstance(value, tuple) and value[0] == "merged":
                cells.append(f'<table:table-cell table:number-rows-spanned="2" office:value-type="string">'
                             f'<text:p>{escape(value[1])}</text:p></table:table-cell>')
            elif value is None and r > 0 and isinstance(rows[r - 1][0], tuple):
                cells.append("<table:covered-table-cell/>")
            elif value is None or value == "":
                cells.append("<table:table-cell/>")
            elif isinstance(value, tuple) and value[0] == "date":
                import datetime

                day = datetime.date(1899, 12, 30) + datetime.timedelta(days=value[1])
                cells.append(f'<table:table-cell office:value-type="date" office:date-value="{day.isoformat()}">'
                             f"<text:p>{day:%d.%m.%Y}</text:p></table:table-cell>")
            elif isinstance(value, tuple) and value[0] == "formula":
                cells.append(f'<table:table-cell table:formula="of:=[.{value[1]}]" office:value-type="float" '
                             f'office:value="{value[2]}"><text:p>{value[2]}</text:p></table:table-cell>')
            elif isinstance(value, int | float):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{value}">'
                             f"<text:p>{value}</text:p></table:table-cell>")
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
                             "</table:table-cell>")
        table.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body>'
               '<office:spreadsheet><table:table table:name="Leer"/><table:table table:name="Kunden">'
               + "".join(table) + "</table:table></office:spreadsheet></office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                   'opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry '
                   'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   "</manifest:manifest>")
        z.writestr("content.xml", content)
    return out.getvalue()


def corrupt_xlsx() -> bytes:
    """An attachment cut off in transfer: the zip's central directory is missing."""
    data = xlsx()
    return data[: len(data) // 2]
