"""Address-book files as real programs write them, sloppy parts included: each function is named after what it
reproduces and returns the file's bytes. Used by tests/test_import_files.py."""

import codecs

CRLF = b"\r\n"


def _card(*lines: bytes, end=CRLF) -> bytes:
    return end.join([b"BEGIN:VCARD", *lines, b"END:VCARD"]) + end


def utf8_folded_inside_a_character() -> bytes:
    """Folded at 75 bytes as RFC 6350 says, which splits "ü" (C3 BC) across the fold (seen from Android)."""
    org = "ORG:Bäckerei Müller GmbH und Söhne – Feinbäckerei und Konditorei am Hauptplatz".encode()
    cut = org.index("ü".encode()) + 1  # between the two bytes of ü
    return _card(b"VERSION:3.0", b"N:M\xc3\xbcller;J\xc3\xb6rg;;;", b"FN:J\xc3\xb6rg M\xc3\xbcller",
                 org[:cut] + CRLF + b" " + org[cut:], b"TEL;TYPE=WORK:+43 1 5123456")


def quoted_printable_without_charset() -> bytes:
    """vCard 2.1 from an old Nokia: quoted-printable UTF-8 with no CHARSET, soft line breaks."""
    return _card(b"VERSION:2.1", b"N;ENCODING=QUOTED-PRINTABLE:Gr=C3=BC=C3=9Fer;Hans-J=C3=BCrgen;;;",
                 b"FN;ENCODING=QUOTED-PRINTABLE:Hans-J=C3=BCrgen Gr=C3=BC=C3=9Fer",
                 b"ADR;WORK;ENCODING=QUOTED-PRINTABLE:;;Stra=C3=9Fe des 17. Juni 1=0D=0A=",
                 b"Hinterhaus;Berlin;;10623;Deutschland", b"TEL;CELL:0171 1234567")


def quoted_printable_windows_1252() -> bytes:
    """Outlook 2003: quoted-printable in Windows-1252, said so by CHARSET."""
    return _card(b"VERSION:2.1", b"N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:K=F6nig;Ren=E9;;;",
                 b"ORG;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:K=F6nig & S=F6hne KG",
                 b"TEL;WORK;VOICE:089 1234567", b"EMAIL;PREF;INTERNET:rene@koenig.example")


def cr_cr_lf_line_ends() -> bytes:
    """A file that went through two text conversions: every line ends in CR CR LF."""
    return _card(b"VERSION:3.0", b"N:Huber;Maria;;;", b"FN:Maria Huber", b"ORG:Huber Installationen",
                 b"EMAIL;TYPE=INTERNET:maria@huber.example", end=b"\r\r\n")


def utf16_with_byte_order_mark() -> bytes:
    """Windows' address book export: UTF-16 LE with BOM."""
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Wögerer;Ödön;;;\r\nFN:Ödön Wögerer\r\nORG:Wögerer Elektro\r\n" \
           "TEL;TYPE=WORK:02742 12345\r\nEND:VCARD\r\n"
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def utf16_big_endian_without_byte_order_mark() -> bytes:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Zürcher;Beat;;;\r\nFN:Beat Zürcher\r\nEND:VCARD\r\n"
    return text.encode("utf-16-be")


def stray_8bit_bytes() -> bytes:
    """UTF-8 file with one line typed in Windows-1252 (an edited export): "Grüße" must survive both."""
    return (_card(b"VERSION:3.0", b"N:Gr\xc3\xbc\xc3\x9fe;Anna;;;", b"ORG:Gr\xc3\xbc\xc3\x9fe GmbH")
            + _card(b"VERSION:3.0", b"N:J\xf6rg;Peter;;;", b"ORG:J\xf6rg & Co"))


