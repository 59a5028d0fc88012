"""The pages of e-mail in and out: unassigned inbox, message view, mailboxes, compose, outbox, threads on the
timeline; each with its permission check and its denial."""

import pytest

from draht.inbox.models import Mailbox, Message, MessageStatus
from draht.inbox.services import store_email
from draht.outbox.models import OutgoingEmail, OutgoingStatus
from draht.timeline.models import Interaction

from .conftest import client_for
from .mail import corpus


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unknown_message(db):
    return store_email(corpus.alternative_with_inline_image_and_pdf().replace(b"maria.huber@example.at",
                                                                             b"neu@firma.example"),
                       source="upload").message


def test_the_unassigned_inbox_is_for_those_who_handle_contact(cast, unknown_message):
    page = client_for(cast.agent).get("/inbox/")
    assert page.status_code == 200 and "Angebot mit Logo" in page.content.decode()
    assert client_for(cast.comms).get("/inbox/").status_code == 403
    assert client_for(cast.comms).get(f"/inbox/{unknown_message.pk}/").status_code == 403


def test_a_message_shows_sanitised_html_with_its_inline_image_and_attachments(cast, unknown_message):
    html = client_for(cast.alice).get(f"/inbox/{unknown_message.pk}/").content.decode()
    logo, pdf = unknown_message.attachments.all()
    assert f'src="/inbox/attachment/{logo.pk}/"' in html and "Angebot Müller.pdf" in html
    download = client_for(cast.alice).get(f"/inbox/attachment/{pdf.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/octet-stream"
    assert "attachment" in download["Content-Disposition"] and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for(cast.comms).get(f"/inbox/attachment/{pdf.pk}/").status_code == 403


def test_a_script_in_a_message_never_reaches_the_page(cast, customer):
    raw = corpus.html_only_with_script().replace(b"maria.huber@example.at", b"x@firma.example")
    message = store_email(raw, source="upload").message
    html = client_for(cast.alice).get(f"/inbox/{message.pk}/").content.decode()
    assert "alert(" not in html and "tracker.example" not in html and "<b>anbei</b>" in html


def test_one_click_assigns_or_creates_the_sender(cast, customer, bobs_customer, unknown_message, settings):
    settings.DRAHT_TEAM_VISIBILITY = True
    alice = client_for(cast.alice)
    found = alice.get(f"/inbox/{unknown_message.pk}/", {"q": "Huber"}).content.decode()
    assert customer.name in found and bobs_customer.name not in found
    assert alice.post(f"/inbox/{unknown_message.pk}/assign/", {"customer": bobs_customer.pk}).status_code == 404
    response = alice.post(f"/inbox/{unknown_message.pk}/assign/", {"customer": customer.pk, "create": "1"})
    assert response.status_code == 302
    unknown_message.refresh_from_db()
    assert unknown_message.status == MessageStatus.ASSIGNED
    assert unknown_message.contact_person.email == "neu@firma.example"
    timeline = alice.get(f"/customers/{customer.pk}/").content.decode()
    assert "Angebot mit Logo" in timeline and f"/inbox/entry/{unknown_message.interaction_id}/" in timeline
    assert alice.get(f"/inbox/entry/{unknown_message.interaction_id}/").url == f"/inbox/{unknown_message.pk}/"
    assert client_for(cast.bob).get(f"/inbox/{unknown_message.pk}/").status_code == 404  # not bob's customer


def test_mailboxes_store_the_password_encrypted_and_never_show_it(cast):
    manager = client_for(cast.manager)
    data = {"name": "Office", "host": "93.184.215.14", "port": 993, "security": "imaps", "username": "office",
            "folder": "INBOX", "is_active": "on", "password": "Sehr-Geheim-1"}
    assert manager.post("/inbox/mailboxes/", data).status_code == 302
    mailbox = Mailbox.objects.get()
    assert "Sehr-Geheim-1" not in mailbox.password_encrypted
    page = manager.get(f"/inbox/mailboxes/{mailbox.pk}/").content.decode()
    assert "Sehr-Geheim-1" not in page and mailbox.password_encrypted not in page
    before = mailbox.password_encrypted
    assert manager.post(f"/inbox/mailboxes/{mailbox.pk}/", data | {"password": ""}).status_code == 302
    assert Mailbox.objects.get().password_encrypted == before  # empty keeps it
    assert client_for(cast.alice).get("/inbox/mailboxes/").status_code == 403
    assert client_for(cast.alice).post(f"/inbox/mailboxes/{mailbox.pk}/fetch/").status_code == 403


def test_a_mailbox_form_refuses_settings_that_cannot_work_or_would_expose_the_password(cast):
    manager = client_for(cast.manager)
    data = {"name": "Office", "host": "93.184.215.14", "port": 993, "security": "starttls", "username": "office",
            "folder": "INBOX", "is_active": "on", "password": "Sehr-Geheim-1"}
    page = manager.post("/inbox/mailboxes/", data).content.decode()
    assert "Port 993 speaks TLS from the start" in page
    page = manager.post("/inbox/mailboxes/", data | {"port": 143, "security": "none"}).content.decode()
    assert "the password would cross the network readable" in page and not Mailbox.objects.exists()
    assert manager.post("/inbox/mailboxes/", data | {"port": 143}).status_code == 302
    local = data | {"host": "127.0.0.1", "port": 143, "security": "none"}
    assert "private or local address" in manager.post("/inbox/mailboxes/", local).content.decode()
    assert 'name="allow_private"' not in manager.get("/inbox/mailboxes/").content.decode()  # managers may not
    assert client_for(cast.owner).post("/inbox/mailboxes/", local | {"allow_private": "on"}).status_code == 302
    assert Mailbox.objects.count() == 2


def test_a_failing_mailbox_is_a_warning_on_the_inbox(cast):
    Mailbox.objects.create(name="Office", host="x", username="u", password_encrypted="-",
                           last_error="ConnectionRefusedError: [Errno 111]")
    page = client_for(cast.agent).get("/inbox/").content.decode()
    assert "Office" in page and "could not be read" in page and "ConnectionRefusedError" not in page
    assert "ConnectionRefusedError" in client_for(cast.manager).get("/inbox/").content.decode()


def test_an_mbox_upload_runs_in_the_worker_with_progress(cast, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from draht.inbox.models import MailUpload
    from draht.inbox.upload import run_upload

    mbox = b"".join(b"From x Mon Nov 23 09:00:00 2026\n" + build().replace(b"\r\n", b"\n") + b"\n"
                    for build in corpus.ALL)
    agent = client_for(cast.agent)
    with django_capture_on_commit_callbacks() as queued:
        response = agent.post("/inbox/upload/", {"file": SimpleUploadedFile("export.mbox", mbox)})
    job = MailUpload.objects.get()
    assert response.url == f"/inbox/upload/{job.pk}/" and len(queued) == 1
    waiting = agent.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Queued" in waiting
    assert run_upload(job.pk) == "done" and run_upload(job.pk) == "done"  # a second run is a no-op
    done = agent.get(response.url).content.decode()
    assert f"{len(corpus.ALL)} messages stored" in done and "every 1s" not in done
    job.refresh_from_db()
    assert job.file.name == "" and Message.objects.count() == len(corpus.ALL)
    assert client_for(cast.alice).get(response.url).status_code == 404  # someone else's upload
    assert client_for(cast.comms).post("/inbox/upload/", {"file": SimpleUploadedFile("a.eml", b"x")}).status_code \
        == 403


def test_compose_queues_with_the_signature_and_the_outbox_shows_it(cast, customer, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.DRAHT_TEAM_VISIBILITY = True
    maria = customer.contact_persons.get()
    alice = client_for(cast.alice)
    form = alice.get(f"/outbox/customer/{customer.pk}/compose/?contact={maria.pk}").content.decode()
    assert "{signature}" in form
    with django_capture_on_commit_callbacks():
        response = alice.post(f"/outbox/customer/{customer.pk}/compose/", {
            "contact_person": maria.pk, "to": "", "subject": "Termin", "body": "Guten Tag\n\n-- \n{signature}"})
    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert email.to == [maria.email] and "{signature}" not in email.body and "Alice" in email.body
    assert "Termin" in alice.get(f"/customers/{customer.pk}/").content.decode()
    bad = alice.post(f"/outbox/customer/{customer.pk}/compose/", {"to": "kein-mail", "subject": "x", "body": "y"})
    assert bad.status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks():
        alice.post(f"/outbox/customer/{customer.pk}/compose/", {
            "to": "a@b.example", "subject": "Mit Anhang", "body": "B",
            "files": [SimpleUploadedFile("a.txt", b"eins"), SimpleUploadedFile("b.txt", b"zwei")]})
    assert [a.filename for a in OutgoingEmail.objects.get(subject="Mit Anhang").attachments.all()] == ["a.txt",
                                                                                                     "b.txt"]
    settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES = 3
    too_big = alice.post(f"/outbox/customer/{customer.pk}/compose/", {
        "to": "a@b.example", "subject": "Zu gross", "body": "B", "files": [SimpleUploadedFile("a.txt", b"eins")]})
    assert too_big.status_code == 400 and not OutgoingEmail.objects.filter(subject="Zu gross").exists()
    assert client_for(cast.bob).get(f"/outbox/customer/{customer.pk}/compose/").status_code == 404
    assert client_for(cast.comms).get(f"/outbox/customer/{customer.pk}/compose/").status_code == 403


def test_an_unknown_delivery_is_decided_on_the_outbox_page(cast, customer):
    from draht.outbox.services import queue_email

    email = queue_email(customer, user=cast.alice, to=["a@b.example"], subject="S", body="B")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingStatus.UNKNOWN, last_error="the worker stopped during the send; check whether it arrived")
    page = client_for(cast.alice).get("/outbox/").content.decode()
    assert "Delivery unknown" in page
    customer_page = client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()
    assert "Delivery unknown" in customer_page and "check whether it arrived" in customer_page
    assert client_for(cast.bob).post(f"/outbox/{email.pk}/decide/", {"action": "confirm"}).status_code == 404
    client_for(cast.alice).post(f"/outbox/{email.pk}/decide/", {"action": "confirm"})
    assert OutgoingEmail.objects.get().status == OutgoingStatus.SENT
    assert "Delivery unknown" not in client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()


def test_a_thread_shows_collapsed_under_its_newest_message_and_opens(cast, customer, settings):
    settings.DRAHT_TEAM_VISIBILITY = True
    maria = customer.contact_persons.get()
    first = corpus.latin1_quoted_printable().replace(b"Maria.Huber@Example.AT", maria.email.encode())
    store_email(first, source="upload")
    store_email(corpus.reply_to_first().replace(b"maria.huber@example.at", maria.email.encode()), source="upload")
    alice = client_for(cast.alice)
    page = alice.get(f"/customers/{customer.pk}/").content.decode()
    assert "AW: Gruesse" in page and "Grüße aus München" not in page and "2 messages in this conversation" in page
    head = Interaction.objects.get(is_thread_head=True, thread__isnull=False)
    opened = alice.get(f"/timeline/thread/{head.thread_id}/", {"customer": customer.pk}).content.decode()
    assert "Grüße aus München" in opened and "AW: Gruesse" not in opened
    assert client_for(cast.bob).get(f"/timeline/thread/{head.thread_id}/", {"customer": customer.pk}).status_code == 404


def test_the_api_timeline_can_collapse_threads(cast, customer, settings):
    from .conftest import api_for

    maria = customer.contact_persons.get()
    store_email(corpus.latin1_quoted_printable().replace(b"Maria.Huber@Example.AT", maria.email.encode()),
                source="upload")
    store_email(corpus.reply_to_first().replace(b"maria.huber@example.at", maria.email.encode()), source="upload")
    api = api_for(cast.alice)
    everything = api.get(f"/customers/{customer.pk}/interactions").json()["items"]
    collapsed = api.get(f"/customers/{customer.pk}/interactions", collapse_threads="true").json()["items"]
    assert len(everything) == 2 and [(i["subject"], i["thread_size"]) for i in collapsed] == [("AW: Gruesse", 2)]


def test_an_unwanted_message_is_put_aside(cast, unknown_message):
    assert client_for(cast.comms).post(f"/inbox/{unknown_message.pk}/ignore/").status_code == 403
    client_for(cast.agent).post(f"/inbox/{unknown_message.pk}/ignore/")
    unknown_message.refresh_from_db()
    assert unknown_message.status == MessageStatus.IGNORED
    assert "Angebot mit Logo" not in client_for(cast.agent).get("/inbox/").content.decode()


def test_automated_messages_are_put_aside_in_one_go(cast, unknown_message):
    auto = store_email(corpus.automated_reply().replace(b"maria.huber@example.at", b"robot@firma.example"),
                       source="upload").message
    agent = client_for(cast.agent)
    assert "Put all automated messages aside" in agent.get("/inbox/").content.decode()
    assert client_for(cast.comms).post("/inbox/ignore-automated/").status_code == 403
    agent.post("/inbox/ignore-automated/")
    auto.refresh_from_db(), unknown_message.refresh_from_db()
    assert auto.status == MessageStatus.IGNORED and unknown_message.status == MessageStatus.UNASSIGNED
