"""E-mail in: parsing a varied corpus, storing once, matching, threads, attachments by hash, and polling a real
dovecot IMAP server on loopback (two pollers at once, an unreachable server)."""

import threading

import pytest
from django.db import connection

from draht.customers.services import create_contact
from draht.inbox.crypto import decrypt, encrypt
from draht.inbox.imap import fetch_new, poll_mailbox
from draht.inbox.models import Attachment, Blob, Mailbox, MailboxProblem, Message, MessageStatus
from draht.inbox.parsing import parse_email
from draht.inbox.services import MessageRefused, assign, create_contact_and_assign, store_email
from draht.inbox.upload import store_file
from draht.timeline.models import Interaction

from .conftest import make_customer
from .mail import corpus
from .mailservers import Dovecot, dovecot_available

LIMIT = 10 * 1024 * 1024


@pytest.fixture
def maria(cast):
    customer = make_customer(cast.alice, name="Huber Bau GmbH")
    return create_contact(customer, user=cast.alice, first_name="Maria", last_name="Huber", email=corpus.KNOWN)


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def parse(raw: bytes):
    return parse_email(raw, max_attachment_bytes=LIMIT)


# --- parsing: every message of the corpus gives a result, never an exception ---------------------------------
def test_latin1_quoted_printable_and_encoded_subject_are_read():
    parsed = parse(corpus.latin1_quoted_printable())
    assert parsed.subject == "Grüße aus München"
    assert parsed.text.startswith("Schöne Grüße, die Straße ist gesperrt. Bis bald!")
    assert parsed.sender_address == corpus.KNOWN and parsed.sender_name == "Maria Huber"
    assert parsed.message_id == "gruesse-1@example.at" and parsed.recipients == ["office@draht.example"]
    assert parsed.occurred_at.isoformat() == "2026-11-23T09:15:00+01:00"


def test_html_is_sanitised_and_gives_a_text():
    parsed = parse(corpus.html_only_with_script())
    assert "<script" not in parsed.html and "alert" not in parsed.html and "javascript:" not in parsed.html
    assert "tracker.example" not in parsed.html  # remote images would report the reading
    assert "<b>anbei</b>" in parsed.html
    assert parsed.text.startswith("Angebot anbei")


def test_alternative_parts_inline_images_and_attachments():
    parsed = parse(corpus.alternative_with_inline_image_and_pdf())
    assert parsed.text.strip() == "Das Angebot, mit Logo." and 'src="cid:logo@example.at"' in parsed.html
    logo, pdf = parsed.attachments
    assert (logo.content_type, logo.content_id, logo.is_inline, logo.data) == ("image/png", "logo@example.at", True,
                                                                               corpus.PNG)
    assert (pdf.filename, pdf.content_type, pdf.is_inline) == ("Angebot Müller.pdf", "application/pdf", False)


@pytest.mark.parametrize("build", corpus.ALL)
def test_every_message_of_the_corpus_is_read(build):
    parsed = parse(build())
    assert parsed.text.strip()
    assert "\x00" not in parsed.text


def test_broken_headers_invalid_utf8_and_unknown_charsets_are_read_with_notes():
    broken = parse(corpus.broken_headers())
    assert broken.text.strip() == "Text trotz kaputter Kopfzeilen." and broken.message_id == "broken-1@example.at"
    bad = parse(corpus.invalid_utf8())
    assert "Hallo" in bad.text and "Welt" in bad.text and any("read as" in p for p in bad.problems)
    klingon = parse(corpus.unknown_charset())
    assert klingon.text.startswith("Qapla") and any("charset" in p for p in klingon.problems)
    long = parse(corpus.huge_header())
    assert len(long.subject) <= 300 and any("Subject" in p for p in long.problems)


def test_automated_mail_is_recognised():
    assert parse(corpus.automated_reply()).is_automated
    assert not parse(corpus.latin1_quoted_printable()).is_automated


