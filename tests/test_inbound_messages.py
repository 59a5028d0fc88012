"""The signed inbound API for chat, social, reviews and web forms: matched like e-mail, replies on the thread."""

import json
import time

import pytest
from django.test import Client

from draht.core.signing import sign
from draht.inbox.models import Message, MessageStatus
from draht.timeline.models import Interaction

SECRET = "inbound-secret"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.DRAHT_INBOUND_SECRET = SECRET


def post(payload, *, secret=SECRET, timestamp=None):
    body = json.dumps(payload).encode()
    return Client().post("/api/v1/messages/inbound", body, content_type="application/json",
                         headers={"X-Draht-Signature": sign(secret, int(timestamp or time.time()), body)})


def test_a_chat_from_a_known_address_is_personal_contact_and_the_reply_joins_its_thread(customer):
    maria = customer.contact_persons.get()
    first = post({"id": "c-1", "channel": "chat", "thread": "conv-7", "text": "Hallo, kurze Frage",
                  "sender": {"name": "Maria", "email": maria.email.upper(), "handle": "maria#42"}})
    assert first.status_code == 200, first.content
    data = first.json()
    assert data["created"] and data["customer_id"] == customer.pk and data["contact_person_id"] == maria.pk
    entry = Interaction.objects.get(pk=data["interaction_id"])
    assert (entry.channel, entry.direction, entry.is_personal) == ("chat", "in", True)
    reply = post({"id": "c-2", "channel": "chat", "thread": "conv-7", "direction": "out", "text": "Gerne!"}).json()
    assert reply["thread_id"] == data["thread_id"] and reply["customer_id"] == customer.pk
    assert Interaction.objects.get(pk=reply["interaction_id"]).direction == "out"
    # a later message by the same handle alone is recognised
    later = post({"id": "c-3", "channel": "chat", "text": "Noch was", "sender": {"handle": "maria#42"}}).json()
    assert later["customer_id"] == customer.pk


def test_the_same_message_is_stored_once_and_a_review_is_not_personal(customer):
    payload = {"id": "r-1", "channel": "review", "text": "★★★★★ Sehr freundlich", "link": "https://maps.example/r/1",
               "sender": {"phone": "0664 1234567"}}
    first, again = post(payload).json(), post(payload).json()
    assert first["created"] and not again["created"] and first["id"] == again["id"]
    entry = Interaction.objects.get(pk=first["interaction_id"])
    assert entry.channel == "review" and entry.is_personal is False and entry.customer_id == customer.pk
    assert Message.objects.count() == 1


def test_an_unknown_sender_waits_in_the_unassigned_inbox(db):
    data = post({"id": "w-1", "channel": "webform", "subject": "Rückruf bitte", "text": "Bitte um Rückruf",
                 "sender": {"name": "Neu", "email": "neu@example.org"}}).json()
    assert data["status"] == MessageStatus.UNASSIGNED and data["interaction_id"] is None


def test_bad_signatures_and_bad_input_change_nothing(db):
    payload = {"id": "x", "channel": "chat", "text": "t", "sender": {"handle": "h"}}
    assert post(payload, secret="wrong").status_code == 401
    assert post(payload, timestamp=time.time() - 600).status_code == 401
    assert post({**payload, "channel": "fax"}).status_code == 422
    assert post({**payload, "sender": {"email": "kaputt"}}).status_code == 400
    assert post({"id": "y", "channel": "chat", "text": "t"}).status_code == 400  # no sender
    assert post({**payload, "text": "\x00"}).status_code == 400
    assert post({**payload, "at": "2026-11-23T10:00:00"}).status_code == 400
    assert not Message.objects.exists()


# --- the token API for the inbox and outgoing e-mail --------------------------------------------------------
def test_unassigned_messages_are_listed_and_assigned_through_the_api(cast, customer, settings):
    from .conftest import api_for

    settings.DRAHT_TEAM_VISIBILITY = True
    created = post({"id": "w-9", "channel": "webform", "text": "Bitte Rückruf",
                    "sender": {"name": "Neu Kunde", "email": "neu@kunde.example"}}).json()
    agent = api_for(cast.agent)
    listed = agent.get("/messages/unassigned").json()
    assert [m["id"] for m in listed["items"]] == [created["id"]]
    assert api_for(cast.comms).get("/messages/unassigned").status_code == 403
    assert api_for(cast.bob).post(f"/messages/{created['id']}/assign",
                                  {"customer_id": customer.pk}).status_code == 404  # not bob's customer
    done = api_for(cast.alice).post(f"/messages/{created['id']}/assign",
                                    {"customer_id": customer.pk, "create_contact": True}).json()
    assert done["status"] == "assigned" and done["interaction_id"] and done["contact_person_id"]
    assert api_for(cast.alice).get(f"/messages/{created['id']}").json()["customer_id"] == customer.pk
    assert agent.get("/messages/unassigned").json()["items"] == []


def test_an_email_is_queued_through_the_api_and_its_status_read(cast, customer, settings, tmp_path):
    from .conftest import api_for

    settings.DRAHT_TEAM_VISIBILITY = True
    maria = customer.contact_persons.get()
    alice = api_for(cast.alice)
    response = alice.post(f"/customers/{customer.pk}/emails",
                          {"contact_person_id": maria.pk, "subject": "Termin", "body": "Guten Tag"})
    assert response.status_code == 202 and response.json()["to"] == [maria.email]
    assert response.json()["status"] == "queued"
    assert [e["subject"] for e in alice.get(f"/customers/{customer.pk}/emails").json()] == ["Termin"]
    import base64

    from draht.outbox.models import OutgoingEmail

    settings.MEDIA_ROOT = tmp_path
    pdf = {"filename": "Angebot.pdf", "content_type": "application/pdf",
           "content_base64": base64.b64encode(b"%PDF-1").decode()}
    with_file = alice.post(f"/customers/{customer.pk}/emails",
                           {"to": ["a@b.example"], "subject": "Anhang", "body": "B", "attachments": [pdf]})
    assert with_file.status_code == 202
    assert OutgoingEmail.objects.get(pk=with_file.json()["id"]).attachments.get().size == 6
    broken = {**pdf, "content_base64": "kein base64!"}
    assert alice.post(f"/customers/{customer.pk}/emails", {"to": ["a@b.example"], "subject": "x", "body": "y",
                                                           "attachments": [broken]}).status_code == 400
    settings.DRAHT_MAIL_MAX_ATTACHMENT_BYTES = 5
    assert alice.post(f"/customers/{customer.pk}/emails", {"to": ["a@b.example"], "subject": "x", "body": "y",
                                                           "attachments": [pdf]}).status_code == 400
    assert alice.post(f"/customers/{customer.pk}/emails", {"to": ["kaputt"], "subject": "x", "body": "y"}
                      ).status_code == 400
    assert alice.post(f"/customers/{customer.pk}/emails", {"subject": "x", "body": "y"}).status_code == 400
    assert api_for(cast.bob).post(f"/customers/{customer.pk}/emails",
                                  {"to": ["a@b.example"], "subject": "x", "body": "y"}).status_code == 404
    assert api_for(cast.comms).post(f"/customers/{customer.pk}/emails",
                                    {"to": ["a@b.example"], "subject": "x", "body": "y"}).status_code == 403
