"""E-mail files from real programs (tests/corpus/mail.py) through the paths people use — the upload page,
`draht importmail` and IMAP — with the stored values checked."""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from draht.customers.services import create_contact
from draht.inbox.imap import poll_mailbox
from draht.inbox.models import Attachment, Message
from draht.inbox.services import store_email
from draht.inbox.upload import store_file

from .conftest import client_for, make_customer
from .corpus import mail
from .test_inbox import dovecot, mailbox_for  # noqa: F401 - the dovecot fixture

DRAHT = str(Path(sys.executable).parent / "draht")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(tmp_path, data: bytes, name="archiv.mbox"):
    path = tmp_path / name
    path.write_bytes(data)
    return store_file(str(path), name)


# --- 10. mbox --------------------------------------------------------------------------------------------------
def test_an_mbox_with_a_leading_blank_line_and_unescaped_from_lines(db, tmp_path):
    result = upload(tmp_path, mail.mbox_with_leading_blank_line_and_unescaped_from())
    assert (result.stored, result.known, result.refused) == (3, 0, [])
    first = Message.objects.get(message_id="m1@firma.example")
    assert "From here on we ship from Graz." in first.text and "Gruss" in first.text
    assert set(Message.objects.values_list("subject", flat=True)) == {"Erste", "Zweite", "Dritte"}


def test_an_mboxrd_file_with_crlf_lines(db, tmp_path):
    result = upload(tmp_path, mail.mboxrd_with_escaped_from_and_crlf())
    assert result.stored == 2
    text = Message.objects.get(message_id="rd1@firma.example").text
    assert "From the archive: keep this line" in text and ">From deeper" in text and ">From the" not in text