# --- storing ---------------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("_media")
def test_a_known_sender_lands_on_the_timeline_personal_and_in_one_thread(maria):
    first = store_email(corpus.latin1_quoted_printable(), source="upload").message
    reply = store_email(corpus.reply_to_first(), source="upload").message
    assert first.status == MessageStatus.ASSIGNED and first.contact_person == maria
    entry = first.interaction
    assert (entry.channel, entry.direction, entry.is_personal, entry.subject) == ("email", "in", True,
                                                                                  "Grüße aus München")
    assert list(entry.contact_persons.all()) == [maria]
    assert reply.thread_id == first.thread_id
    entries = Interaction.objects.filter(thread_id=first.thread_id).order_by("occurred_at")
    assert [(e.is_thread_head, e.thread_size) for e in entries] == [(False, 1), (True, 2)]
    maria.customer.refresh_from_db()
    assert maria.customer.last_personal_contact_at == reply.occurred_at


@pytest.mark.usefixtures("_media")
def test_the_same_message_is_stored_once(maria):
    assert store_email(corpus.latin1_quoted_printable(), source="imap").created
    assert not store_email(corpus.latin1_quoted_printable(), source="upload").created
    assert not store_email(corpus.latin1_quoted_printable().replace(b"\r\n", b"\n"), source="upload").created
    assert store_email(corpus.missing_message_id(), source="upload").created
    assert not store_email(corpus.missing_message_id(), source="upload").created
    assert Message.objects.count() == 2 and Interaction.objects.count() == 2


@pytest.mark.usefixtures("_media")
def test_automated_and_group_mail_are_not_personal_contact(maria):
    auto = store_email(corpus.automated_reply(), source="upload").message
    assert auto.interaction.is_personal is False and auto.interaction.is_automated
    group = corpus.reply_to_first().replace(b"To: office@draht.example", b"To: office@draht.example, b@draht.example")
    group = group.replace(b"gruesse-2@", b"gruesse-3@")
    assert store_email(group, source="upload").message.interaction.is_personal is False


@pytest.mark.usefixtures("_media")
def test_attachments_are_stored_once_by_content_hash(maria):
    store_email(corpus.alternative_with_inline_image_and_pdf(), source="upload")
    store_email(corpus.same_pdf_again(), source="upload")
    attachment_blobs = Blob.objects.filter(raw_messages=None)  # the originals are blobs too (compressed)
    assert Attachment.objects.count() == 3 and attachment_blobs.count() == 2
    pdf = Blob.objects.get(size=len(b"%PDF-1.4 fake offer\n"))
    assert pdf.attachments.count() == 2 and pdf.path.read_bytes() == b"%PDF-1.4 fake offer\n"


@pytest.mark.usefixtures("_media")
def test_a_big_attachment_is_left_out_with_a_note_and_an_oversized_message_is_refused(maria, settings):
    settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES = 1024 * 1024
    message = store_email(corpus.big_attachment(3 * 1024 * 1024), source="upload").message
    attachment = message.attachments.get()
    assert attachment.blob is None and attachment.size == 3 * 1024 * 1024 and attachment.refused
    assert "over the limit" in message.problems and not Blob.objects.filter(raw_messages=None).exists()
    settings.DRAHT_MAIL_MAX_MESSAGE_BYTES = 100
    with pytest.raises(MessageRefused):
        store_email(corpus.latin1_quoted_printable(), source="upload")


@pytest.mark.usefixtures("_media")
def test_a_50_mb_attachment_is_not_stored_but_the_message_is(maria):
    message = store_email(corpus.big_attachment(50 * 1024 * 1024), source="upload").message
    assert message.attachments.get().blob is None and message.status == MessageStatus.UNASSIGNED


@pytest.mark.usefixtures("_media")
def test_unknown_senders_wait_unassigned_until_one_click_assigns_or_creates_them(maria, cast):
    message = store_email(corpus.invalid_utf8(), source="upload").message
    assert message.status == MessageStatus.UNASSIGNED and message.interaction is None
    assign(message, maria.customer, None, user=cast.alice)
    message.refresh_from_db()
    assert message.status == MessageStatus.ASSIGNED and message.interaction.customer == maria.customer
    other = store_email(corpus.unknown_charset(), source="upload").message
    create_contact_and_assign(other, maria.customer, user=cast.alice)
    other.refresh_from_db()
    assert other.contact_person.email == corpus.UNKNOWN
    assert other.interaction.contact_persons.get() == other.contact_person
    # the next message from that sender is matched by itself
    later = corpus.unknown_charset().replace(b"<charset@", b"<charset-2@")
    assert store_email(later, source="upload").message.contact_person == other.contact_person