def one_broken_card_among_good_ones() -> bytes:
    """A card whose N line is unreadable (a base64 value that is not), between two good ones; FN without a
    value, PROFILE:VCard, unknown X- properties and a corrupt PHOTO on the good ones."""
    good_1 = _card(b"VERSION:3.0", b"PROFILE:VCard", b"FN:", b"N:Eder;Franz;;;", b"ORG:Eder Holz",
                   b"X-CUSTOM-THING;X-WHATEVER=1:egal", b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ!!!kaputt")
    broken = _card(b"VERSION:3.0", b"FN:Kaputt Karl", b"N:Kaputt;Karl;;;", b"ORG:Kaputt AG",
                   b"BEGIN:VCALENDAR", b"X-WR-CALNAME:left open by a sync tool")
    nameless = _card(b"VERSION:3.0", b'N;TYPE="unterminated:Namenlos;Nina;;;', b"TEL:+43 1 999")
    good_2 = _card(b"VERSION:4.0", b"FN:Lena Lang", b"N:Lang;Lena;;;", b"ORG:Lang Design")
    return good_1 + broken + nameless + good_2


def types_as_written() -> bytes:
    """vCard 4.0 quoted type lists, PREF, CELL beside VOICE, three e-mails and four numbers, a salutation in N."""
    return _card(b"VERSION:4.0", b"FN:Mr. Thomas Berger", b"N:Berger;Thomas;;Mr.;", b"ORG:Berger Logistik",
                 b'TEL;TYPE="work,voice";PREF=2:+43 1 4001',
                 b'TEL;TYPE="cell,voice";PREF=1:+43 664 1112223',
                 b'TEL;TYPE="work,voice";PREF=1:+43 1 4000',
                 b"TEL;TYPE=fax:+43 1 4009",
                 b"EMAIL;TYPE=home:thomas@privat.example",
                 b"EMAIL;TYPE=work;PREF=1:t.berger@berger.example",
                 b"EMAIL;TYPE=work:office@berger.example",
                 b"BDAY:19531015T231000Z")


def birthdays_in_every_form() -> bytes:
    return (_card(b"VERSION:4.0", b"FN:Ohne Jahr", b"N:Jahr;Ohne;;;", b"ORG:A", b"BDAY:--1015")
            + _card(b"VERSION:3.0", b"FN:Mit Strich", b"N:Strich;Mit;;;", b"ORG:B", b"BDAY:1970-03-01")
            + _card(b"VERSION:3.0", b"FN:Apple Ohne", b"N:Ohne;Apple;;;", b"ORG:C",
                    b"BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29")
            + _card(b"VERSION:2.1", b"FN:Alt Form", b"N:Form;Alt;;;", b"ORG:D", b"BDAY:19800517"))


def salutations_and_titles() -> bytes:
    return (_card(b"VERSION:3.0", b"N:Wagner;Eva;;Frau Mag.;", b"ORG:Wagner Steuerberatung")
            + _card(b"VERSION:3.0", b"N:Bauer;Karl;;Herr DI Dr.;", b"ORG:Bauer Technik")
            + _card(b"VERSION:3.0", b"N:Smith;John;;Mr.;", b"ORG:Smith Ltd"))


def person_on_a_company_card() -> bytes:
    """Apple Contacts: a person with N and ORG, the company's address, grouped items with labels."""
    return _card(b"VERSION:3.0", b"N:Gruber;Sabine;;;", b"FN:Sabine Gruber", b"ORG:Gruber & Partner;Vertrieb",
                 b"TITLE:Vertriebsleiterin", b"item1.EMAIL;type=INTERNET;type=pref:sabine@gruber.example",
                 b"item1.X-ABLabel:_$!<Work>!$_",
                 b"item2.ADR;type=WORK;type=pref:;;Museumstra\xc3\x9fe 5;Innsbruck;;6020;\xc3\x96sterreich",
                 b"TEL;type=CELL;type=VOICE;type=pref:0664 1234567")


def countries_and_numbers() -> bytes:
    """Country names as people type them; national numbers read in the contact's own country; an impossible one."""
    cards = [
        (b"Tiroler Speck", b"\xc3\x96sterreich", b"0512 123456"),
        (b"Berliner Luft", b"Deutschland", b"030 1234567"),
        (b"Z\xc3\xbcri Uhren", b"Schweiz", b"044 123 45 67"),
        (b"Ticino Vini", b"Svizzera", b"091 123 45 67"),
        (b"Boston Tea", b"U.S.A.", b"(617) 555-0123"),
        (b"Unleserlich GmbH", b"Deutschland", b"12"),
    ]
    out = b""
    for org, country, number in cards:
        out += _card(b"VERSION:3.0", b"N:Kontakt;Karl;;;", b"ORG:" + org,
                     b"ADR;TYPE=WORK:;;Weg 1;Ort;;1234;" + country, b"TEL;TYPE=WORK:" + number)
    return out


ALL_VCARDS = [utf8_folded_inside_a_character, quoted_printable_without_charset, quoted_printable_windows_1252,
              cr_cr_lf_line_ends, utf16_with_byte_order_mark, utf16_big_endian_without_byte_order_mark,
              stray_8bit_bytes, one_broken_card_among_good_ones, types_as_written, birthdays_in_every_form,
              salutations_and_titles, person_on_a_company_card, countries_and_numbers]


# --- CSV exports of address books -------------------------------------------------------------------------------
def _csv(header: list[str], rows: list[list[str]], *, encoding="utf-8", bom=False, quote_all=True,
         trailing_comma=False) -> bytes:
    def cell(value):
        return '"' + value.replace('"', '""') + '"' if quote_all or "," in value or '"' in value else value

    lines = [",".join(cell(h) for h in header) + ("," if trailing_comma else "")]
    lines += [",".join(cell(v) for v in row) + ("," if trailing_comma else "") for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (codecs.BOM_UTF8 + data) if bom else data


OUTLOOK_DE_HEADER = [
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung", "Position",
    "Straße geschäftlich", "Straße geschäftlich 2", "Straße geschäftlich 3", "Ort geschäftlich",
    "Region geschäftlich", "Postleitzahl geschäftlich", "Land/Region geschäftlich", "Straße privat", "Ort privat",
    "Postleitzahl privat", "Land/Region privat", "Fax geschäftlich", "Telefon geschäftlich",
    "Telefon geschäftlich 2", "Telefon privat", "Mobiltelefon", "Geburtstag", "E-Mail-Adresse", "E-Mail-Typ",
    "E-Mail: Angezeigter Name", "E-Mail 2: Adresse", "Kategorien", "Notizen", "Ort", "Jahrestag", "Privat"]


def outlook_german() -> bytes:
    """Outlook's German export: Windows-1252, every cell quoted, 0.0.00 for no birthday, "Ort" is the location."""
    people = [
        {"Anrede": "Herr Dr.", "Vorname": "Jürgen", "Nachname": "Weiß", "Firma": "Weiß Elektrotechnik GmbH",
         "Position": "Geschäftsführer", "Straße geschäftlich": "Kärntner Straße 12", "Ort geschäftlich": "Wien",
         "Postleitzahl geschäftlich": "1010", "Land/Region geschäftlich": "Österreich",
         "Telefon geschäftlich": "01 5123456", "Telefon geschäftlich 2": "01 5123457", "Mobiltelefon": "0664 9876543",
         "Fax geschäftlich": "01 5123459", "Geburtstag": "15.10.1961", "E-Mail-Adresse": "j.weiss@weiss.example",
         "E-Mail-Typ": "SMTP", "E-Mail 2: Adresse": "office@weiss.example", "Ort": "Besprechungsraum 2",
         "Jahrestag": "0.0.00", "Privat": "Aus", "Kategorien": "A-Kunde"},
        {"Anrede": "Frau", "Vorname": "Anna", "Nachname": "Privat", "Straße privat": "Gartenweg 3",
         "Ort privat": "Salzburg", "Postleitzahl privat": "5020", "Land/Region privat": "Österreich",
         "Telefon privat": "0662 123456", "Geburtstag": "0.0.00", "E-Mail-Adresse": "anna@privat.example",
         "Ort": "Salzburg Zentrum", "Privat": "Aus"},
    ]
    return _csv(OUTLOOK_DE_HEADER, [[p.get(h, "") for h in OUTLOOK_DE_HEADER] for p in people], encoding="cp1252")


OUTLOOK_EN_HEADER = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department", "Job Title",
    "Business Street", "Business Street 2", "Business City", "Business State", "Business Postal Code",
    "Business Country/Region", "Business Fax", "Business Phone", "Mobile Phone", "Home Phone", "Birthday",
    "E-mail Address", "E-mail Type", "E-mail Display Name", "Location", "Notes"]


def outlook_english() -> bytes:
    people = [{"Title": "Mrs.", "First Name": "Claire", "Last Name": "Dubois", "Company": "Dubois Imports Ltd",
               "Job Title": "Buyer", "Business Street": "12 Market Street", "Business City": "Zürich",
               "Business Postal Code": "8001", "Business Country/Region": "Switzerland",
               "Business Phone": "+41 44 123 45 67", "Mobile Phone": "+41 79 123 45 67", "Birthday": "1/0/00",
               "E-mail Address": "claire@dubois.example", "E-mail Type": "SMTP", "Location": "Head office"}]
    return _csv(OUTLOOK_EN_HEADER, [[p.get(h, "") for h in OUTLOOK_EN_HEADER] for p in people], encoding="cp1252")


GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Name Prefix", "Nickname", "File As", "Organization Name",
    "Organization Title", "Organization Department", "Birthday", "Notes", "Labels", "E-mail 1 - Label",
    "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value",
    "Phone 2 - Label", "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country"]


