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


# -- feedback after every transaction ---------------------------------------------------------------------


def solved_ticket(cast, customer):
    ticket = open_ticket(customer, user=cast.alice, subject="Drucker streikt", owner=cast.agent,
                         contact_person=customer.main_contact)
    change_status(ticket, to="open", user=cast.agent)
    return change_status(ticket, to="solved", user=cast.agent)


def feedback_path():
    import re

    from draht.outbox.models import OutgoingEmail

    body = OutgoingEmail.objects.filter(subject__contains="Drucker").latest("id").body
    return re.search(r"https?://[^/\s]+(/feedback/[^/\s]+/)", body).group(1)


def test_a_solved_ticket_asks_for_a_rating_once_by_a_signed_link(cast, customer, agents):
    from django.test import Client

    from draht.outbox.models import OutgoingEmail
    from draht.service.models import Feedback

    solved_ticket(cast, customer)
    asked = OutgoingEmail.objects.latest("id")
    assert asked.to == ["maria.mueller@huber.example"] and asked.is_automated
    path = feedback_path()
    visitor = Client()
    assert 'name="csat"' in visitor.get(path).content.decode()
    assert visitor.post(path, {"csat": "9"}).status_code == 400  # out of range: asked again
    done = visitor.post(path, {"csat": "5", "nps": "9", "text": "Schnell und freundlich"})
    assert "Thank you for your rating" in done.content.decode()
    again = visitor.post(path, {"csat": "1"})
    assert "already with us" in again.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.csat, feedback.nps, feedback.agent) == (5, 9, cast.agent)
    assert customer.interactions.filter(channel="review", subject__contains="5/5").exists()
    assert not customer.promises.exists()  # a good rating needs no follow-up
    tampered = visitor.get(path[:-3] + "xy/")
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()


def test_a_low_rating_opens_a_follow_up_for_the_customers_owner_and_an_old_link_expires(cast, customer, agents):
    from django.test import Client

    from draht.service.models import Feedback

    solved_ticket(cast, customer)
    Client().post(feedback_path(), {"csat": "2", "text": "Hat lange gedauert"})
    promise = customer.promises.get()
    assert promise.owner == cast.alice and "2/5" in promise.what
    second = open_ticket(customer, user=cast.alice, subject="Drucker streikt wieder", owner=cast.agent)
    change_status(second, to="open", user=cast.agent)
    change_status(second, to="solved", user=cast.agent)
    Feedback.objects.filter(ticket=second).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired = Client().get(feedback_path())
    assert expired.status_code == 400 and "expired" in expired.content.decode()


def test_a_held_meeting_asks_for_a_rating_and_the_results_page_counts(cast, customer, agents):
    from django.test import Client

    from draht.meetings.services import Attendees, hold_meeting, plan_meeting
    from draht.outbox.models import OutgoingEmail

    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = plan_meeting(customer, user=cast.alice, attendees=Attendees(contacts=[customer.main_contact]),
                           invite=False, title="Drucker besprechen", kind="onsite", starts_at=start,
                           ends_at=start + datetime.timedelta(minutes=30), time_zone="Europe/Vienna")
    hold_meeting(meeting, user=cast.alice, summary="Besprochen")
    assert OutgoingEmail.objects.filter(is_automated=True).count() == 1
    Client().post(feedback_path(), {"csat": "4"})
    solved_ticket(cast, customer)  # asked, not answered
    page = client_for(cast.owner).get("/tickets/feedback/").content.decode()
    assert "alice" in page and "agent" in page and "4.0" in page
    assert client_for(cast.agent).get("/tickets/feedback/").status_code == 403


# -- goodwill (Kulanzordnung) -----------------------------------------------------------------------------------


@pytest.fixture
def policy(db):
    from draht.service.models import GoodwillRule

    return [
        GoodwillRule.objects.create(position=1, name="Kleinbeträge", max_amount=50, decision="grant"),
        GoodwillRule.objects.create(position=2, name="Reklamation Stammkunde", ticket_kind="complaint", tier="A",
                                    max_amount=500, max_age_days=730, decision="approval"),
        GoodwillRule.objects.create(position=3, name="Sonst ablehnen", decision="decline",
                                    template="Leider können wir …"),
    ]