@pytest.mark.usefixtures("_media")
def test_mbox_and_eml_upload(maria, tmp_path):
    mbox = b"".join(b"From sender@example Mon Nov 23 09:00:00 2026\n" + build().replace(b"\r\n", b"\n") + b"\n"
                    for build in corpus.ALL)
    (tmp_path / "export.mbox").write_bytes(mbox)
    seen = []
    result = store_file(str(tmp_path / "export.mbox"), "export.mbox", lambda done, total, _r: seen.append(total))
    assert (result.stored, result.known, result.refused) == (len(corpus.ALL), 0, [])
    assert seen[-1] == len(corpus.ALL)
    (tmp_path / "gruesse.eml").write_bytes(corpus.latin1_quoted_printable())
    again = store_file(str(tmp_path / "gruesse.eml"), "gruesse.eml")
    assert (again.stored, again.known) == (0, 1)


def test_mailbox_passwords_are_encrypted_with_the_settings_key(settings):
    token = encrypt("geheim")
    assert "geheim" not in token and decrypt(token) == "geheim"
    settings.DRAHT_ENCRYPTION_KEY = "another key"
    with pytest.raises(ValueError):
        decrypt(token)


# --- a real IMAP server --------------------------------------------------------------------------------------
@pytest.fixture
def dovecot():
    if not dovecot_available():
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot()
    server.add_user("office")
    try:
        yield server
    finally:
        server.stop()


def mailbox_for(server, **fields) -> Mailbox:
    from .mailservers import PASSWORD

    return Mailbox.objects.create(**{"name": "Office", "host": "127.0.0.1", "allow_private": True,
                                     "port": server.port, "security": "none",
                                     "username": "office", "password_encrypted": encrypt(PASSWORD)} | fields)


@pytest.mark.usefixtures("_media")
def test_polling_dovecot_stores_the_corpus_once_and_goes_on_after_a_bad_message(dovecot, maria, settings):
    settings.DRAHT_MAIL_MAX_MESSAGE_BYTES = 4 * 1024 * 1024
    settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES = 1024 * 1024
    for build in corpus.ALL:
        dovecot.append("office", build())
    dovecot.append("office", corpus.big_attachment(5 * 1024 * 1024))  # over the message limit: refused, noted
    dovecot.append("office", corpus.latin1_quoted_printable())  # the same message a second time
    dovecot.append("office", corpus.big_attachment(2 * 1024 * 1024, "big-2"))  # kept, its attachment left out
    mailbox = mailbox_for(dovecot)
    result = poll_mailbox(mailbox.pk)
    assert (result.stored, result.known, result.refused, result.error) == (len(corpus.ALL) + 1, 1, 1, "")
    problem = MailboxProblem.objects.get()
    assert problem.uid == len(corpus.ALL) + 1 and "over the limit" in problem.reason
    mailbox.refresh_from_db()
    assert mailbox.last_uid == len(corpus.ALL) + 3 and mailbox.lease_until is None and mailbox.last_polled_at
    assert Message.objects.count() == len(corpus.ALL) + 1
    kept = Message.objects.get(message_id="big-2@unbekannt.example").attachments.get()
    assert kept.blob is None and kept.size == 2 * 1024 * 1024 and kept.refused
    assert poll_mailbox(mailbox.pk).stored == 0  # nothing new
    dovecot.append("office", corpus.reply_to_first().replace(b"gruesse-2@", b"gruesse-9@"))
    assert poll_mailbox(mailbox.pk).stored == 1
    threaded = Message.objects.get(message_id="gruesse-9@example.at")
    assert threaded.thread_id == Message.objects.get(message_id="gruesse-1@example.at").thread_id


@pytest.mark.postgresql  # threads on SQLite's in-memory test database lock whole tables
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_media")
def test_two_pollers_at_once_store_each_message_once(dovecot, cast):
    customer = make_customer(cast.alice)
    create_contact(customer, user=cast.alice, first_name="Maria", last_name="Huber", email=corpus.KNOWN)
    for build in corpus.ALL:
        dovecot.append("office", build())
    mailbox = mailbox_for(dovecot)
    errors = []

    def poll():
        try:
            fetch_new(Mailbox.objects.get(pk=mailbox.pk))  # both past the lease, as if it had expired
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    pollers = [threading.Thread(target=poll) for _ in range(2)]
    for p in pollers:
        p.start()
    for p in pollers:
        p.join(timeout=120)
    assert not errors
    assert Message.objects.count() == len(corpus.ALL)
    assert Interaction.objects.count() == Message.objects.exclude(customer=None).count()


