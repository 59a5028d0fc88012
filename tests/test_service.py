"""The service desk (issue 16, first part): tickets with exactly one owner, assignment by rule among agents who
work now, hand-overs with a reason (two at once: one wins), the status workflow with pauses, targets in business
hours, the work list."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from draht.service.models import AgentStatus, Handover, Ticket
from draht.service.services import TakenMeanwhile, change_status, hand_over, open_ticket, take

from .conftest import client_for


@pytest.fixture
def agents(cast):
    from draht.accounts.models import User

    second = User.objects.create_user("agent2", password="x", role="agent", team=cast.wien, first_name="Zweite")
    return cast.agent, second


def test_a_complaint_goes_to_the_customers_account_manager_and_an_inquiry_round_robin(cast, customer, agents):
    complaint = open_ticket(customer, user=cast.agent, subject="Gerät defekt", kind="complaint")
    assert complaint.owner == cast.alice
    first = open_ticket(customer, user=cast.alice, subject="Frage 1")
    second = open_ticket(customer, user=cast.alice, subject="Frage 2")
    assert {first.owner, second.owner} == set(agents)  # the one with fewer open tickets each time
    assert customer.interactions.filter(channel="ticket").count() == 3
    assert Handover.objects.filter(ticket=complaint).get().reason.startswith("complaint")


def test_nobody_away_gets_a_ticket(cast, customer, agents):
    AgentStatus.objects.create(user=agents[0], availability="away")
    AgentStatus.objects.create(user=agents[1], availability="home")
    assert {open_ticket(customer, user=cast.alice, subject=f"F{i}").owner for i in range(3)} == {agents[1]}
    AgentStatus.objects.create(user=cast.alice, availability="away")
    assert open_ticket(customer, user=cast.agent, subject="R", kind="complaint").owner == agents[1]
    with pytest.raises(ValidationError, match="away"):
        hand_over(Ticket.objects.first(), to_user=agents[0], by=cast.alice, reason="Urlaub",
                  expected_owner_id=Ticket.objects.first().owner_id)


def test_exactly_one_owner_is_kept_by_the_database(cast, customer, agents):
    ticket = open_ticket(customer, user=cast.alice, subject="F")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(owner=None)


def test_a_hand_over_needs_a_reason_and_two_at_once_get_one_winner(cast, customer, agents):
    ticket = open_ticket(customer, user=cast.alice, subject="F")
    shown_owner = ticket.owner_id
    with pytest.raises(ValidationError, match="Say why"):
        hand_over(ticket, to_user=cast.bob, by=cast.alice, reason=" ", expected_owner_id=shown_owner)
    take(ticket, user=agents[0] if ticket.owner != agents[0] else agents[1], expected_owner_id=shown_owner)
    with pytest.raises(TakenMeanwhile):  # the second one saw the same owner on the page
        take(ticket, user=cast.alice, expected_owner_id=shown_owner)
    assert Handover.objects.filter(ticket=ticket).count() == 2


def test_waiting_for_the_customer_moves_the_deadlines_and_solved_can_reopen(cast, customer, agents):
    ticket = open_ticket(customer, user=cast.alice, subject="F", priority="high")
    due = ticket.resolution_due
    start = ticket.created_at
    change_status(ticket, to="waiting", user=cast.agent, now=start)
    ticket = change_status(ticket, to="open", user=cast.agent, now=start + datetime.timedelta(days=7))
    assert ticket.resolution_due > due and ticket.first_response_at == start
    ticket = change_status(ticket, to="solved", user=cast.agent)
    ticket = change_status(ticket, to="open", user=cast.agent)  # the customer wrote back
    assert ticket.status == "open" and ticket.solved_at is None
    with pytest.raises(ValidationError):
        change_status(ticket, to="new", user=cast.agent)


def test_the_work_list_and_the_ticket_page(cast, customer, agents):
    ticket = open_ticket(customer, user=cast.alice, subject="Drucker streikt", owner=cast.agent)
    client = client_for(cast.agent)
    page = client.get("/tickets/").content.decode()
    assert "Drucker streikt" in page
    detail = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Drucker streikt" in detail and 'name="expected_owner"' in detail
    response = client.post(f"/tickets/{ticket.pk}/status/", {"to": "open"})
    assert response.status_code == 302 and Ticket.objects.get().status == "open"
    response = client.post(f"/tickets/{ticket.pk}/hand-over/", {"to_user": agents[1].pk, "reason": "Urlaub",
                                                                 "expected_owner": cast.alice.pk})
    assert "someone else" in client.get(response.url).content.decode()  # the page showed an old owner
    client.post(f"/tickets/{ticket.pk}/hand-over/", {"to_user": agents[1].pk, "reason": "Urlaub",
                                                      "expected_owner": cast.agent.pk})
    assert Ticket.objects.get().owner == agents[1]
    new = client.post(f"/tickets/customer/{customer.pk}/new/", {"subject": "Neu", "kind": "incident",
                                                                 "priority": "urgent", "channel": "email",
                                                                 "description": ""})
    assert new.status_code == 302 and Ticket.objects.filter(subject="Neu", priority="urgent").exists()
    assert client_for(cast.tech).get("/tickets/").status_code == 403
    assert client_for(cast.comms).get(f"/tickets/{ticket.pk}/").status_code == 403
    assert client_for(cast.agent).get("/tickets/999999/").status_code == 404


def test_a_ticket_close_to_its_deadline_is_marked(cast, customer, agents):
    ticket = open_ticket(customer, user=cast.alice, subject="Bald fällig", owner=cast.agent, priority="urgent")
    Ticket.objects.filter(pk=ticket.pk).update(first_response_due=timezone.now() + datetime.timedelta(minutes=30))
    late = open_ticket(customer, user=cast.alice, subject="Überfällig", owner=cast.agent)
    Ticket.objects.filter(pk=late.pk).update(first_response_due=timezone.now() - datetime.timedelta(minutes=1))
    page = client_for(cast.agent).get("/tickets/").content.decode()
    assert 'data-breach="soon"' in page and 'data-breach="breached"' in page


@pytest.fixture
def smtp(settings):
    from .mailservers import smtp_server

    with smtp_server() as (handler, port):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        yield handler, port


def test_owners_are_warned_once_before_a_breach_and_again_if_the_mail_server_was_down(cast, customer, agents,
                                                                                      smtp, settings):
    import email
    from email import policy

    from draht.service.services import warn_breaches

    handler, port = smtp
    cast.agent.email = "agent@draht.example"
    cast.agent.save()
    soon = open_ticket(customer, user=cast.alice, subject="Bald", owner=cast.agent)
    later = open_ticket(customer, user=cast.alice, subject="Später", owner=cast.agent, priority="low")
    Ticket.objects.filter(pk=soon.pk).update(first_response_due=timezone.now() + datetime.timedelta(minutes=50))
    Ticket.objects.filter(pk=later.pk).update(first_response_due=timezone.now() + datetime.timedelta(days=3),
                                              resolution_due=timezone.now() + datetime.timedelta(days=9))
    settings.EMAIL_PORT = 1  # the mail server is down: nothing is marked as warned
    assert warn_breaches() == 0 and not Ticket.objects.filter(breach_warned_at__isnull=False).exists()
    settings.EMAIL_PORT = port
    assert warn_breaches() == 1 and warn_breaches() == 0  # once
    message = email.message_from_bytes(handler.messages[0], policy=policy.default)
    assert message["To"] == "agent@draht.example" and "Bald" in message.get_content()
    assert "Später" not in message.get_content()


def test_the_demo_has_open_tickets_of_every_kind_for_service_one_close_to_its_target(db):
    from draht.core.demo import create_demo

    create_demo(customers=20)
    tickets = Ticket.objects.filter(owner__username="service", status="new")
    assert set(tickets.values_list("kind", flat=True)) == {"inquiry", "incident", "complaint", "request"}
    from draht.service.services import breach_state

    assert [t.subject for t in tickets if breach_state(t) == "soon"] == ["Drucker druckt nicht"]


def test_tickets_through_the_api_with_webhooks_and_denials(cast, customer, agents):
    from draht.webhooks.models import Delivery, Endpoint

    from .conftest import api_for

    Endpoint.objects.create(name="ERP", url="https://erp.example/hook", secret="s" * 32,
                            events=["ticket.created", "ticket.changed"])
    api = api_for(cast.agent)
    created = api.post(f"/customers/{customer.pk}/tickets", {"subject": "Gerät defekt", "kind": "complaint",
                                                             "priority": "high"})
    assert created.status_code == 201 and created.json()["owner_id"] == cast.alice.pk
    ticket_id = created.json()["id"]
    assert [t["id"] for t in api_for(cast.alice).get("/tickets").json()["items"]] == [ticket_id]
    assert api.post(f"/tickets/{ticket_id}/status", {"status": "open"}).json()["first_response_at"]
    stale = api.post(f"/tickets/{ticket_id}/handover", {"to_user_id": cast.agent.pk, "reason": "Urlaub",
                                                        "expected_owner_id": cast.agent.pk})
    assert stale.status_code == 409
    moved = api.post(f"/tickets/{ticket_id}/handover", {"to_user_id": cast.agent.pk, "reason": "Urlaub",
                                                        "expected_owner_id": cast.alice.pk})
    assert moved.status_code == 200 and moved.json()["owner_id"] == cast.agent.pk
    assert api.post(f"/tickets/{ticket_id}/status", {"status": "closed"}).status_code == 400  # open → closed
    assert list(Delivery.objects.values_list("event", flat=True).order_by("id")) == [
        "ticket.created", "ticket.changed", "ticket.changed"]
    assert api_for(cast.tech).get("/tickets").status_code == 403
    assert api_for(cast.comms).get(f"/tickets/{ticket_id}").status_code == 403