def test_draht_importmail_stores_files_and_says_what_happened(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DRAHT_VAR": str(tmp_path / "var"), "DATABASE_URL": ""}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    archive = tmp_path / "archiv.mbox"
    archive.write_bytes(mail.mbox_with_leading_blank_line_and_unescaped_from())
    single = tmp_path / "einzeln.eml"
    single.write_bytes(mail.outlook_unquoted_boundary())
    done = subprocess.run([DRAHT, "importmail", str(archive), str(single)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"{archive}: 3 stored, 0 already there, 0 refused" in done.stdout
    assert f"{single}: 1 stored, 0 already there, 0 refused" in done.stdout
    again = subprocess.run([DRAHT, "importmail", str(archive)], env=env, capture_output=True, text=True, timeout=120)
    assert f"{archive}: 0 stored, 3 already there, 0 refused" in again.stdout


# --- 11. identity ----------------------------------------------------------------------------------------------
def test_different_messages_sharing_a_message_id_are_all_stored(db):
    first, second = mail.two_messages_sharing_a_message_id()
    assert store_email(first, source="upload").created and store_email(second, source="upload").created
    assert not store_email(first, source="upload").created  # the same one again: already there
    assert Message.objects.filter(message_id="always-the-same@buggy.example").count() == 2


def test_one_message_delivered_to_two_mailboxes_is_stored_once(db):
    one, two = mail.one_message_delivered_to_two_mailboxes()
    assert store_email(one, source="imap").created and not store_email(two, source="imap").created


def test_messages_without_message_id_are_told_apart_by_content(db):
    one, two = mail.two_messages_without_message_id()
    assert store_email(one, source="upload").created and store_email(two, source="upload").created
    assert not store_email(two, source="upload").created


# --- 12. bytes kept, text recovered -------------------------------------------------------------------------------
def test_the_raw_message_is_kept_compressed(db):
    raw = mail.raw_8bit_headers_in_windows_1252()
    message = store_email(raw, source="upload").message
    assert gzip.decompress(message.raw.path.read_bytes()) == raw and message.raw.size < len(raw) + 100


def test_raw_8bit_headers_and_wrong_charsets_keep_their_umlauts(db):
    message = store_email(mail.raw_8bit_headers_in_windows_1252(), source="upload").message
    assert message.sender_name == "Jörg Müller" and message.subject == "Grüße aus München € Angebot"
    assert message.text.startswith("Schöne Grüße, 100 € netto.") and "Windows-1252" in message.problems
    wrong = store_email(mail.body_declared_utf8_but_windows_1252(), source="upload").message
    assert wrong.text == "Der Preis: 250 €, Grüße" and "not utf-8" in wrong.problems
    mislabel = store_email(mail.body_declared_latin1_but_utf8(), source="upload").message
    assert mislabel.text == "Grüße aus Österreich"


def test_an_unquoted_outlook_boundary_keeps_the_body(db):
    message = store_email(mail.outlook_unquoted_boundary(), source="upload").message
    assert message.text.strip() == "Grüße, anbei das Angebot." and "Grüße" in message.html
    assert message.sender_name == "Huber, Anna"


# --- 13. structure -----------------------------------------------------------------------------------------------
def test_a_named_text_part_is_an_attachment_not_the_body(db):
    message = store_email(mail.named_text_part_without_disposition(), source="upload").message
    assert message.text.strip() == "Anbei die Liste."
    assert list(message.attachments.values_list("filename", "content_type")) == [("liste.csv", "text/plain")]


def test_a_forwarded_message_keeps_its_own_headers_and_opens(cast, db):
    customer = make_customer(cast.alice, name="Kunde GmbH")
    create_contact(customer, user=cast.alice, first_name="E", last_name="Inkauf", email="einkauf@kunde.example")
    message = store_email(mail.forwarded_message(), source="upload").message
    assert message.text.strip() == "Siehe unten."
    forwarded = message.attachments.get()
    assert (forwarded.content_type, forwarded.filename) == ("message/rfc822", "Reklamation Lieferung 4711.eml")
    client = client_for(cast.alice)
    assert f"/inbox/attachment/{forwarded.pk}/message/" in client.get(f"/inbox/{message.pk}/").content.decode()
    page = client.get(f"/inbox/attachment/{forwarded.pk}/message/").content.decode()
    assert "Reklamation Lieferung 4711" in page and "maria@huber.example" in page and "unvollständig" in page
    assert client_for(cast.bob).get(f"/inbox/attachment/{forwarded.pk}/message/").status_code in (200, 404)


def test_a_digest_keeps_each_entry(db):
    message = store_email(mail.digest(), source="upload").message
    assert sorted(message.attachments.values_list("filename", flat=True)) == ["Beitrag eins.eml", "Beitrag zwei.eml"]


def test_an_old_style_sender_keeps_its_name(db):
    message = store_email(mail.old_style_sender_with_comment(), source="upload").message
    assert (message.sender_address, message.sender_name) == ("mhuber@uni.example", "Maria Huber")


def test_empty_unnamed_parts_of_a_delivery_report_are_not_attachments(db):
    message = store_email(mail.delivery_report_with_empty_unnamed_parts(), source="upload").message
    assert not message.attachments.filter(size=0, filename="").exists()


# --- 14. threads -------------------------------------------------------------------------------------------------
def test_a_reply_that_arrives_first_joins_its_original(cast, db):
    customer = make_customer(cast.alice, name="Firma GmbH")
    create_contact(customer, user=cast.alice, first_name="K", last_name="Unde", email="kunde@firma.example")
    reply, original = mail.reply_before_its_original()
    first = store_email(reply, source="imap").message
    second = store_email(original, source="imap").message
    assert first.thread_id == second.thread_id
    heads = customer.interactions.filter(is_thread_head=True)
    assert heads.count() == 1 and heads.get().thread_size == 2


# --- 15. a missing attachment file -------------------------------------------------------------------------------
def test_a_missing_attachment_file_answers_404_with_a_clear_page(cast, db):
    customer = make_customer(cast.alice, name="Kunde GmbH")
    create_contact(customer, user=cast.alice, first_name="S", last_name="Canner", email="scanner@firma.example")
    message = store_email(mail.named_text_part_without_disposition(), source="upload").message
    attachment = Attachment.objects.get(message=message)
    attachment.blob.path.unlink()  # as after a restore without the media folder
    response = client_for(cast.alice).get(f"/inbox/attachment/{attachment.pk}/")
    assert response.status_code == 404 and b"attachment-missing" in response.content


# --- through IMAP (dovecot) ----------------------------------------------------------------------------------------
def test_the_same_files_through_imap(dovecot, db):  # noqa: F811 - the fixture
    dovecot.append("office", mail.raw_8bit_headers_in_windows_1252())
    dovecot.append("office", mail.outlook_unquoted_boundary())
    for raw in mail.two_messages_sharing_a_message_id():
        dovecot.append("office", raw)
    result = poll_mailbox(mailbox_for(dovecot).pk)
    assert (result.stored, result.error) == (4, "")
    assert Message.objects.get(message_id="8bit@mueller.example").sender_name == "Jörg Müller"
    assert Message.objects.get(message_id="outlook-1@huber.example").text.strip() == "Grüße, anbei das Angebot."