def test_the_first_fitting_rule_decides(cast, customer, agents, policy):
    from draht.service.rules import goodwill_rule

    assert goodwill_rule(policy, kind="inquiry", tier="C", amount=30, age_days=10).name == "Kleinbeträge"
    assert goodwill_rule(policy, kind="complaint", tier="A", amount=300, age_days=100).name == "Reklamation Stammkunde"
    assert goodwill_rule(policy, kind="complaint", tier="A", amount=300, age_days=800).name == "Sonst ablehnen"
    assert goodwill_rule(policy[:2], kind="inquiry", tier="C", amount=300, age_days=1) is None


def test_goodwill_is_decided_by_the_policy_and_never_approved_by_the_requester(cast, customer, agents, policy):
    from draht.service.services import decide_goodwill, request_goodwill

    customer.tier = "A"
    customer.save()
    ticket = open_ticket(customer, user=cast.alice, subject="Gerät defekt", kind="complaint", owner=cast.agent)
    small = request_goodwill(ticket, user=cast.agent, amount="20", purchase_date=timezone.localdate())
    assert small.state == "granted" and small.rule_name == "Kleinbeträge"
    big = request_goodwill(ticket, user=cast.manager, amount="300", purchase_date=timezone.localdate())
    assert big.state == "pending" and big.rule_name == "Reklamation Stammkunde"
    with pytest.raises(ValidationError, match="Someone else"):
        decide_goodwill(big, user=cast.manager, approve=True)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        decide_goodwill(big, user=cast.agent, approve=True)
    decided = decide_goodwill(big, user=cast.owner, approve=True)
    assert decided.state == "approved" and decided.approved_by == cast.owner
    with pytest.raises(ValidationError) as bad:
        request_goodwill(ticket, user=cast.agent, amount="-5",
                         purchase_date=timezone.localdate() + datetime.timedelta(days=1))
    assert set(bad.value.message_dict) == {"amount", "purchase_date"}
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        from draht.service.models import GoodwillRequest

        GoodwillRequest.objects.filter(pk=big.pk).update(approved_by=cast.manager)


def test_goodwill_on_the_ticket_page_shows_the_deciding_rule(cast, customer, agents, policy):
    ticket = open_ticket(customer, user=cast.alice, subject="Gerät defekt", owner=cast.agent)
    client = client_for(cast.agent)
    client.post(f"/tickets/{ticket.pk}/goodwill/", {"amount": "1000,00",
                                                    "purchase_date": timezone.localdate().isoformat()})
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "Sonst ablehnen" in page and 'data-state="declined"' in page
    bad = client.post(f"/tickets/{ticket.pk}/goodwill/", {"amount": "x", "purchase_date": "2999-01-01"},
                      follow=True).content.decode()
    assert "amount" in bad and "future" in bad
    assert client_for(cast.owner).get("/tickets/goodwill-rules/").status_code == 200
    assert client_for(cast.agent).get("/tickets/goodwill-rules/").status_code == 403


# -- remote first, the qualification gate, the pre-visit checklist -------------------------------------------


def test_the_gate_names_what_is_missing_or_expired():
    from draht.service.rules import missing_qualifications

    day = datetime.date(2027, 1, 15)
    records = {"Elektro": None, "Gesundheitszeugnis": datetime.date(2027, 1, 10), "Höhe": datetime.date(2027, 1, 15)}
    assert missing_qualifications({"Elektro", "Höhe"}, records, day) == []
    assert missing_qualifications({"Gesundheitszeugnis", "Gas", "Elektro"}, records, day) == [
        "Gas", "Gesundheitszeugnis"]


