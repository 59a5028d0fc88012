"""E-mail files as programs write them, sloppy parts included; each function is named after what it reproduces
and returns bytes. Used by tests/test_import_mail.py."""


def _msg(headers: list[bytes], body: bytes, nl=b"\r\n") -> bytes:
    return nl.join(headers) + nl + nl + body


def plain(mid: bytes, subject: bytes = b"Anfrage", body: bytes = b"Guten Tag!", sender=b"kunde@firma.example",
          extra: list[bytes] = (), nl=b"\r\n") -> bytes:
    return _msg([b"From: " + sender, b"To: office@draht.example", b"Subject: " + subject,
                 b"Date: Mon, 23 Nov 2026 09:15:00 +0100", *([b"Message-ID: <" + mid + b">"] if mid else []),
                 *extra, b"MIME-Version: 1.0", b"Content-Type: text/plain; charset=utf-8"], body, nl=nl)


# --- 10. mbox as written in the wild ----------------------------------------------------------------------------
def mbox_with_leading_blank_line_and_unescaped_from() -> bytes:
    """Three messages: a blank line before the first, and a body line "From here on…" after a blank line that an
    old mailer did not escape (mboxo)."""
    first = plain(b"m1@firma.example", b"Erste", b"Hallo.\n\nFrom here on we ship from Graz.\nGruss", nl=b"\n")
    second = plain(b"m2@firma.example", b"Zweite", b"Zweiter Text.", nl=b"\n")
    third = plain(b"m3@firma.example", b"Dritte", b"Dritter Text.", nl=b"\n")
    return (b"\n\nFrom kunde@firma.example Mon Nov 23 09:15:00 2026\n" + first + b"\n\n"
            b"From kunde@firma.example Mon Nov 23 09:20:00 2026\n" + second + b"\n\n"
            b"From kunde@firma.example Mon Nov 23 09:25:00 2026\n" + third + b"\n")


def mboxrd_with_escaped_from_and_crlf() -> bytes:
    """mboxrd (">From " escaped, one ">" removed when read) with CRLF line ends, as a Windows tool writes it."""
    first = plain(b"rd1@firma.example", b"Escaped",
                  b"Zeile eins\r\n>From the archive: keep this line\r\n>>From deeper\r\n")
    second = plain(b"rd2@firma.example", b"Zweite", b"Ende.")
    return (b"From kunde@firma.example Tue Nov 24 10:00:00 2026\r\n" + first + b"\r\n"
            b"From kunde@firma.example Tue Nov 24 10:05:00 2026\r\n" + second + b"\r\n")


# --- 11. identity ------------------------------------------------------------------------------------------------
def two_messages_sharing_a_message_id() -> tuple[bytes, bytes]:
    """A buggy mailer that gives every message the same Message-ID."""
    return (plain(b"always-the-same@buggy.example", b"Bestellung 1", "Bitte 10 Stück.".encode()),
            plain(b"always-the-same@buggy.example", b"Bestellung 2", "Bitte 20 Stück.".encode()))


def one_message_delivered_to_two_mailboxes() -> tuple[bytes, bytes]:
    base = plain(b"cc-both@firma.example", b"An beide", b"Info an Vertrieb und Service.")
    return (b"Received: from mx1 by vertrieb.draht.example; Mon, 23 Nov 2026 09:15:02 +0100\r\n"
            b"Delivered-To: vertrieb@draht.example\r\n" + base,
            b"Received: from mx2 by service.draht.example; Mon, 23 Nov 2026 09:15:07 +0100\r\n"
            b"Delivered-To: service@draht.example\r\n" + base)


def two_messages_without_message_id() -> tuple[bytes, bytes]:
    return plain(b"", b"Ohne ID", b"Erster Inhalt."), plain(b"", b"Ohne ID", b"Zweiter Inhalt.")


# --- 12. bytes kept, text recovered -----------------------------------------------------------------------------
def raw_8bit_headers_in_windows_1252() -> bytes:
    """An old mail client: the name and subject as raw Windows-1252 bytes, no encoded words, no charset."""
    return _msg([b"From: J\xf6rg M\xfcller <joerg@mueller.example>", b"To: office@draht.example",
                 b"Subject: Gr\xfc\xdfe aus M\xfcnchen \x80 Angebot", b"Date: Mon, 23 Nov 2026 09:15:00 +0100",
                 b"Message-ID: <8bit@mueller.example>"], b"Sch\xf6ne Gr\xfc\xdfe, 100 \x80 netto.")


def body_declared_utf8_but_windows_1252() -> bytes:
    return plain(b"wrong-charset@firma.example", b"Preis", b"Der Preis: 250 \x80, Gr\xfc\xdfe")


