"""Telephone-system webhook: signed events become one phone interaction; the call pops up for its user."""

import datetime
import json
import re
import time

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from draht.customers.services import create_contact
from draht.telephony.models import Call
from draht.telephony.rules import sign, verify
from draht.timeline.models import Interaction

from .conftest import client_for, make_customer

SECRET = "s3cret-for-tests"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.DRAHT_TELEPHONY_SECRET = SECRET
    settings.DRAHT_PHONE_REGION = "AT"


def send(event: dict, *, secret=SECRET, timestamp=None):
    body = json.dumps(event).encode()
    header = sign(secret, int(timestamp or time.time()), body)
    return Client().post("/api/v1/telephony/events", body, content_type="application/json",
                         headers={"X-Draht-Signature": header})


def test_a_signature_is_valid_only_for_its_body_secret_and_five_minutes():
    body = b'{"call_id": "1"}'
    now = time.time()
    header = sign(SECRET, int(now), body)
    assert verify(SECRET, header, body, now)
    assert not verify("other", header, body, now)
    assert not verify(SECRET, header, body + b" ", now)
    assert not verify(SECRET, header, body, now + 301)
    assert not verify(SECRET, "t=abc,v1=00", body, now) and not verify(SECRET, "", body, now)
    assert not verify("", header, body, now)


@given(st.binary(max_size=200), st.text(max_size=80))
def test_no_tampered_body_or_forged_header_passes(body, header):
    good = sign(SECRET, int(time.time()), b"original")
    assert not verify(SECRET, good, body) or body == b"original"
    assert not verify(SECRET, header, body)  # a header that is not the HMAC never passes


@pytest.fixture
def maria(cast):
    customer = make_customer(cast.alice, name="Huber IT-Service GmbH")
    person = create_contact(customer, user=cast.alice, first_name="Maria", last_name="Müller", mobile="+436641234567")
    cast.alice.phone_extension = "101"
    cast.alice.save()
    return customer, person


def test_an_answered_call_becomes_a_personal_contact_with_its_duration(cast, maria):
    customer, person = maria
    start = timezone.now() - datetime.timedelta(minutes=5)
    event = {"call_id": "pbx-1", "direction": "in", "from": "0664 1234567", "to": "+4315000", "agent": "101"}
    assert send(event | {"event": "ringing", "at": start.isoformat()}).status_code == 200
    interaction = Interaction.objects.get(customer=customer)
    assert not interaction.is_personal and interaction.source == "call"
    assert list(interaction.contact_persons.all()) == [person] and list(interaction.users.all()) == [cast.alice]
    send(event | {"event": "answered", "at": (start + datetime.timedelta(seconds=10)).isoformat()})
    response = send(event | {"event": "ended", "at": (start + datetime.timedelta(seconds=190)).isoformat()})
    assert response.json()["state"] == "ended" and response.json()["remote_number"] == "+436641234567"
    interaction.refresh_from_db()
    customer.refresh_from_db()
    assert (interaction.outcome, interaction.is_personal, interaction.duration_seconds) == ("reached", True, 180)
    assert customer.last_personal_contact_at == interaction.occurred_at


def test_an_unanswered_call_is_an_attempt(cast, maria):
    customer, _person = maria
    event = {"call_id": "pbx-2", "direction": "out", "to": "+436641234567", "agent": "alice"}
    send(event | {"event": "ringing"})
    send(event | {"event": "ended"})
    interaction = Interaction.objects.get(customer=customer)
    assert (interaction.direction, interaction.outcome, interaction.is_personal) == ("out", "not_reached", False)
    customer.refresh_from_db()
    assert customer.last_personal_contact_at is None


def test_replayed_and_late_events_change_nothing(cast, maria):
    customer, _person = maria
    event = {"call_id": "pbx-3", "from": "+436641234567"}
    for name in ("ringing", "ringing", "answered", "ended", "answered", "ringing", "ended"):
        assert send(event | {"event": name}).status_code == 200
    assert Interaction.objects.filter(customer=customer).count() == 1
    assert Call.objects.get().state == "ended" and Interaction.objects.get().version == 2


def test_bad_signatures_and_old_requests_answer_401_and_change_nothing(cast, maria):
    event = {"call_id": "pbx-4", "event": "ringing", "from": "+436641234567"}
    assert send(event, secret="wrong").status_code == 401
    assert send(event, timestamp=time.time() - 600).status_code == 401
    unsigned = Client().post("/api/v1/telephony/events", event, content_type="application/json")
    assert unsigned.status_code == 401 and unsigned.json()["error"]
    assert not Call.objects.exists() and not Interaction.objects.exists()


def test_a_signed_but_malformed_event_is_refused_with_the_field(cast):
    response = send({"call_id": "x", "event": "exploded"})
    assert response.status_code == 422 and response.json()["details"][0]["field"] == "event"
    assert not Call.objects.exists()


def test_the_ringing_call_pops_up_for_its_user_only(cast, maria, settings):
    customer, _person = maria
    send({"call_id": "pbx-5", "event": "ringing", "from": "+436641234567", "agent": "101"})
    popup = client_for(cast.alice).get("/telephony/ringing/").content.decode()
    assert "Huber IT-Service GmbH" in popup and "Maria Müller" in popup
    assert "Huber" not in client_for(cast.bob).get("/telephony/ringing/").content.decode()
    send({"call_id": "pbx-5", "event": "answered", "from": "+436641234567"})
    assert "Huber" not in client_for(cast.alice).get("/telephony/ringing/").content.decode()
    assert 'hx-get="/telephony/ringing/"' in client_for(cast.alice).get("/customers/").content.decode()
    settings.DRAHT_TELEPHONY_SECRET = None  # no telephone system: no poll on every page
    assert "/telephony/ringing/" not in client_for(cast.alice).get("/customers/").content.decode()


def test_an_unknown_number_is_recorded_and_offered_for_search(cast):
    cast.bob.phone_extension = "202"
    cast.bob.save()
    send({"call_id": "pbx-6", "event": "ringing", "from": "+4930123456", "agent": "202"})
    call = Call.objects.get()
    assert call.customer is None and call.interaction is None
    assert "Unknown number" in client_for(cast.bob).get("/telephony/ringing/").content.decode()


def test_without_a_configured_secret_every_event_is_refused(cast, settings):
    settings.DRAHT_TELEPHONY_SECRET = None
    assert send({"call_id": "pbx-7", "event": "ringing", "from": "+436641234567"}).status_code == 401


def test_every_page_that_shows_a_number_makes_it_dialable(cast, maria):
    customer, person = maria
    make_customer(cast.alice, name="Huber IT Service", phone="+436641234567")  # a duplicate by phone
    shown = "+43 664 1234567"
    send({"call_id": "pbx-8", "event": "ringing", "from": "+436641234567", "agent": "101"})
    pages = [(cast.alice, "/"), (cast.alice, f"/customers/{customer.pk}/"),
             (cast.alice, "/customers/search/?q=06641234567"), (cast.alice, f"/customers/{customer.pk}/check-in/"),
             (cast.owner, "/privacy/duplicates/"), (cast.alice, "/telephony/ringing/")]
    for user, url in pages:
        html = client_for(user).get(url).content.decode()
        assert html.count(shown) >= 1, url
        dialable = re.findall(r'href="tel:\+436641234567"[^>]*>(?:<span aria-hidden="true">☎</span> )?'
                              + re.escape(shown) + "</a>", html)
        assert html.count(shown) == len(dialable), url
