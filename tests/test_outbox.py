"""E-mail out: the outbox sends over SMTP (a real aiosmtpd server on loopback), retries with backoff, and never
sends twice, not even when the worker is killed between the server's acceptance and the bookkeeping."""

import datetime
import email
import os
import signal
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest
from django.utils import timezone

from draht.inbox.models import Message
from draht.outbox.models import OutgoingEmail, OutgoingStatus
from draht.outbox.services import confirm_sent, queue_email, resend, send, sweep
from draht.outbox.signature import PLACEHOLDER

from .mailservers import smtp_server

DRAHT = str(Path(sys.executable).parent / "draht")


@pytest.fixture
def smtp(settings):
    with smtp_server() as (handler, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        yield handler


@pytest.fixture
def maria(customer):
    return customer.contact_persons.get()


def queue(customer, user, person, **kwargs):
    values = {"to": [person.email], "subject": "Ihr Angebot", "body": f"Guten Tag,\n\nanbei.\n\n-- \n{PLACEHOLDER}",
              "contact_person": person} | kwargs
    return queue_email(customer, user=user, **values)


def received(handler, index=0):
    return email.message_from_bytes(handler.messages[index], policy=policy.default)


def test_a_queued_email_is_sent_once_and_counts_as_personal_contact(smtp, cast, customer, maria,
                                                                   django_capture_on_commit_callbacks):
    cast.alice.email, cast.alice.email_signature = "alice@draht.example", "Alice Berger\nTel. +43 1 234"
    with django_capture_on_commit_callbacks() as callbacks:
        outgoing = queue(customer, cast.alice, maria)
    assert len(callbacks) == 1 and outgoing.status == OutgoingStatus.QUEUED
    assert send(outgoing.pk) == OutgoingStatus.SENT
    assert send(outgoing.pk) == OutgoingStatus.SENT  # a second task for the same e-mail sends nothing
    assert len(smtp.messages) == 1
    message = received(smtp)
    assert message["Message-ID"] == f"<{outgoing.message_id}>" and message["To"] == maria.email
    text = message.get_content().replace("\r\n", "\n")
    assert "Alice Berger\nTel. +43 1 234" in text and PLACEHOLDER not in text
    outgoing.refresh_from_db()
    entry = outgoing.interaction
    assert (entry.channel, entry.direction, entry.is_personal, entry.source) == ("email", "out", True,
                                                                                 "email_message")
    customer.refresh_from_db()
    assert customer.last_personal_contact_at == entry.occurred_at
    copy = Message.objects.get(message_id=outgoing.message_id)
    assert copy.thread_id == outgoing.thread_id == entry.thread_id


def test_a_reply_continues_the_thread_with_in_reply_to(smtp, cast, customer, maria, settings, tmp_path):
    from draht.inbox.services import store_email

    settings.MEDIA_ROOT = tmp_path
    raw = (b"From: " + maria.email.encode() + b"\r\nTo: alice@draht.example\r\nSubject: Frage\r\n"
           b"Message-ID: <frage-1@huber.example>\r\n\r\nWann kommt das Angebot?\r\n")
    question = store_email(raw, source="upload").message
    answer = queue(customer, cast.alice, maria, subject="AW: Frage", reply_to=question)
    send(answer.pk)
    message = received(smtp)
    assert message["In-Reply-To"] == "<frage-1@huber.example>" and "<frage-1@huber.example>" in message["References"]
    answer.refresh_from_db()
    assert answer.interaction.thread_id == question.thread_id
    assert answer.interaction.is_thread_head and answer.interaction.thread_size == 2


def test_bulk_and_several_recipients_are_not_personal(smtp, cast, customer, maria):
    several = queue(customer, cast.alice, maria, cc=["chef@huber.example"])
    bulk = queue(customer, cast.alice, maria, is_bulk=True)
    send(several.pk), send(bulk.pk)
    several.refresh_from_db(), bulk.refresh_from_db()
    assert several.interaction.is_personal is False
    assert (bulk.interaction.channel, bulk.interaction.is_personal) == ("mailing", False)


def test_a_temporary_refusal_is_retried_with_backoff_a_permanent_one_fails(smtp, cast, customer, maria):
    smtp.refuse_with = "451 4.3.0 try again later"
    outgoing = queue(customer, cast.alice, maria)
    assert send(outgoing.pk) == OutgoingStatus.QUEUED
    outgoing.refresh_from_db()
    assert outgoing.attempts == 1 and "451" in outgoing.last_error
    assert outgoing.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert send(outgoing.pk) == OutgoingStatus.QUEUED  # not due yet: nothing happens
    assert outgoing.attempts == OutgoingEmail.objects.get(pk=outgoing.pk).attempts
    smtp.refuse_with = "550 5.1.1 no such user"
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(next_attempt_at=timezone.now())
    assert send(outgoing.pk) == OutgoingStatus.FAILED
    assert not smtp.messages and not OutgoingEmail.objects.get(pk=outgoing.pk).interaction


def test_an_unreachable_server_is_retried_and_nothing_is_lost(cast, customer, maria, settings):
    from .mailservers import free_port

    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    outgoing = queue(customer, cast.alice, maria)
    assert send(outgoing.pk) == OutgoingStatus.QUEUED
    outgoing.refresh_from_db()
    assert "Error" in outgoing.last_error and outgoing.attempts == 1
    from .conftest import client_for

    assert "the mail server could not take them" in client_for(cast.alice).get("/outbox/").content.decode()
    with smtp_server() as (handler, port):
        settings.EMAIL_PORT = port
        OutgoingEmail.objects.filter(pk=outgoing.pk).update(next_attempt_at=timezone.now())
        assert send(outgoing.pk) == OutgoingStatus.SENT
        assert len(handler.messages) == 1


def test_the_sweep_marks_abandoned_sends_unknown_and_requeues_due_ones(cast, customer, maria, settings):
    abandoned = queue(customer, cast.alice, maria)
    OutgoingEmail.objects.filter(pk=abandoned.pk).update(status=OutgoingStatus.SENDING,
                                                         claimed_at=timezone.now() - datetime.timedelta(hours=1))
    due = queue(customer, cast.alice, maria)
    assert sweep() == {"unknown": 1, "requeued": 1}
    assert OutgoingEmail.objects.get(pk=abandoned.pk).status == OutgoingStatus.UNKNOWN
    assert OutgoingEmail.objects.get(pk=due.pk).status == OutgoingStatus.QUEUED


def test_a_person_decides_about_unknown_delivery(smtp, cast, customer, maria):
    checked = queue(customer, cast.alice, maria)
    again = queue(customer, cast.alice, maria)
    OutgoingEmail.objects.filter(pk__in=[checked.pk, again.pk]).update(status=OutgoingStatus.UNKNOWN)
    confirm_sent(checked, user=cast.alice)
    checked.refresh_from_db()
    assert checked.status == OutgoingStatus.SENT and checked.interaction and not smtp.messages
    resend(again, user=cast.alice)
    assert send(again.pk) == OutgoingStatus.SENT
    assert received(smtp)["Message-ID"] == f"<{again.message_id}>"  # the same identity as the first try


SETUP = """
from draht.accounts.models import User
from draht.customers.services import create_contact, create_customer
from draht.outbox.services import queue_email
alice = User.objects.create_user("alice", password="x" * 12, role="account_manager", email="alice@draht.example")
customer = create_customer(user=alice, name="Huber GmbH", owner=alice, country="AT")
person = create_contact(customer, user=alice, last_name="Huber", email="maria@huber.example")
print(queue_email(customer, user=alice, to=[person.email], subject="Angebot", body="Text", contact_person=person).pk)
"""
STATE = ("from draht.outbox.models import OutgoingEmail as O; o = O.objects.get(); "
         "print(o.status, o.message_id, o.attempts, o.interaction_id)")


def test_killing_the_worker_after_the_server_accepted_does_not_send_again(tmp_path):
    """The worker dies between SMTP acceptance and its bookkeeping (SIGKILL from inside the server's DATA
    handler). After a restart the e-mail is "delivery unknown", and the server still has exactly one copy."""
    with smtp_server() as (handler, port):
        env = {**os.environ, "DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "DEBUG": "false",
               "SECRET_KEY": "kill-test", "DRAHT_SMTP_PORT": str(port), "DRAHT_OUTBOX_UNKNOWN_AFTER_SECONDS": "0"}
        run = lambda *args: subprocess.run([DRAHT, *args], env=env, capture_output=True, text=True, timeout=120)  # noqa: E731
        assert run("migrate", "-v0").returncode == 0
        done = run("shell", "-c", SETUP)
        assert done.returncode == 0, done.stderr
        worker = subprocess.Popen([DRAHT, "worker", "--no-scheduler"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        handler.on_data = lambda: os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=60) == -signal.SIGKILL
        handler.on_data = None
        status, message_id, attempts, interaction = run("shell", "-c", STATE).stdout.split()[-4:]
        assert (status, attempts, interaction) == ("sending", "1", "None") and len(handler.messages) == 1
        # the restart: the scheduler's sweep and the worker run everything that is due
        assert run("scheduler", "--once").returncode == 0
        assert run("worker", "--batch").returncode == 0
        status, after_id, attempts, interaction = run("shell", "-c", STATE).stdout.split()[-4:]
        assert (status, after_id, attempts) == ("unknown", message_id, "1")
        assert len(handler.messages) == 1
        accepted = email.message_from_bytes(handler.messages[0], policy=policy.default)
        assert accepted["Message-ID"] == f"<{message_id}>"


def test_smtps_refuses_a_server_whose_certificate_it_cannot_check(cast, customer, maria, settings, tmp_path):
    with smtp_server(tls_directory=tmp_path) as (handler, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_SSL = "127.0.0.1", port, True
        outgoing = queue(customer, cast.alice, maria)
        assert send(outgoing.pk) == OutgoingStatus.QUEUED  # retried later, never sent to an unchecked server
        assert "CERTIFICATE_VERIFY_FAILED" in OutgoingEmail.objects.get(pk=outgoing.pk).last_error
        assert not handler.messages


def test_a_bounce_marks_the_sent_email_failed_and_shows_on_the_timeline(smtp, cast, customer, maria, settings,
                                                                       tmp_path):
    from draht.customers.models import FactCheck
    from draht.customers.services import confirm_facts
    from draht.inbox.services import store_email

    from .mail import corpus

    settings.MEDIA_ROOT = tmp_path
    confirm_facts(customer, user=cast.alice, confirmed=["emails", "phones"])
    outgoing = queue(customer, cast.alice, maria)
    assert send(outgoing.pk) == OutgoingStatus.SENT
    report = store_email(corpus.delivery_failure(outgoing.message_id, maria.email), source="imap").message
    outgoing.refresh_from_db()
    assert outgoing.status == OutgoingStatus.FAILED and "5.1.1" in outgoing.last_error
    assert report.customer_id == customer.pk and report.is_automated
    assert report.interaction.is_personal is False
    assert list(FactCheck.objects.filter(customer=customer).values_list("fact", flat=True)) == ["phones"]
    from .conftest import client_for

    page = client_for(cast.alice).get("/outbox/").content.decode()
    assert "Needs a decision" in page and "came back undelivered" in page and "Recipient address rejected" not in page
    assert "Recipient address rejected" in client_for(cast.owner).get("/outbox/").content.decode()  # the detail
    # a report about mail we never sent is just a message
    stranger = store_email(corpus.delivery_failure("unknown@elsewhere.example", "x@y.example")
                           .replace(b"bounce-1@", b"bounce-2@"), source="imap").message
    assert stranger.status == "unassigned"


def test_attachments_go_out_with_the_email_and_stay_in_its_thread(smtp, cast, customer, maria, settings, tmp_path):
    from draht.inbox.models import Attachment, Blob

    settings.MEDIA_ROOT = tmp_path
    outgoing = queue(customer, cast.alice, maria, attachments=[("Angebot Müller.pdf", "application/pdf", b"%PDF-1")])
    assert send(outgoing.pk) == OutgoingStatus.SENT
    attached = [part for part in received(smtp).iter_attachments()]
    assert [(p.get_filename(), p.get_content_type(), p.get_content()) for p in attached] == [
        ("Angebot Müller.pdf", "application/pdf", b"%PDF-1")]
    copy = Attachment.objects.get()
    assert copy.message.message_id == outgoing.message_id and Blob.objects.count() == 1