def google_contacts() -> bytes:
    """Google Contacts' export: UTF-8, several values of a field in one cell joined by " ::: "."""
    people = [
        {"First Name": "Lukas", "Last Name": "Brunner", "Organization Name": "Brunner Holzbau",
         "Organization Title": "Inhaber", "Birthday": "--03-21", "Labels": "* myContacts",
         "E-mail 1 - Label": "* Work", "E-mail 1 - Value": "lukas@brunner.example ::: office@brunner.example",
         "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+43 676 5554443", "Phone 2 - Label": "Work",
         "Phone 2 - Value": "05574 12345", "Address 1 - Label": "Work", "Address 1 - Street": "Bahnhofstraße 4",
         "Address 1 - City": "Bregenz", "Address 1 - Postal Code": "6900", "Address 1 - Country": "Austria"},
        {"First Name": "Mia", "Last Name": "Schuster", "E-mail 1 - Label": "* Home",
         "E-mail 1 - Value": "mia.schuster@mail.example", "Phone 1 - Label": "Mobile",
         "Phone 1 - Value": "0151 23456789", "Address 1 - Country": "Deutschland"},
    ]
    return _csv(GOOGLE_HEADER, [[p.get(h, "") for h in GOOGLE_HEADER] for p in people], quote_all=False)


