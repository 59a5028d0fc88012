"""Outbound webhooks: signed events after commit, retries with backoff, no private targets by default."""

import datetime
import http.server
import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from draht.core.netpolicy import is_public, resolve_target
from draht.core.retry import backoff_minutes
from draht.core.signing import verify
from draht.customers.services import update_customer
from draht.timeline.services import log_interaction
from draht.webhooks.models import Delivery, Endpoint

from .conftest import client_for, make_customer


class Receiver:
    """A real HTTP server on loopback that records what it gets and answers with `status`."""

    def __init__(self):
        self.requests, self.status = [], 200
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook?x=1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def run_worker():
    call_command("db_worker", batch=True, interval=0, verbosity=0)


@pytest.mark.parametrize("address, public", [("8.8.8.8", True), ("127.0.0.1", False), ("10.1.2.3", False),
                                             ("192.168.0.1", False), ("169.254.169.254", False), ("::1", False),
                                             ("::ffff:127.0.0.1", False), ("fd00::1", False), ("100.64.0.1", False)])
def test_only_global_addresses_are_public(address, public):
    assert is_public(address) is public


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://localhost:8000/", "http://10.0.0.5/",
                                 "http://[::1]/", "ftp://example.com/", "file:///etc/passwd"])
def test_private_and_odd_targets_are_refused(url):
    with pytest.raises(ValidationError):
        resolve_target(url, allow_private=False)


def test_the_backoff_grows_and_then_gives_up():
    assert [backoff_minutes(n) for n in range(1, 8)] == [1, 5, 30, 120, 360, 1440, None]


@pytest.mark.django_db(transaction=True)
def test_events_are_signed_and_sent_after_commit(cast, receiver):
    endpoint = Endpoint.objects.create(name="ERP", url=receiver.url, allow_private=True,
                                       events=["interaction.created", "customer.changed"])
    customer = make_customer(cast.alice)
    log_interaction(customer, user=cast.alice, channel="phone", outcome="reached", is_personal=True)
    update_customer(customer, user=cast.alice, version=customer.version, city="Graz")
    run_worker()
    assert len(receiver.requests) == 2
    headers, body = receiver.requests[0]
    assert verify(endpoint.secret, headers["X-Draht-Signature"], body)
    event = json.loads(body)
    assert event["event"] == "interaction.created" and event["data"]["customer_id"] == customer.pk
    assert json.loads(receiver.requests[1][1])["data"]["changes"]["city"] == ["Wien", "Graz"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_retried_with_backoff_and_sent_once(cast, receiver):
    Endpoint.objects.create(name="ERP", url=receiver.url, allow_private=True, events=["interaction.created"])
    receiver.status = 500
    customer = make_customer(cast.alice)
    log_interaction(customer, user=cast.alice, channel="note")
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 500")
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == delivery.next_attempt_at
    receiver.status = 200
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2) and len(receiver.requests) == 2


@pytest.mark.django_db(transaction=True)
def test_a_private_target_is_not_called_without_permission(cast, receiver):
    Endpoint.objects.create(name="sneaky", url=receiver.url, allow_private=False, events=["interaction.created"])
    log_interaction(make_customer(cast.alice), user=cast.alice, channel="note")
    run_worker()
    delivery = Delivery.objects.get()
    assert receiver.requests == [] and "private" in delivery.last_error


def test_the_page_refuses_private_urls_and_only_owners_may_allow_them(cast):
    page = client_for(cast.manager).post("/webhooks/", {"name": "x", "url": "http://127.0.0.1:9/",
                                                        "events": ["customer.changed"], "allow_private": "on"})
    assert page.status_code == 400 and "private or local address" in page.content.decode()
    assert not Endpoint.objects.exists()
    ok = client_for(cast.owner).post("/webhooks/", {"name": "x", "url": "http://127.0.0.1:9/",
                                                    "events": ["customer.changed"], "allow_private": "on"})
    assert ok.status_code == 302 and Endpoint.objects.get().allow_private
    assert client_for(cast.alice).get("/webhooks/").status_code == 403