def body_declared_latin1_but_utf8() -> bytes:
    return _msg([b"From: a@firma.example", b"Subject: Umlaute", b"Message-ID: <mislabel@firma.example>",
                 b"Content-Type: text/plain; charset=iso-8859-1"], "Grüße aus Österreich".encode())


def outlook_unquoted_boundary() -> bytes:
    return _msg([b"From: \"Huber, Anna\" <anna@huber.example>", b"To: office@draht.example", b"Subject: Angebot",
                 b"Message-ID: <outlook-1@huber.example>", b"MIME-Version: 1.0",
                 b"Content-Type: multipart/alternative;\r\n\tboundary=----=_NextPart_000_0012_01DA1234.56789ABC",
                 b"X-Mailer: Microsoft Office Outlook 12.0"],
                b"This is a multi-part message in MIME format.\r\n\r\n"
                b"------=_NextPart_000_0012_01DA1234.56789ABC\r\nContent-Type: text/plain;\r\n\tcharset=\"iso-8859-1\""
                b"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe, anbei das Angebot.\r\n\r\n"
                b"------=_NextPart_000_0012_01DA1234.56789ABC\r\nContent-Type: text/html;\r\n\tcharset=\"iso-8859-1\""
                b"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Gr=FC=DFe, anbei das Angebot.</p>\r\n\r\n"
                b"------=_NextPart_000_0012_01DA1234.56789ABC--\r\n")


# --- 13. structure -----------------------------------------------------------------------------------------------
def named_text_part_without_disposition() -> bytes:
    """A CSV attached by a scanner's mailer: text/plain with a name, no Content-Disposition."""
    return _msg([b"From: scanner@firma.example", b"Subject: Liste", b"Message-ID: <named@firma.example>",
                 b"MIME-Version: 1.0", b"Content-Type: multipart/mixed; boundary=\"b1\""],
                b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAnbei die Liste.\r\n"
                b"--b1\r\nContent-Type: text/plain; charset=utf-8; name=\"liste.csv\"\r\n\r\n"
                b"Nr;Artikel\r\n1;Schraube\r\n"
                b"--b1--\r\n")


def forwarded_message() -> bytes:
    inner = _msg([b"From: Maria Huber <maria@huber.example>", b"To: einkauf@kunde.example",
                  b"Subject: Reklamation Lieferung 4711", b"Date: Fri, 20 Nov 2026 14:02:00 +0100",
                  b"Message-ID: <inner-1@huber.example>"], b"Die Lieferung war unvollst\xc3\xa4ndig.")
    return _msg([b"From: einkauf@kunde.example", b"To: office@draht.example", b"Subject: WG: Reklamation",
                 b"Message-ID: <fwd-1@kunde.example>", b"MIME-Version: 1.0",
                 b"Content-Type: multipart/mixed; boundary=\"f\""],
                b"--f\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSiehe unten.\r\n--f\r\n"
                b"Content-Type: message/rfc822\r\n\r\n" + inner + b"\r\n--f--\r\n")


def digest() -> bytes:
    one = _msg([b"From: a@liste.example", b"Subject: Beitrag eins", b"Message-ID: <d1@liste.example>"], b"Eins.")
    two = _msg([b"From: b@liste.example", b"Subject: Beitrag zwei", b"Message-ID: <d2@liste.example>"], b"Zwei.")
    return _msg([b"From: liste@liste.example", b"Subject: Digest Nr. 12", b"Message-ID: <digest-12@liste.example>",
                 b"MIME-Version: 1.0", b"Content-Type: multipart/digest; boundary=\"d\""],
                b"--d\r\n\r\n" + one + b"\r\n--d\r\n\r\n" + two + b"\r\n--d--\r\n")


def old_style_sender_with_comment() -> bytes:
    return plain(b"oldstyle@uni.example", b"Frage", b"Eine Frage.", sender=b"mhuber@uni.example (Maria Huber)")


def delivery_report_with_empty_unnamed_parts() -> bytes:
    return _msg([b"From: MAILER-DAEMON@mx.example", b"Subject: Undelivered Mail Returned to Sender",
                 b"Message-ID: <dsn-1@mx.example>", b"MIME-Version: 1.0",
                 b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\""],
                b"--r\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                b"--r\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
                b"--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
                b"Final-Recipient: rfc822; weg@nirgends.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--r--\r\n")


# --- 14. threads -------------------------------------------------------------------------------------------------
def reply_before_its_original() -> tuple[bytes, bytes]:
    original = plain(b"orig-1@firma.example", b"Termin", b"Passt Dienstag?")
    reply = plain(b"reply-1@draht.example", b"AW: Termin", b"Ja, Dienstag passt.", sender=b"kunde@firma.example",
                  extra=[b"In-Reply-To: <orig-1@firma.example>", b"References: <orig-1@firma.example>"])
    return reply, original