def test_a_visit_needs_the_remote_attempt_the_qualifications_and_gets_a_checklist(cast, customer, agents, settings):
    from django.test import Client

    from draht.outbox.models import OutgoingEmail
    from draht.service.models import ChecklistItem, Dispatch, Qualification, Requirement
    from draht.service.services import dispatch, note_remote_attempt

    ChecklistItem.objects.create(position=1, text="Raum vorher desinfiziert und gelüftet")
    ChecklistItem.objects.create(position=2, text="Kontakt mit Mitarbeitenden auf das Nötigste beschränkt")
    Requirement.objects.create(name="Gesundheitszeugnis", country="AT")
    Requirement.objects.create(name="Elektro", customer=customer)
    ticket = open_ticket(customer, user=cast.alice, subject="Anlage defekt", owner=cast.agent,
                         contact_person=customer.main_contact)
    start = timezone.now() + datetime.timedelta(days=3)
    window = {"window_start": start, "window_end": start + datetime.timedelta(hours=2)}
    with pytest.raises(ValidationError, match="Remote first"):
        dispatch(ticket, user=cast.agent, technician=cast.tech, **window)
    note_remote_attempt(ticket, user=cast.agent, why="Fernwartung: Netzteil defekt, Tausch vor Ort nötig")
    with pytest.raises(ValidationError, match="Elektro, Gesundheitszeugnis"):
        dispatch(ticket, user=cast.agent, technician=cast.tech, **window)
    Qualification.objects.create(user=cast.tech, name="Elektro")
    Qualification.objects.create(user=cast.tech, kind="health", name="Gesundheitszeugnis",
                                 valid_until=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="expired: Gesundheitszeugnis"):  # runs out before the visit
        dispatch(ticket, user=cast.agent, technician=cast.tech, **window)
    Qualification.objects.filter(name="Gesundheitszeugnis").update(valid_until=timezone.localdate()
                                                                   + datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="not a technician"):
        dispatch(ticket, user=cast.agent, technician=cast.alice, **window)
    visit = dispatch(ticket, user=cast.agent, technician=cast.tech, base_url="http://testserver", **window)
    assert visit.site.startswith("") and visit.checklist[0].startswith("Raum vorher")
    mail = OutgoingEmail.objects.latest("id")
    assert mail.to == ["maria.mueller@huber.example"] and "desinfiziert" in mail.body
    import re

    path = re.search(r"http://testserver(/checklist/[^/\s]+/)", mail.body).group(1)
    assert "desinfiziert" in Client().get(path).content.decode()
    assert "confirmed" in Client().post(path).content.decode()
    assert Dispatch.objects.get().checklist_confirmed_at is not None
    assert Client().get(path[:-3] + "zz/").status_code == 400
    assert "Anlage defekt" in client_for(cast.tech).get("/tickets/visits/").content.decode()
    assert client_for(cast.comms).get("/tickets/visits/").status_code == 403