@pytest.mark.usefixtures("_media")
def test_an_unreachable_server_is_recorded_and_the_next_poll_catches_up(dovecot, maria):
    mailbox = mailbox_for(dovecot)
    dovecot.append("office", corpus.latin1_quoted_printable())
    good_port = mailbox.port
    Mailbox.objects.filter(pk=mailbox.pk).update(port=1)  # nothing listens there
    result = poll_mailbox(mailbox.pk)
    mailbox.refresh_from_db()
    assert result.error and mailbox.last_error == result.error and mailbox.last_error_at
    assert mailbox.last_uid == 0 and not Message.objects.exists()
    Mailbox.objects.filter(pk=mailbox.pk).update(port=good_port)
    assert poll_mailbox(mailbox.pk).stored == 1
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""


def test_a_wrong_password_is_shown_as_the_mailbox_error(dovecot, db):
    mailbox = mailbox_for(dovecot)
    Mailbox.objects.filter(pk=mailbox.pk).update(password_encrypted=encrypt("wrong"))
    result = poll_mailbox(mailbox.pk)
    assert result.error and Mailbox.objects.get(pk=mailbox.pk).last_error


def test_a_mailbox_being_polled_is_not_polled_twice(dovecot, db):
    from django.utils import timezone

    mailbox = mailbox_for(dovecot, lease_until=timezone.now() + timezone.timedelta(minutes=5))
    assert poll_mailbox(mailbox.pk) is None


