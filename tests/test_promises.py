"""Promises (PRODUCT.md §4): recorded from the customer page, a timeline entry or the API; kept or broken by the
people responsible; reminders e-mailed by the worker before the date (a real aiosmtpd server)."""

import datetime
import email
import threading
from email import policy

import pytest
from django.db import connection
from django.utils import timezone

from draht.audit.models import AuditEntry
from draht.core.scheduler import JOBS
from draht.privacy.erasure import erase_contact, export_person
from draht.privacy.merging import merge_customers, undo_merge
from draht.promises.choices import PromiseStatus
from draht.promises.models import Promise
from draht.promises.services import record_promise, resolve_promise, send_reminders
from draht.timeline.services import log_interaction

from .conftest import api_for, client_for, make_customer
from .mailservers import smtp_server


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def promise(customer, user, days=10, what="Angebot für die neuen Drucker", owner=None):
    return record_promise(customer, user=user, what=what, owner=owner or user, due_on=in_days(days))


@pytest.fixture
def smtp(settings):
    with smtp_server() as (handler, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        yield handler


def received(handler, index=0):
    return email.message_from_bytes(handler.messages[index], policy=policy.default)


# --- recording -------------------------------------------------------------------------------------------------

def test_a_promise_made_in_a_call_is_recorded_with_its_entry_and_audited(cast, customer):
    call = log_interaction(customer, user=cast.alice, channel="phone", outcome="reached", subject="Drucker")
    client = client_for(cast.alice)
    form = client.get(f"/promises/customer/{customer.pk}/new/?from={call.pk}")
    assert form.status_code == 200 and "Drucker" in form.content.decode()
    response = client.post(f"/promises/customer/{customer.pk}/new/?from={call.pk}",
                           {"what": "Angebot bis Freitag", "owner": cast.alice.pk, "due_on": in_days(4)})
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
    made = Promise.objects.get()
    assert (made.interaction, made.owner, made.created_by, made.status) == (call, cast.alice, cast.alice, "open")
    assert AuditEntry.objects.filter(action="draht.promise.made", object_id=made.pk, customer=customer).exists()


def test_each_timeline_entry_offers_to_record_a_promise(cast, customer):
    call = log_interaction(customer, user=cast.alice, channel="phone", outcome="reached")
    html = client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()
    assert f"/promises/customer/{customer.pk}/new/?from={call.pk}" in html


def test_an_entry_of_another_customer_is_not_linked(cast, customer, bobs_customer):
    other = log_interaction(bobs_customer, user=cast.bob, channel="phone")
    client_for(cast.alice).post(f"/promises/customer/{customer.pk}/new/?from={other.pk}",
                                {"what": "Rückruf", "owner": cast.alice.pk, "due_on": in_days(1)})
    assert Promise.objects.get().interaction is None


def test_a_date_in_the_past_or_an_owner_who_cannot_keep_it_is_refused_with_a_reason(cast, customer):
    client = client_for(cast.alice)
    url = f"/promises/customer/{customer.pk}/new/"
    past = client.post(url, {"what": "Rückruf", "owner": cast.alice.pk, "due_on": in_days(-1)})
    assert past.status_code == 400 and "cannot lie in the past" in past.content.decode()
    comms = client.post(url, {"what": "Rückruf", "owner": cast.comms.pk, "due_on": in_days(1)})
    assert comms.status_code == 400 and "Select a valid choice" in comms.content.decode()
    assert not Promise.objects.exists()


def test_with_team_visibility_the_owner_must_see_the_customer(cast, customer, settings):
    settings.DRAHT_TEAM_VISIBILITY = True
    response = client_for(cast.alice).post(f"/promises/customer/{customer.pk}/new/",
                                           {"what": "Rückruf", "owner": cast.bob.pk, "due_on": in_days(1)})
    assert response.status_code == 400 and "cannot keep promises to this customer" in response.content.decode()


def test_who_may_not_log_contact_may_not_record_promises(cast, customer, settings):
    assert client_for(cast.comms).get(f"/promises/customer/{customer.pk}/new/").status_code == 403
    settings.DRAHT_TEAM_VISIBILITY = True
    assert client_for(cast.bob).get(f"/promises/customer/{customer.pk}/new/").status_code == 404


# --- keeping -----------------------------------------------------------------------------------------------------

def test_the_customer_page_shows_open_promises_and_marks_them_kept(cast, customer):
    made = promise(customer, cast.alice, days=-3 + 3)  # due today
    client = client_for(cast.alice)
    html = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Angebot für die neuen Drucker" in html and f"/promises/{made.pk}/resolve/" in html
    response = client.post(f"/promises/{made.pk}/resolve/", {"outcome": "kept", "back": "customer"})
    assert response["Location"] == f"/customers/{customer.pk}/"
    made.refresh_from_db()
    assert (made.status, made.resolved_on, made.resolved_by) == ("kept", timezone.localdate(), cast.alice)
    assert AuditEntry.objects.filter(action="draht.promise.kept", object_id=made.pk).exists()
    assert "Angebot für die neuen Drucker" not in client.get(f"/customers/{customer.pk}/").content.decode()


def test_a_promise_is_resolved_once(cast, customer):
    made = promise(customer, cast.alice)
    resolve_promise(made, user=cast.alice, kept=False)
    response = client_for(cast.alice).post(f"/promises/{made.pk}/resolve/", {"outcome": "kept"}, follow=True)
    assert "already marked broken" in response.content.decode()
    assert Promise.objects.get().status == PromiseStatus.BROKEN
    assert AuditEntry.objects.filter(action__startswith="draht.promise.").count() == 2  # made, broken


def test_only_those_responsible_may_mark_a_promise(cast, customer, settings):
    made = promise(customer, cast.alice, owner=cast.alice)
    assert client_for(cast.agent).post(f"/promises/{made.pk}/resolve/", {"outcome": "kept"}).status_code == 403
    assert client_for(cast.comms).post(f"/promises/{made.pk}/resolve/", {"outcome": "kept"}).status_code == 403
    settings.DRAHT_TEAM_VISIBILITY = True
    assert client_for(cast.bob).post(f"/promises/{made.pk}/resolve/", {"outcome": "kept"}).status_code == 404
    assert client_for(cast.manager).post(f"/promises/{made.pk}/resolve/", {"outcome": "kept"}).status_code == 302
    assert Promise.objects.get().resolved_by == cast.manager


def test_the_agent_who_recorded_a_promise_for_a_colleague_may_mark_it(cast, customer):
    made = promise(customer, cast.agent, owner=cast.alice)
    assert client_for(cast.agent).post(f"/promises/{made.pk}/resolve/", {"outcome": "kept"}).status_code == 302


# --- lists --------------------------------------------------------------------------------------------------------

def test_the_main_screen_shows_my_promises_that_are_close_or_overdue(cast, customer):
    promise(customer, cast.alice, days=1, what="Rückruf wegen Wartungsvertrag")
    promise(customer, cast.alice, days=30, what="Besuch im Frühjahr")
    overdue = promise(customer, cast.alice, days=5, what="Ersatzteil schicken")
    Promise.objects.filter(pk=overdue.pk).update(due_on=in_days(-2))
    promise(customer, cast.alice, days=1, what="Bobs Versprechen", owner=cast.bob)
    html = client_for(cast.alice).get("/").content.decode()
    assert "Rückruf wegen Wartungsvertrag" in html and "Ersatzteil schicken" in html and "overdue" in html
    assert "Besuch im Frühjahr" not in html and "Bobs Versprechen" not in html


def test_the_promise_list_pages_by_date_and_filters_by_scope_and_status(cast, customer, bobs_customer, settings):
    settings.DRAHT_PAGE_SIZE = 2
    for days in (3, 1, 2):
        promise(customer, cast.alice, days=days, what=f"in {days} Tagen")
    promise(bobs_customer, cast.bob, days=1, what="Bobs Zusage")
    client = client_for(cast.alice)
    first = client.get("/promises/")
    page = first.content.decode()
    assert page.index("in 1 Tagen") < page.index("in 2 Tagen") and "in 3 Tagen" not in page
    first_id = first.context["page"].items[0].pk
    assert f'formaction="/promises/{first_id}/resolve/" name="outcome" value="kept"' in page
    assert "Bobs Zusage" not in page
    after = first.context["page"].next_cursor
    rest = client.get(f"/promises/?fragment=rows&after={after}", headers={"HX-Request": "true"}).content.decode()
    assert "in 3 Tagen" in rest and "<h1>" not in rest
    assert "Bobs Zusage" in client.get("/promises/?scope=all").content.decode()
    assert "in 1 Tagen" not in client.get("/promises/?status=kept").content.decode()
    settings.DRAHT_TEAM_VISIBILITY = True
    assert "Bobs Zusage" not in client.get("/promises/?scope=all").content.decode()


def test_managers_see_how_reliably_each_person_and_team_keeps_promises(cast, customer):
    kept = promise(customer, cast.alice, days=1)
    late = promise(customer, cast.alice, days=2)
    broken = promise(customer, cast.alice, days=3)
    overdue = promise(customer, cast.alice, days=4)
    promise(customer, cast.alice, days=9)  # not due yet: not judged
    resolve_promise(kept, user=cast.alice, kept=True)
    resolve_promise(late, user=cast.alice, kept=True)
    Promise.objects.filter(pk=late.pk).update(due_on=in_days(-1))
    resolve_promise(broken, user=cast.alice, kept=False)
    Promise.objects.filter(pk=overdue.pk).update(due_on=in_days(-1))
    promise(customer, cast.bob, days=1, owner=cast.bob)  # in the "all" scope only
    assert [name for name, _ in client_for(cast.alice).get("/promises/").context["reliability"]["owners"]] == [
        "Alice"]
    response = client_for(cast.manager).get("/promises/?scope=all")
    alice = dict(response.context["reliability"]["owners"])["Alice"]
    assert (alice.kept, alice.kept_late, alice.broken, alice.overdue, alice.rate) == (1, 1, 1, 1, 0.25)
    assert response.context["reliability"]["teams"][1] == ("Wien", alice)
    assert "25 %" in response.content.decode()
    assert "reliability" not in client_for(cast.agent).get("/promises/").context


# --- API ----------------------------------------------------------------------------------------------------------

def test_the_api_records_lists_and_resolves_promises(cast, customer):
    api = api_for(cast.alice)
    call = log_interaction(customer, user=cast.alice, channel="phone")
    created = api.post(f"/customers/{customer.pk}/promises",
                       {"what": "Angebot", "due_on": in_days(2).isoformat(), "interaction_id": call.pk})
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["owner_id"] == cast.alice.pk and body["interaction_id"] == call.pk and body["status"] == "open"
    assert [p["id"] for p in api.get("/promises").json()["items"]] == [body["id"]]
    resolved = api.post(f"/promises/{body['id']}/resolve", {"outcome": "kept"})
    assert resolved.status_code == 200 and resolved.json()["status"] == "kept"
    again = api.post(f"/promises/{body['id']}/resolve", {"outcome": "broken"})
    assert again.status_code == 409 and "already marked kept" in again.json()["error"]
    assert api.get("/promises", status="kept").json()["items"][0]["id"] == body["id"]


def test_the_api_refuses_bad_promises_and_checks_permissions(cast, customer, settings):
    api = api_for(cast.alice)
    url = f"/customers/{customer.pk}/promises"
    past = api.post(url, {"what": "x", "due_on": in_days(-1).isoformat()})
    assert past.status_code == 400 and past.json()["details"][0]["field"] == "due_on"
    assert api.post(url, {"what": "", "due_on": in_days(1).isoformat()}).status_code == 422
    refused = api.post(url, {"what": "x", "due_on": in_days(1).isoformat(), "owner_id": cast.comms.pk})
    assert refused.status_code == 400 and refused.json()["details"][0]["field"] == "owner"
    assert api_for(cast.comms).post(url, {"what": "x", "due_on": in_days(1).isoformat()}).status_code == 403
    made = promise(customer, cast.alice)
    assert api_for(cast.agent).post(f"/promises/{made.pk}/resolve", {"outcome": "kept"}).status_code == 403
    settings.DRAHT_TEAM_VISIBILITY = True
    assert api_for(cast.bob).post(url, {"what": "x", "due_on": in_days(1).isoformat()}).status_code == 404
    assert api_for(cast.bob).post(f"/promises/{made.pk}/resolve", {"outcome": "kept"}).status_code == 404
    assert api_for(cast.bob).get("/promises", scope="all").json()["items"] == []
    assert Promise.objects.count() == 1


# --- reminders ----------------------------------------------------------------------------------------------------

def test_the_owner_gets_one_reminder_in_their_language_before_the_date(cast, customer, smtp):
    cast.alice.email, cast.alice.language = "alice@draht.example", "de"
    cast.alice.save()
    promise(customer, cast.alice, days=2, what="Angebot für die neuen Drucker")
    promise(customer, cast.alice, days=1, what="Rückruf wegen Wartung")
    promise(customer, cast.alice, days=3, what="Noch nicht dran")
    assert send_reminders() == 2
    assert send_reminders() == 0  # the next hourly run sends nothing again
    assert len(smtp.messages) == 1
    message = received(smtp)
    text = message.get_content()
    assert message["To"] == "alice@draht.example" and message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == "Erinnerung: 2 Versprechen einzuhalten"
    assert text.index("Rückruf wegen Wartung") < text.index("Angebot für die neuen Drucker")
    assert "Noch nicht dran" not in text and f"/customers/{customer.pk}/" in text
    assert in_days(1).strftime("%d.%m.%Y") in text


def test_a_kept_promise_is_not_reminded_and_owners_get_separate_emails(cast, customer, smtp):
    cast.alice.email, cast.bob.email = "alice@draht.example", "bob@draht.example"
    cast.alice.save(), cast.bob.save()
    resolve_promise(promise(customer, cast.alice, days=1), user=cast.alice, kept=True)
    promise(customer, cast.alice, days=1, what="für Alice")
    promise(customer, cast.alice, days=0, what="für Bob", owner=cast.bob)
    assert send_reminders() == 2
    recipients = sorted(received(smtp, i)["To"] for i in range(len(smtp.messages)))
    assert recipients == ["alice@draht.example", "bob@draht.example"]


def test_an_unreachable_smtp_server_loses_no_reminder(cast, customer, settings):
    cast.alice.email = "alice@draht.example"
    cast.alice.save()
    made = promise(customer, cast.alice, days=1)
    with smtp_server() as (_handler, port):
        pass  # the port is free again: nothing listens there
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    assert send_reminders() == 0
    assert Promise.objects.get(pk=made.pk).reminded_at is None
    with smtp_server() as (handler, port):
        settings.EMAIL_PORT = port
        assert send_reminders() == 1
        assert len(handler.messages) == 1


def test_a_promise_made_for_a_colleague_close_to_its_date_is_reminded_at_once(cast, customer,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        promise(customer, cast.agent, days=1, owner=cast.alice)
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        promise(customer, cast.alice, days=1)  # my own: I know
        promise(customer, cast.agent, days=20, owner=cast.alice)  # far: the hourly run reminds in time
    assert not callbacks


def test_owners_without_an_address_are_reminded_in_draht_only(cast, customer, smtp):
    promise(customer, cast.alice, days=1)
    assert send_reminders() == 1 and not smtp.messages
    assert Promise.objects.get().reminded_at is not None


def test_reminders_run_hourly_from_the_scheduler():
    job = next(j for j in JOBS if j.name == "promise_reminders")
    assert job.every == datetime.timedelta(hours=1) and job.task == "draht.promises.tasks.send_promise_reminders"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(cast, smtp):
    cast.alice.email = "alice@draht.example"
    cast.alice.save()
    customer = make_customer(cast.alice)
    for days in range(3):
        promise(customer, cast.alice, days=days, what=f"Zusage {days}")
    counts, start = [], threading.Barrier(4)

    def worker():
        start.wait()
        try:
            counts.append(send_reminders())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 3
    reminded = [line for i in range(len(smtp.messages)) for line in received(smtp, i).get_content().splitlines()
                if "Zusage" in line]
    assert len(reminded) == 3


# --- DSGVO, merging --------------------------------------------------------------------------------------------

def test_promises_are_exported_and_erased_with_the_person(cast, customer):
    maria = customer.contact_persons.get()
    promise(customer, cast.alice, what="Maria Müller ruft zurück")
    assert export_person(customer)["promises"][0]["what"] == "Maria Müller ruft zurück"
    erase_contact(maria, user=cast.owner)
    assert "Müller" not in Promise.objects.get().what


def test_merging_customers_moves_their_promises_and_undoing_moves_them_back(cast, customer):
    twin = make_customer(cast.alice, name="Huber IT Service")
    made = promise(twin, cast.alice)
    merge = merge_customers(customer, twin, user=cast.owner)
    assert Promise.objects.get(pk=made.pk).customer_id == customer.pk
    undo_merge(merge, user=cast.owner)
    assert Promise.objects.get(pk=made.pk).customer_id == twin.pk
