"""Varied e-mails as they come over the wire, built here so every byte is visible in the test."""

import base64

KNOWN = "maria.huber@example.at"  # a contact person in the tests
UNKNOWN = "fremd@unbekannt.example"


def latin1_quoted_printable() -> bytes:
    return (
        b"From: Maria Huber <Maria.Huber@Example.AT>\r\n"
        b"To: office@draht.example\r\n"
        b"Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_M=FCnchen?=\r\n"
        b"Date: Mon, 23 Nov 2026 09:15:00 +0100\r\n"
        b"Message-ID: <gruesse-1@example.at>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=ISO-8859-1\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Sch=F6ne Gr=FC=DFe, die Stra=DFe ist gesperrt.=\r\n"
        b" Bis bald!\r\n")


def reply_to_first() -> bytes:
    return (
        b"From: maria.huber@example.at\r\nTo: office@draht.example\r\nSubject: AW: Gruesse\r\n"
        b"Date: Mon, 23 Nov 2026 11:00:00 +0100\r\nMessage-ID: <gruesse-2@example.at>\r\n"
        b"In-Reply-To: <gruesse-1@example.at>\r\nReferences: <gruesse-1@example.at>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nNoch etwas.\r\n")


def html_only_with_script() -> bytes:
    return (
        b"From: Maria Huber <maria.huber@example.at>\r\nTo: office@draht.example\r\n"
        b"Subject: HTML only\r\nMessage-ID: <html-1@example.at>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0100\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><body><p>Angebot <b>anbei</b></p><script>alert('x')</script>"
        b"<img src=\"https://tracker.example/p.gif\"><a href=\"javascript:alert(1)\">klick</a></body></html>\r\n")


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
                       "AAAABJRU5ErkJggg==")


def alternative_with_inline_image_and_pdf() -> bytes:
    png = base64.encodebytes(PNG)
    pdf = base64.encodebytes(b"%PDF-1.4 fake offer\n")
    return (
        b"From: Maria Huber <maria.huber@example.at>\r\nTo: office@draht.example\r\n"
        b"Subject: Angebot mit Logo\r\nMessage-ID: <alt-1@example.at>\r\nDate: Tue, 24 Nov 2026 12:00:00 +0100\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        b"--outer\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n"
        b"--rel\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
        b"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDas Angebot, mit Logo.\r\n"
        b"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<p>Das Angebot, mit <img src=\"cid:logo@example.at\"></p>\r\n--alt--\r\n"
        b"--rel\r\nContent-Type: image/png\r\nContent-ID: <logo@example.at>\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + png + b"--rel--\r\n"
        b"--outer\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
        b"filename=\"=?utf-8?q?Angebot_M=C3=BCller.pdf?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + pdf + b"--outer--\r\n")


def same_pdf_again() -> bytes:
    pdf = base64.encodebytes(b"%PDF-1.4 fake offer\n")
    return (
        b"From: maria.huber@example.at\r\nTo: office@draht.example\r\nSubject: Nochmal das Angebot\r\n"
        b"Message-ID: <pdf-2@example.at>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nanbei\r\n"
        b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + pdf + b"--b--\r\n")


def missing_message_id() -> bytes:
    return (b"From: maria.huber@example.at\r\nTo: office@draht.example\r\nSubject: ohne ID\r\n"
            b"Content-Type: text/plain\r\n\r\nKeine Message-ID.\r\n")


def broken_headers() -> bytes:
    return (b"From: \"Unclosed <broken@\r\nTo: ,,,@@@\r\nSubject: =?utf-8?B?broken-base64?=\r\n"
            b"Date: not a date\r\nMessage-ID: <broken-1@example.at>\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"\r\nText trotz kaputter Kopfzeilen.\r\n")


def huge_header() -> bytes:
    return (b"From: " + UNKNOWN.encode() + b"\r\nTo: office@draht.example\r\nSubject: " + b"Lang " * 20_000
            + b"\r\nMessage-ID: <huge-header@unbekannt.example>\r\nContent-Type: text/plain\r\n\r\nkurz\r\n")


def invalid_utf8() -> bytes:
    return (b"From: " + UNKNOWN.encode() + b"\r\nTo: office@draht.example\r\nSubject: kaputt \xff\xfe\r\n"
            b"Message-ID: <bad-utf8@unbekannt.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            b"Hallo \xc3\x28 Welt \xff\r\n")


def unknown_charset() -> bytes:
    return (b"From: " + UNKNOWN.encode() + b"\r\nTo: office@draht.example\r\nSubject: charset\r\n"
            b"Message-ID: <charset@unbekannt.example>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n"
            b"Qapla\xe4\r\n")


def automated_reply() -> bytes:
    return (b"From: maria.huber@example.at\r\nTo: office@draht.example\r\nSubject: Abwesenheitsnotiz\r\n"
            b"Auto-Submitted: auto-replied\r\nMessage-ID: <auto-1@example.at>\r\n"
            b"Content-Type: text/plain\r\n\r\nIch bin bis 1.12. nicht im Haus.\r\n")


def big_attachment(size: int, name: str = "big") -> bytes:
    data = base64.encodebytes(b"\0" * size)
    return (b"From: " + UNKNOWN.encode() + b"\r\nTo: office@draht.example\r\nSubject: grosse Datei\r\n"
            b"Message-ID: <" + name.encode() + b"@unbekannt.example>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nanbei\r\n"
            b"--b\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Disposition: attachment; filename=\"gross.bin\"\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + data + b"--b--\r\n")


ALL = [latin1_quoted_printable, reply_to_first, html_only_with_script, alternative_with_inline_image_and_pdf,
       same_pdf_again, missing_message_id, broken_headers, huge_header, invalid_utf8, unknown_charset,
       automated_reply]


def nul_bytes() -> bytes:
    return (b"From: " + UNKNOWN.encode() + b"\r\nTo: office@draht.example\r\nSubject: =?utf-8?q?Null=00Byte?=\r\n"
            b"Message-ID: <nul@unbekannt.example>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            b"A\x00B\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>C\x00D</p>\r\n--b--\r\n")


def delivery_failure(original_message_id: str, recipient: str) -> bytes:
    """A bounce as Postfix writes it (RFC 3464), about one of our messages."""
    return (
        b"From: MAILER-DAEMON@mx.example (Mail Delivery System)\r\nTo: alice@draht.example\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@mx.example>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n"
        b"--r\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be "
        b"delivered.\r\n"
        b"--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
        b"Final-Recipient: rfc822; " + recipient.encode() + b"\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 <" + recipient.encode() + b">: Recipient address rejected\r\n\r\n"
        b"--r\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: alice@draht.example\r\nTo: " + recipient.encode()
        + b"\r\nSubject: Ihr Angebot\r\nMessage-ID: <" + original_message_id.encode() + b">\r\n\r\n--r--\r\n")