def test_two_worker_processes_on_sqlite_store_each_message_once(dovecot, tmp_path):
    """The default database: two `draht fetchmail --force` processes at once against one mailbox."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from .mailservers import PASSWORD

    draht = str(Path(sys.executable).parent / "draht")
    env = {**os.environ, "DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "SECRET_KEY": "two-pollers",
           "DEBUG": "false"}
    for build in corpus.ALL:
        dovecot.append("office", build())
    assert subprocess.run([draht, "migrate", "-v0"], env=env, timeout=120).returncode == 0
    setup = (f"from draht.inbox.models import Mailbox; from draht.inbox.crypto import encrypt; "
             f"Mailbox.objects.create(name='Office', host='127.0.0.1', allow_private=True, port={dovecot.port}, "
             f"security='none', "
             f"username='office', password_encrypted=encrypt('{PASSWORD}'))")
    assert subprocess.run([draht, "shell", "-c", setup], env=env, timeout=60).returncode == 0
    pollers = [subprocess.Popen([draht, "fetchmail", "--force"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in pollers]
    assert all(p.returncode == 0 for p in pollers), outputs
    count = subprocess.run([draht, "shell", "-c", "from draht.inbox.models import Message as M; "
                            "print(M.objects.count(), M.objects.values('message_key').distinct().count())"],
                           env=env, capture_output=True, text=True, timeout=60).stdout.split()[-2:]
    assert count == [str(len(corpus.ALL))] * 2
    new = sum(int(out.split(":")[1].split()[0]) for out, _ in outputs)
    assert new == len(corpus.ALL)  # each message stored by exactly one of them


@pytest.mark.usefixtures("_media")
def test_nul_characters_never_reach_the_database(db):
    message = store_email(corpus.nul_bytes(), source="upload").message
    message.refresh_from_db()
    assert "\x00" not in message.text + message.html + message.subject
    assert message.text.strip() == "AB" and "CD" in message.html


@pytest.mark.usefixtures("_media")
def test_mail_a_user_wrote_from_their_own_program_is_outbound_to_the_recipient(maria, cast):
    cast.alice.email = "Alice@Draht.example"
    cast.alice.save()
    raw = (b"From: Alice <alice@draht.example>\r\nTo: " + corpus.KNOWN.encode() + b"\r\nBcc: crm@draht.example\r\n"
           b"Subject: Ihr Termin\r\nMessage-ID: <own-1@draht.example>\r\n\r\nBis Donnerstag!\r\n")
    message = store_email(raw, source="imap").message
    entry = message.interaction
    assert (message.direction, message.contact_person) == ("out", maria)
    assert (entry.direction, entry.is_personal, list(entry.users.all())) == ("out", True, [cast.alice])


def test_the_rules_for_personal_messages_and_thread_subjects():
    from draht.inbox.rules import is_personal_message, thread_subject

    assert is_personal_message("email", automated=False, recipient_count=1)
    assert not is_personal_message("email", automated=False, recipient_count=2)
    assert not is_personal_message("email", automated=True, recipient_count=1)
    assert is_personal_message("chat", automated=False, recipient_count=1)
    assert not any(is_personal_message(c, automated=False, recipient_count=1) for c in ("review", "social", "webform"))
    assert thread_subject("AW: WG: Re: Angebot") == "Angebot" and thread_subject("Fwd:Rechnung") == "Rechnung"
    assert thread_subject("Reise nach Rom") == "Reise nach Rom"


@pytest.mark.usefixtures("_media")
def test_a_reply_delivered_before_its_original_shares_the_thread(maria):
    reply = store_email(corpus.reply_to_first(), source="imap").message
    original = store_email(corpus.latin1_quoted_printable(), source="imap").message
    assert original.thread_id == reply.thread_id
    entries = Interaction.objects.filter(thread_id=reply.thread_id)
    assert entries.count() == 2 and entries.filter(is_thread_head=True).get() == reply.interaction


@pytest.fixture
def tls_dovecot(db):
    if not dovecot_available():
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot(tls=True)  # IMAPS on tls_port, STARTTLS offered on port
    server.add_user("office")
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.usefixtures("_media")
def test_starttls_fetches_once_the_certificate_is_trusted_and_refuses_it_before(tls_dovecot, maria, monkeypatch):
    tls_dovecot.append("office", corpus.latin1_quoted_printable())
    mailbox = mailbox_for(tls_dovecot, security="starttls")
    refused = poll_mailbox(mailbox.pk)
    assert "CERTIFICATE_VERIFY_FAILED" in refused.error and not Message.objects.exists()
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_dovecot.dir / "cert.pem"))  # as if a known CA had signed it
    result = poll_mailbox(mailbox.pk)
    assert (result.stored, result.error) == (1, "") and Message.objects.get().customer == maria.customer
    Mailbox.objects.filter(pk=mailbox.pk).update(port=tls_dovecot.tls_port, security="imaps", last_uid=0)
    assert poll_mailbox(mailbox.pk).known == 1  # IMAPS with the same trust: the message is there already


def test_starttls_never_falls_back_to_sending_the_password_in_plain_text(db, dovecot):
    mailbox = mailbox_for(dovecot, security="starttls")  # this server offers no TLS at all
    result = poll_mailbox(mailbox.pk)
    assert "TLS not supported" in result.error and result.stored == 0
    assert "TLS not supported" in Mailbox.objects.get(pk=mailbox.pk).last_error
    log = (dovecot.dir / "dovecot.log").read_text()
    assert "Login: user=<office>" not in log


def test_imaps_refuses_a_server_whose_certificate_it_cannot_check(db):
    if not dovecot_available():
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot(tls=True)
    server.add_user("office")
    try:
        mailbox = mailbox_for(server)
        Mailbox.objects.filter(pk=mailbox.pk).update(port=server.tls_port, security="imaps")
        result = poll_mailbox(mailbox.pk)
        assert "CERTIFICATE_VERIFY_FAILED" in result.error
        assert "CERTIFICATE_VERIFY_FAILED" in Mailbox.objects.get(pk=mailbox.pk).last_error
    finally:
        server.stop()


@pytest.mark.django_db(transaction=True)
def test_the_security_migration_keeps_unencrypted_mailboxes_unencrypted():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("inbox", "0003_in_reply_to_index")])
    old = executor.loader.project_state([("inbox", "0003_in_reply_to_index")]).apps.get_model("inbox", "Mailbox")
    plain = old.objects.create(name="Lokal", host="127.0.0.1", port=143, use_ssl=False, username="u",
                               password_encrypted="x")
    tls = old.objects.create(name="Anbieter", host="imap.example", port=993, use_ssl=True, username="u",
                             password_encrypted="x")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Mailbox.objects.get(pk=plain.pk).security == "none"
    assert Mailbox.objects.get(pk=tls.pk).security == "imaps"