THUNDERBIRD_HEADER = [
    "First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email", "Screen Name",
    "Work Phone", "Home Phone", "Fax Number", "Pager Number", "Mobile Number", "Home Address", "Home Address 2",
    "Home City", "Home State", "Home ZipCode", "Home Country", "Work Address", "Work Address 2", "Work City",
    "Work State", "Work ZipCode", "Work Country", "Job Title", "Department", "Organization", "Web Page 1",
    "Web Page 2", "Birth Year", "Birth Month", "Birth Day", "Custom 1", "Custom 2", "Custom 3", "Custom 4", "Notes"]


def thunderbird() -> bytes:
    """Thunderbird's export: a trailing comma on every line, birthdays in three columns, a display name only."""
    people = [
        {"First Name": "Sophie", "Last Name": "Kern", "Display Name": "Sophie Kern",
         "Primary Email": "sophie@kern.example", "Work Phone": "089 4455667", "Mobile Number": "0170 1122334",
         "Work Address": "Leopoldstraße 20", "Work Address 2": "3. Stock", "Work City": "München",
         "Work ZipCode": "80802", "Work Country": "Deutschland", "Organization": "Kern Architekten",
         "Job Title": "Partnerin", "Birth Year": "1975", "Birth Month": "7", "Birth Day": "9"},
        {"Display Name": "Onkel Otto", "Primary Email": "otto@familie.example", "Home Phone": "0316 778899",
         "Home Address": "Sporgasse 7", "Home City": "Graz", "Home ZipCode": "8010", "Home Country": "Österreich",
         "Birth Month": "12", "Birth Day": "24"},
    ]
    return _csv(THUNDERBIRD_HEADER, [[p.get(h, "") for h in THUNDERBIRD_HEADER] for p in people],
                quote_all=False, trailing_comma=True)


def private_people_without_company() -> bytes:
    """A plain list of people (a club, a newsletter list): first and last names, no company column filled."""
    return ("Firma;Vorname;Nachname;E-Mail;Telefon\r\n;Helga;Maier;helga@maier.example;0512 998877\r\n"
            ";Thomas;;tom@example.org;\r\n").encode("cp1252")


def placeholders_that_mean_nothing() -> bytes:
    return ("Firma;Telefon;Geburtstag;E-Mail;Land\r\nLeer GmbH;-;00.00.0000;n/a;\r\nNull AG;NULL;0.0.00;;D\r\n"
            ).encode("cp1252")