def test_remote_first_and_the_visit_on_the_ticket_page(cast, customer, agents):
    ticket = open_ticket(customer, user=cast.alice, subject="Anlage defekt", owner=cast.agent)
    client = client_for(cast.agent)
    client.post(f"/tickets/{ticket.pk}/remote/", {"why": "Hardware tauschen"})
    start = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=9, minute=0)
    response = client.post(f"/tickets/{ticket.pk}/dispatch/", {
        "technician": cast.tech.pk, "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}, follow=True)
    assert "Visit planned" in response.content.decode() and ticket.dispatches.count() == 1
    bad = client.post(f"/tickets/{ticket.pk}/dispatch/", {"technician": cast.tech.pk, "start": "x", "end": ""},
                      follow=True)
    assert "date and time" in bad.content.decode()


# -- completion report --------------------------------------------------------------------------------------


@pytest.fixture
def visit(cast, customer, agents):
    from draht.service.services import dispatch, note_remote_attempt

    ticket = open_ticket(customer, user=cast.alice, subject="Anlage defekt", owner=cast.agent,
                         contact_person=customer.main_contact)
    note_remote_attempt(ticket, user=cast.agent, why="Tausch vor Ort")
    start = timezone.now() + datetime.timedelta(hours=1)
    return dispatch(ticket, user=cast.agent, technician=cast.tech, window_start=start,
                    window_end=start + datetime.timedelta(hours=2))


def test_a_completed_visit_is_personal_contact_with_a_signed_pdf_report(cast, customer, visit):
    from django.core.exceptions import PermissionDenied

    from draht.outbox.models import OutgoingEmail
    from draht.service.models import Feedback
    from draht.service.services import complete_dispatch

    with pytest.raises(ValidationError) as bad:
        complete_dispatch(visit, user=cast.tech, work_done="", minutes=0, parts="", signer_name="",
                          signature="<script>")
    assert set(bad.value.message_dict) == {"work_done", "minutes", "signer_name", "signature"}
    with pytest.raises(PermissionDenied):
        complete_dispatch(visit, user=cast.agent, work_done="x", minutes=5, parts="", signer_name="M",
                          signature="M 1 1 L 2 2")
    done = complete_dispatch(visit, user=cast.tech, work_done="Netzteil getauscht", minutes=45, parts="Netzteil 24V",
                             signer_name="Maria Müller", signature="M 10 10 L 100 60 L 150 20")
    assert done.state == "completed"
    customer.refresh_from_db()
    entry = customer.interactions.get(channel="onsite_meeting")
    assert entry.is_personal and entry.duration_seconds == 45 * 60 and customer.last_personal_contact_at
    report = OutgoingEmail.objects.get(subject__startswith="Your service report")
    attachment = report.attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.blob.path.read_bytes().startswith(b"%PDF")
    assert Feedback.objects.filter(ticket=visit.ticket).exists()
    with pytest.raises(ValidationError, match="already"):
        complete_dispatch(visit, user=cast.tech, work_done="x", minutes=5, parts="", signer_name="M",
                          signature="M 1 1 L 2 2")


def test_the_completion_page_is_for_the_technician(cast, visit):
    assert client_for(cast.tech).get(f"/tickets/visits/{visit.pk}/complete/").status_code == 200
    assert client_for(cast.agent).get(f"/tickets/visits/{visit.pk}/complete/").status_code == 403
    response = client_for(cast.tech).post(f"/tickets/visits/{visit.pk}/complete/", {"work_done": "x"})
    assert response.status_code == 400 and "sign in the box" in response.content.decode()


def test_the_list_of_tickets_close_to_their_target(cast, customer, agents):
    soon = open_ticket(customer, user=cast.alice, subject="Bald fällig", owner=cast.agent)
    later = open_ticket(customer, user=cast.alice, subject="Später fällig", owner=cast.agent)
    Ticket.objects.filter(pk=soon.pk).update(first_response_due=timezone.now() + datetime.timedelta(minutes=30))
    Ticket.objects.filter(pk=later.pk).update(first_response_due=timezone.now() + datetime.timedelta(days=5),
                                              resolution_due=timezone.now() + datetime.timedelta(days=9))
    page = client_for(cast.agent).get("/tickets/?scope=all&due=soon").content.decode()
    assert "Bald fällig" in page and "Später fällig" not in page


# -- from the channels ------------------------------------------------------------------------------------------


def received(sender, subject, message_id, text, in_reply_to=""):
    headers = (f"From: Maria Mueller <{sender}>\r\nTo: office@draht.example\r\nSubject: {subject}\r\n"
               f"Message-ID: <{message_id}>\r\nDate: Wed, 02 Dec 2026 10:00:00 +0100\r\n")
    if in_reply_to:
        headers += f"In-Reply-To: <{in_reply_to}>\r\nReferences: <{in_reply_to}>\r\n"
    return (headers + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text).encode()


def test_a_complaint_by_mail_becomes_a_ticket_answered_from_it_and_a_reply_reopens_it(cast, customer, agents):
    from draht.inbox.services import store_email
    from draht.outbox.models import OutgoingEmail
    from draht.outbox.services import record_sent

    message = store_email(received("maria.mueller@huber.example", "Rechnung falsch", "c1@huber.example",
                                   "Die Rechnung ist doppelt."), source="imap").message
    assert message.customer_id == customer.pk
    client = client_for(cast.agent)
    assert 'data-action="open-ticket"' in client.get(f"/inbox/{message.pk}/").content.decode()
    response = client.post(f"/tickets/from-message/{message.pk}/", {"kind": "complaint"})
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.kind == "complaint" and ticket.thread_id == message.thread_id
    assert ticket.owner == cast.alice and ticket.contact_person == customer.main_contact
    client_for(cast.alice).post(f"/tickets/{ticket.pk}/reply/", {"body": "Wir korrigieren das.", "solve": ""})
    answer = OutgoingEmail.objects.get()
    assert answer.subject == f"[#{ticket.pk}] Rechnung falsch" and answer.in_reply_to == "c1@huber.example"
    assert answer.thread_id == ticket.thread_id
    ticket.refresh_from_db()
    assert ticket.status == "open" and ticket.first_response_at
    record_sent(answer)  # the mail server took it
    change_status(ticket, to="solved", user=cast.alice)
    store_email(received("maria.mueller@huber.example", f"AW: [#{ticket.pk}] Rechnung falsch", "c2@huber.example",
                         "Leider immer noch falsch.", in_reply_to=answer.message_id), source="imap")
    ticket.refresh_from_db()
    assert ticket.status == "open"  # the customer's reply reopened it, and never disappears
    assert customer.interactions.filter(subject__contains="immer noch").exists() or customer.interactions.filter(
        body__contains="immer noch").exists()


def test_visits_goodwill_and_ratings_through_the_api(cast, customer, visit, policy):
    from .conftest import api_for

    api = api_for(cast.agent)
    listed = api.get(f"/tickets/{visit.ticket_id}/dispatches").json()
    assert [(d["technician_id"], d["state"]) for d in listed] == [(cast.tech.pk, "planned")]
    made = api.post(f"/tickets/{visit.ticket_id}/goodwill", {"amount": "20,50",
                                                             "purchase_date": timezone.localdate().isoformat()})
    assert made.status_code == 201 and made.json()["state"] == "granted" and made.json()["amount"] == "20.50"
    future = api.post(f"/tickets/{visit.ticket_id}/goodwill", {"amount": "20", "purchase_date": "2999-01-01"})
    assert future.status_code == 400 and "purchase_date" in future.text
    assert [g["rule_name"] for g in api.get(f"/tickets/{visit.ticket_id}/goodwill").json()] == ["Kleinbeträge"]
    assert api_for(cast.owner).get("/feedback").status_code == 200
    assert api.get("/feedback").status_code == 403


def test_the_checklist_and_qualifications_are_kept_on_pages(cast):
    from draht.service.models import ChecklistItem, Qualification

    owner = client_for(cast.owner)
    owner.post("/tickets/checklist/", {"text": "Zugang frei", "position": "1"})
    assert list(ChecklistItem.objects.values_list("text", flat=True)) == ["Zugang frei"]
    assert client_for(cast.agent).get("/tickets/checklist/").status_code == 403
    owner.post(f"/tickets/technicians/{cast.tech.pk}/qualifications/", {"name": "Gesundheitszeugnis", "kind": "health",
                                                                         "valid_until": "2027-06-30"})
    record = Qualification.objects.get()
    assert record.kind == "health" and record.valid_until == datetime.date(2027, 6, 30)
    assert "Gesundheitszeugnis" in client_for(cast.tech).get(
        f"/tickets/technicians/{cast.tech.pk}/qualifications/").content.decode()
    assert client_for(cast.tech).post(f"/tickets/technicians/{cast.tech.pk}/qualifications/",
                                      {"name": "x"}).status_code == 403
    assert client_for(cast.manager).get(f"/tickets/technicians/{cast.tech.pk}/qualifications/").status_code == 403


def test_the_first_fitting_assignment_rule_names_the_owner_and_busy_lines_are_passed_over(cast, customer,
                                                                                          bobs_customer, agents):
    from draht.accounts.models import User
    from draht.service.models import AssignmentRule

    munich_agent = User.objects.create_user("agent3", password="x", role="agent", team=cast.muenchen)
    AssignmentRule.objects.create(position=1, name="Bayern", subdivision="DE-BY", target="team", team=cast.muenchen)
    AssignmentRule.objects.create(position=2, name="Reklamationen Österreich", ticket_kind="complaint",
                                  country="AT", target="person", person=agents[1])
    AssignmentRule.objects.create(position=3, name="Österreich", country="at", target="owner")
    bavarian = open_ticket(bobs_customer, user=cast.bob, subject="Tür klemmt")
    assert bavarian.owner == munich_agent
    assert Handover.objects.get(ticket=bavarian).reason == "rule “Bayern”"
    assert open_ticket(customer, user=cast.agent, subject="Kaputt", kind="complaint").owner == agents[1]
    assert open_ticket(customer, user=cast.agent, subject="Frage").owner == cast.alice  # line 3: the owner
    AgentStatus.objects.create(user=munich_agent, availability="away")  # line 1 gives nobody: passed over
    AgentStatus.objects.create(user=cast.bob, availability="away")
    assert open_ticket(bobs_customer, user=cast.bob, subject="Noch eine").owner in agents  # round-robin
    AgentStatus.objects.create(user=agents[1], availability="away")
    assert open_ticket(customer, user=cast.agent, subject="Wieder", kind="complaint").owner == cast.alice


def test_assignment_rules_match_kind_country_and_region():
    from types import SimpleNamespace as Rule

    from draht.service.rules import assignment_rules_for

    rules = [Rule(name="a", ticket_kind="complaint", country="", subdivision=""),
             Rule(name="b", ticket_kind="", country="DE", subdivision="DE-BY"),
             Rule(name="c", ticket_kind="", country="DE", subdivision=""),
             Rule(name="d", ticket_kind="", country="", subdivision="")]

    def names(**ticket):
        return [r.name for r in assignment_rules_for(rules, **ticket)]

    assert names(kind="complaint", country="DE", subdivision="DE-BY") == ["a", "b", "c", "d"]
    assert names(kind="inquiry", country="de", subdivision="de-by") == ["b", "c", "d"]
    assert names(kind="inquiry", country="DE", subdivision="DE-BW") == ["c", "d"]
    assert names(kind="inquiry", country="AT", subdivision="") == ["d"]


def test_owners_keep_the_assignment_rules_on_a_page(cast):
    from draht.service.models import AssignmentRule

    owner = client_for(cast.owner)
    assert "Who gets new tickets" in owner.get("/tickets/").content.decode()
    refused = owner.post("/tickets/assignment-rules/", {"position": 1, "name": "Team", "target": "team"})
    assert refused.status_code == 400 and "Choose the team" in refused.content.decode()
    wrong = owner.post("/tickets/assignment-rules/", {"position": 1, "name": "X", "target": "owner",
                                                       "country": "AT", "subdivision": "DE-BY"})
    assert wrong.status_code == 400 and "must lie in the country" in wrong.content.decode()
    unknown = owner.post("/tickets/assignment-rules/", {"position": 1, "name": "X", "target": "owner",
                                                         "subdivision": "XX-99"})
    assert unknown.status_code == 400 and "Choose a region from the list" in unknown.content.decode()
    added = owner.post("/tickets/assignment-rules/", {"position": 1, "name": "Bayern", "target": "team",
                                                       "team": cast.muenchen.pk, "subdivision": "de-by"})
    assert added.status_code == 302 and AssignmentRule.objects.get().subdivision == "DE-BY"
    assert "Bavaria" in owner.get("/tickets/assignment-rules/").content.decode()  # by name, not by code
    assert client_for(cast.agent).get("/tickets/assignment-rules/").status_code == 403
    assert client_for(cast.agent).post("/tickets/assignment-rules/", {"action": "delete", "rule": 1}).status_code == 403
    owner.post("/tickets/assignment-rules/", {"action": "delete", "rule": AssignmentRule.objects.get().pk})
    assert not AssignmentRule.objects.exists()


def _ring(call_id: str, number: str = "+436641234567", agent: str = "agent", direction: str = "in"):
    from draht.telephony.services import handle_event

    return handle_event({"call_id": call_id, "event": "ringing", "direction": direction, "from": number,
                         "to": number, "agent": agent, "at": timezone.now()})


def test_a_ringing_call_opens_a_ticket_or_joins_the_callers_open_one(cast, customer, agents):
    from draht.service.models import TicketCall

    call = _ring("pbx-t1")
    client = client_for(cast.agent)
    popup = client.get("/telephony/ringing/").content.decode()
    assert "New ticket from this call" in popup and "To ticket #" not in popup
    opened = client.post(f"/tickets/from-call/{call.pk}/", {"new": "1", "kind": "complaint"})
    ticket = Ticket.objects.get()
    assert opened.url == f"/tickets/{ticket.pk}/" and ticket.kind == "complaint" and ticket.channel == "phone"
    assert ticket.contact_person.last_name == "Müller" and ticket.subject == "Call from Maria Müller"
    assert ticket.owner == cast.alice  # a complaint: the customer's account manager
    again = client.post(f"/tickets/from-call/{call.pk}/", {"new": "1"})  # one call, one ticket
    assert Ticket.objects.count() == 1 and "belongs to ticket" in client.get(again.url).content.decode()
    ticket = change_status(change_status(ticket, to="open", user=cast.agent), to="waiting", user=cast.agent)
    second = _ring("pbx-t2", number="+4315123456")  # the office number: the customer, nobody in particular
    popup = client.get("/telephony/ringing/").content.decode()
    assert f"To ticket #{ticket.pk}" in popup
    joined = client.post(f"/tickets/from-call/{second.pk}/", {"ticket": ticket.pk})
    assert joined.url == f"/tickets/{ticket.pk}/"
    ticket.refresh_from_db()
    assert ticket.status == "open"  # the customer called about it: no longer waiting for them
    assert list(TicketCall.objects.filter(ticket=ticket).values_list("call__call_id", flat=True)) == [
        "pbx-t1", "pbx-t2"]
    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert "+4315123456" in page and "No call belongs" not in page
    assert customer.interactions.filter(channel="phone").count() == 2  # both calls on the timeline


def test_after_the_call_it_joins_from_the_ticket_page_and_closed_tickets_take_no_calls(cast, customer, agents,
                                                                                          bobs_customer, settings):
    from draht.telephony.services import handle_event

    ticket = open_ticket(customer, user=cast.agent, subject="Drucker", owner=cast.agent)
    call = _ring("pbx-t3")
    handle_event({"call_id": "pbx-t3", "event": "ended", "at": timezone.now()})
    client = client_for(cast.agent)
    assert 'name="call"' in client.get(f"/tickets/{ticket.pk}/").content.decode()
    client.post(f"/tickets/{ticket.pk}/calls/", {"call": call.pk})
    assert ticket.calls.get().call == call
    assert 'name="call"' not in client.get(f"/tickets/{ticket.pk}/").content.decode()  # nothing left to add
    other = _ring("pbx-t4", number="+4989123456")  # a number of nobody
    assert client.post(f"/tickets/{ticket.pk}/calls/", {"call": other.pk}).status_code == 404
    assert client.post(f"/tickets/from-call/{other.pk}/", {"new": "1"}).status_code == 404
    later = _ring("pbx-t5")
    change_status(change_status(ticket, to="open", user=cast.agent), to="solved", user=cast.agent)
    change_status(Ticket.objects.get(pk=ticket.pk), to="closed", user=cast.agent)
    refused = client.post(f"/tickets/from-call/{later.pk}/", {"ticket": ticket.pk})
    assert "open a new ticket" in client.get(refused.url).content.decode()
    assert ticket.calls.count() == 1
    bobs = open_ticket(bobs_customer, user=cast.bob, subject="Tür", owner=cast.agent)
    client.post(f"/tickets/from-call/{later.pk}/", {"ticket": bobs.pk})
    assert not bobs.calls.exists()  # a call of one customer never joins another's ticket
    assert client_for(cast.tech).post(f"/tickets/from-call/{later.pk}/", {"new": "1"}).status_code == 403
    settings.DRAHT_TEAM_VISIBILITY = True  # bob's team does not see alice's customers, nor their calls
    assert client_for(cast.bob).post(f"/tickets/from-call/{later.pk}/", {"new": "1"}).status_code == 404


def test_a_call_opens_or_joins_a_ticket_through_the_api(cast, customer, agents):
    _ring("pbx-t6")
    _ring("pbx-t7")
    client = client_for(cast.agent)
    made = client.post("/api/v1/tickets/from-call", {"call_id": "pbx-t6", "kind": "incident", "subject": "Ausfall"},
                       content_type="application/json")
    assert made.status_code == 201, made.content
    ticket_id = made.json()["id"]
    joined = client.post("/api/v1/tickets/from-call", {"call_id": "pbx-t7", "ticket_id": ticket_id},
                         content_type="application/json")
    assert joined.status_code == 200 and joined.json()["id"] == ticket_id
    twice = client.post("/api/v1/tickets/from-call", {"call_id": "pbx-t7", "ticket_id": ticket_id},
                        content_type="application/json")
    assert twice.status_code == 400
    assert client.post("/api/v1/tickets/from-call", {"call_id": "nope"},
                       content_type="application/json").status_code == 404
    assert client_for(cast.comms).post("/api/v1/tickets/from-call", {"call_id": "pbx-t6"},
                                       content_type="application/json").status_code == 403


def test_a_new_mail_about_an_open_ticket_joins_it_with_its_conversation(cast, customer, agents):
    from draht.inbox.services import store_email

    ticket = open_ticket(customer, user=cast.agent, subject="Drucker", owner=cast.agent)
    ticket = change_status(change_status(ticket, to="open", user=cast.agent), to="waiting", user=cast.agent)
    first = store_email(received("maria.mueller@huber.example", "Drucker geht wieder nicht", "j1@huber.example",
                                 "Seit heute früh."), source="imap").message
    client = client_for(cast.agent)
    page = client.get(f"/inbox/{first.pk}/").content.decode()
    assert f"To ticket #{ticket.pk}" in page
    joined = client.post(f"/tickets/from-message/{first.pk}/", {"ticket": ticket.pk})
    assert joined.url == f"/tickets/{ticket.pk}/"
    ticket.refresh_from_db()
    assert ticket.thread_id == first.thread_id and ticket.status == "open"  # they wrote: no longer waiting
    assert "Drucker geht wieder nicht" in client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f"Ticket #{ticket.pk}" in client.get(f"/inbox/{first.pk}/").content.decode()
    second = store_email(received("maria.mueller@huber.example", "Noch etwas", "j2@huber.example", "Und der Scanner."),
                         source="imap").message
    store_email(received("maria.mueller@huber.example", "AW: Noch etwas", "j3@huber.example", "Dringend!",
                         in_reply_to="j2@huber.example"), source="imap")
    client.post(f"/tickets/from-message/{second.pk}/", {"ticket": ticket.pk})  # a second conversation merges in
    from draht.inbox.models import Message

    assert set(Message.objects.filter(thread_id=ticket.thread_id).values_list("message_id", flat=True)) == {
        "j1@huber.example", "j2@huber.example", "j3@huber.example"}
    heads = customer.interactions.filter(thread_id=ticket.thread_id, is_thread_head=True)
    assert heads.count() == 1 and heads.get().thread_size == 3  # one conversation on the timeline
    change_status(ticket, to="solved", user=cast.agent)
    store_email(received("maria.mueller@huber.example", "AW: Noch etwas", "j4@huber.example", "Danke!",
                         in_reply_to="j3@huber.example"), source="imap")
    ticket.refresh_from_db()
    assert ticket.status == "open"  # a reply to the merged conversation reaches the ticket
    other = open_ticket(customer, user=cast.agent, subject="Anderes", owner=cast.agent)
    refused = client.post(f"/tickets/from-message/{second.pk}/", {"ticket": other.pk})
    assert f"belongs to ticket #{ticket.pk}" in client.get(refused.url).content.decode()
    again = client.post(f"/tickets/from-message/{second.pk}/", {"kind": "inquiry"})  # nor a second new ticket
    assert "belongs to ticket" in client.get(again.url).content.decode() and Ticket.objects.count() == 2


def test_a_message_opens_or_joins_a_ticket_through_the_api(cast, customer, agents):
    from draht.inbox.services import store_email

    from .conftest import api_for

    one = store_email(received("maria.mueller@huber.example", "Frage", "k1@huber.example", "?"), source="imap").message
    two = store_email(received("maria.mueller@huber.example", "Noch eine", "k2@huber.example", "?"),
                      source="imap").message
    api = api_for(cast.agent)
    made = api.post("/tickets/from-message", {"message_id": one.pk, "kind": "request"})
    assert made.status_code == 201 and made.json()["kind"] == "request"
    joined = api.post("/tickets/from-message", {"message_id": two.pk, "ticket_id": made.json()["id"]})
    assert joined.status_code == 200
    assert api.post("/tickets/from-message", {"message_id": two.pk}).status_code == 400
    assert api_for(cast.comms).post("/tickets/from-message", {"message_id": two.pk}).status_code == 403


def test_an_assignment_rule_never_gives_a_ticket_to_someone_who_does_not_work_on_tickets(cast, customer, agents):
    from draht.service.models import AssignmentRule

    AssignmentRule.objects.create(position=1, name="Technik", target="person", person=cast.tech)
    assert open_ticket(customer, user=cast.alice, subject="Frage").owner in agents  # the line is passed over
    page = client_for(cast.owner).post("/tickets/assignment-rules/", {"position": 2, "name": "Kommunikation",
                                                                       "target": "person", "person": cast.comms.pk})
    assert page.status_code == 400 and AssignmentRule.objects.count() == 1
