"""Pages as a person uses them: Playwright driving Debian's chromium against a live server."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from draht.customers.models import FactCheck
from draht.timeline.models import Interaction
from draht.timeline.services import log_interaction

from .conftest import PASSWORD, days_ago, make_customer, totp_code, totp_device

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, live_server, username):
    """Sign in with the password and, for roles that need one, a code from the authenticator app."""
    from draht.accounts.models import User
    from draht.accounts.twofactor import needs_second_factor

    user = User.objects.get(username=username)
    device = totp_device(user) if needs_second_factor(user) else None
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    if device is not None:
        page.fill("input[name=code]", totp_code(device))
        page.click("form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Call today")


def test_a_wrong_password_is_refused_with_a_message(page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    expect(page.locator(".errors")).to_be_visible()


def test_logging_a_reached_call_from_the_due_list_takes_at_most_three_clicks(page, live_server, cast, customer):
    login(page, live_server, "alice")
    row = page.locator(f"#due-{customer.pk}")
    expect(row).to_contain_text(customer.name)
    clicks = 0
    row.locator("[data-action=reached]").click()
    clicks += 1
    page.fill(f"#due-{customer.pk} textarea[name=note]", "Alles in Ordnung")  # typing, not a click
    page.locator(f"#due-{customer.pk} [data-action=save-reached]").click()
    clicks += 1
    expect(page.locator(f"#due-{customer.pk}")).to_contain_text("logged as personal contact")
    assert clicks <= 3
    interaction = Interaction.objects.get(customer=customer)
    assert interaction.is_personal and interaction.body == "Alles in Ordnung"
    page.reload()
    expect(page.locator(f"#due-{customer.pk}")).to_have_count(0)


def test_a_call_not_reached_is_one_click_and_keeps_the_customer_due(page, live_server, cast, customer):
    login(page, live_server, "alice")
    page.locator(f"#due-{customer.pk} [data-action=not-reached]").click()
    expect(page.locator(f"#due-{customer.pk}")).to_contain_text("Attempt logged")
    page.reload()
    expect(page.locator(f"#due-{customer.pk}")).to_be_visible()
    assert Interaction.objects.get(customer=customer).outcome == "not_reached"


def test_snoozing_from_the_due_list(page, live_server, cast, customer):
    login(page, live_server, "alice")
    page.locator(f"#due-{customer.pk} [data-action=snooze]").click()
    page.fill(f"#due-{customer.pk} input[name=reason]", "Betriebsurlaub")
    page.locator(f"#due-{customer.pk} button[type=submit]").click()
    expect(page.locator(f"#due-{customer.pk}")).to_contain_text("snoozed until")
    customer.refresh_from_db()
    assert customer.snoozed_until == datetime.date.today() + datetime.timedelta(days=7)


def test_the_check_in_call_confirms_and_corrects_facts(page, live_server, cast, customer):
    login(page, live_server, "alice")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.get_by_role("link", name=re.compile("Check-in call")).first.click()
    expect(page.locator("fieldset.step")).to_have_count(6)
    page.fill("input[name=street]", "Mariahilfer Straße 1")
    for fact in ("phones", "emails", "newsletter", "home_office", "main_contact"):
        page.check(f"fieldset[data-fact={fact}] input[type=checkbox]")
    page.click("text=Save check-in")
    expect(page.locator(".messages")).to_contain_text("6 facts verified")
    assert FactCheck.objects.filter(customer=customer, verified_by=cast.alice).count() == 6
    assert FactCheck.objects.get(customer=customer, fact="address").corrected


def test_the_customer_page_filters_the_timeline_and_loads_older_entries(page, live_server, cast, customer, settings):
    settings.DRAHT_PAGE_SIZE = 3
    for day in range(5):
        log_interaction(customer, user=cast.alice, channel="email", subject=f"Mail {day}", occurred_at=days_ago(day))
    log_interaction(customer, user=cast.alice, channel="phone", outcome="reached", is_personal=True,
                    subject="Anruf", occurred_at=days_ago(10))
    login(page, live_server, "alice")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    expect(page.locator("#timeline li[data-channel]")).to_have_count(3)
    page.click("text=Show older")
    expect(page.locator("#timeline li[data-channel]")).to_have_count(6)
    page.locator(".filters a", has_text="Phone").click()
    expect(page.locator("#timeline li[data-channel]")).to_have_count(1)
    expect(page.locator("#timeline")).to_contain_text("Anruf")
    expect(page.locator("a[href^='tel:+4315123456']").first).to_be_visible()
    page.click("text=← Customers")
    expect(page.locator("h1")).to_have_text("Customers")


def test_logging_a_visit_with_the_form(page, live_server, cast, customer):
    login(page, live_server, "alice")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.click("text=Log visit")
    page.fill("input[name=subject]", "Vor-Ort-Termin")
    page.fill("input[name=duration_minutes]", "45")
    page.click("button:text('Save')")
    expect(page.locator(".messages")).to_contain_text("Logged on the timeline")
    visit = Interaction.objects.get(customer=customer)
    assert visit.channel == "onsite_meeting" and visit.is_personal and visit.duration_seconds == 45 * 60


def test_the_search_box_finds_a_contact_person_with_umlauts(page, live_server, cast, customer):
    make_customer(cast.bob, name="Anderer Kunde GmbH", country="DE", subdivision="DE-BY")
    login(page, live_server, "alice")
    page.fill("header input[name=q]", "mueller")
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_contain_text("Maria Müller")
    expect(page.locator("#results")).not_to_contain_text("Anderer Kunde")
    page.click(f"#results a:text('{customer.name}')")
    expect(page.locator("h1")).to_contain_text(customer.name)


def test_a_technician_is_denied_editing_a_customer(page, live_server, cast, customer):
    login(page, live_server, "tech")
    response = page.goto(f"{live_server.url}/customers/{customer.pk}/edit/")
    assert response.status == 403
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)


def test_a_bad_phone_number_is_refused_with_the_field_named(page, live_server, cast):
    login(page, live_server, "alice")
    page.goto(f"{live_server.url}/customers/new/")
    page.fill("input[name=name]", "Neu GmbH")
    page.select_option("select[name=country]", "AT")
    page.fill("input[name=phone]", "12")
    page.click("button:text('Save')")
    expect(page.locator(".field.invalid")).to_contain_text("phone")
    from draht.customers.models import Customer

    assert not Customer.objects.filter(name="Neu GmbH").exists()


def test_importing_a_csv_from_upload_to_done_with_the_progress_polling(page, live_server, cast, tmp_path):
    from django.core.management import call_command

    from draht.customers.models import Customer

    csv_file = tmp_path / "kunden.csv"
    csv_file.write_bytes("Firma;Ort;Telefon;E-Mail\nMüller Bau GmbH;Wien;01 5123456;\nKaputt;Graz;123;kein-mail\n"
                         .encode("cp1252"))
    login(page, live_server, "manager")
    page.goto(f"{live_server.url}/customers/")
    page.click("text=Import")
    page.set_input_files("input[name=file]", str(csv_file))
    page.fill("input[name=default_country]", "AT")
    page.click("text=Upload and map columns")
    expect(page.locator("#analysing")).to_contain_text("The file is being read")
    call_command("db_worker", batch=True, interval=0, verbosity=0)  # the worker reads it; the page goes on
    expect(page.locator("h1")).to_contain_text("Map the columns of kunden.csv")
    expect(page.locator("table").last).to_contain_text("rejected")  # the preview shows the bad row
    page.click("button[value=import]")
    expect(page.locator("#import-progress")).to_contain_text("queued")
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    expect(page.locator("#import-progress")).to_contain_text("1 customer created", timeout=10_000)
    expect(page.locator("#import-progress progress")).to_have_attribute("value", "2")
    with page.expect_download() as download:
        page.click("text=Download rejected rows")
    assert "Kaputt" in download.value.path().read_text(encoding="utf-8-sig")
    assert Customer.objects.get().phone == "+4315123456"


def test_an_unknown_sender_is_assigned_from_the_inbox_and_the_thread_opens_on_the_timeline(page, live_server, cast,
                                                                                             customer, settings,
                                                                                             tmp_path):
    from draht.inbox.services import store_email

    settings.MEDIA_ROOT = tmp_path
    first = (b"From: Neue Kollegin <neu@huber.example>\r\nTo: office@draht.example\r\nSubject: Wartung\r\n"
             b"Message-ID: <b-1@huber.example>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\n\r\nErste Frage\r\n")
    reply = (b"From: neu@huber.example\r\nTo: office@draht.example\r\nSubject: AW: Wartung\r\n"
             b"Message-ID: <b-2@huber.example>\r\nIn-Reply-To: <b-1@huber.example>\r\n"
             b"Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n\r\nZweite Frage\r\n")
    store_email(first, source="upload")
    login(page, live_server, "alice")
    page.click("nav >> text=Inbox")
    page.click("text=Wartung")
    page.locator("button", has_text="Add sender as contact person").first.click()  # the domain suggestion
    expect(page.locator("ul.messages")).to_contain_text("was added as a contact person")
    store_email(reply, source="upload")  # now matched by itself
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    expect(page.locator("#timeline")).to_contain_text("AW: Wartung")
    expect(page.locator("#timeline")).not_to_contain_text("Erste Frage")
    page.click("text=2 messages in this conversation")
    expect(page.locator("#timeline")).to_contain_text("Erste Frage")


def test_a_promise_made_in_a_call_is_recorded_shown_on_the_main_screen_and_kept(page, live_server, cast, customer):
    from draht.promises.models import Promise

    call = log_interaction(customer, user=cast.alice, channel="phone", outcome="reached", subject="Druckerfrage")
    login(page, live_server, "alice")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.locator(f'a[href$="?from={call.pk}"]').click()
    expect(page.locator("main")).to_contain_text("Druckerfrage")
    page.fill("input[name=what]", "Angebot für die neuen Drucker")
    page.fill("input[name=due_on]", (datetime.date.today() + datetime.timedelta(days=1)).isoformat())
    page.click("button[type=submit]")
    expect(page.locator("#promises")).to_contain_text("Angebot für die neuen Drucker")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#promises-due")).to_contain_text("Angebot für die neuen Drucker")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.locator("#promises button[value=kept]").click()
    expect(page.locator(".messages")).to_contain_text("Marked kept.")
    assert Promise.objects.get().status == "kept" and Promise.objects.get().interaction_id == call.pk


def test_a_meeting_is_planned_held_and_its_action_item_shows_in_the_next_recap(page, live_server, cast, customer):
    from draht.meetings.models import Meeting

    login(page, live_server, "alice")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.click("#meetings a:text('Plan meeting')")
    start = (timezone_now() - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    page.fill("input[name=title]", "Jahresgespräch")
    page.check("input[name=kind][value=onsite]")
    page.fill("input[name=start]", start)
    page.fill("input[name=minutes]", "90")
    page.locator("input[name=minutes]").blur()
    expect(page.locator("#meeting-warnings")).to_contain_text("Longer than 60 minutes")  # while typing
    page.fill("input[name=minutes]", "30")
    page.fill("textarea[name=topics]", "Wartung")
    page.uncheck("input[name=invite]")
    page.click("button:text('Plan meeting')")
    expect(page.locator("#meeting-status")).to_have_text("planned")
    page.fill("textarea[name=summary]", "Wartung besprochen")
    page.fill("input[name=items-0-text]", "Angebot schicken")
    page.select_option("select[name=items-0-owner]", str(cast.alice.pk))
    page.fill("input[name=items-0-due_on]", "2030-01-15")
    page.click("[data-action=held]")
    expect(page.locator("#meeting-status")).to_have_text("held")
    customer.refresh_from_db()
    assert customer.last_personal_contact_at is not None

    page.goto(f"{live_server.url}/meetings/customer/{customer.pk}/new/")
    page.fill("input[name=title]", "Folgetermin")
    page.fill("input[name=start]", "2030-01-20T10:00")
    page.fill("input[name=video_url]", "https://meet.example/huber")
    page.uncheck("input[name=invite]")
    page.click("button:text('Plan meeting')")
    expect(page.locator("#open-items")).to_contain_text("Angebot schicken")
    expect(page.locator("#agenda")).to_contain_text("Wartung besprochen")
    assert Meeting.objects.count() == 2


def timezone_now():
    from django.utils import timezone

    return timezone.localtime(timezone.now())


def test_a_customer_books_a_slot_and_cancels_it_by_the_signed_link(page, live_server, cast, monkeypatch):
    from draht.booking import forms
    from draht.booking.models import Booking, BookingPage
    from draht.outbox.models import OutgoingEmail

    monkeypatch.setattr(forms, "MIN_SECONDS", 0)  # a test types faster than a person
    BookingPage.objects.create(owner=cast.alice, slug="alice", title="Termin bei Alice", notice_hours=0,
                               video_url="https://meet.example/alice")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/book/alice/")
    page.locator("[data-slot]").first.click()
    page.check("input[name=kind][value=virtual]")
    page.fill("input[name=name]", "Eva Berger")
    page.fill("input[name=email]", "eva@berger.example")
    page.check("input[name=consent]")
    page.click("[data-action=book]")
    expect(page.locator("#booked")).to_contain_text("eva@berger.example")
    booking = Booking.objects.get()
    cancel = re.search(r"(/book/alice/cancel/\S+/)", OutgoingEmail.objects.get().body).group(1)
    page.goto(live_server.url + cancel)
    page.click("[data-action=cancel-booking]")
    expect(page.locator("#cancelled")).to_be_visible()
    booking.refresh_from_db()
    assert booking.cancelled_at is not None and booking.meeting.status == "cancelled"


def test_a_technician_completes_a_visit_with_a_signature_on_a_phone(page, live_server, cast, customer, settings,
                                                                     tmp_path):
    from django.utils import timezone

    from draht.service.models import Dispatch
    from draht.service.services import dispatch, note_remote_attempt, open_ticket

    settings.MEDIA_ROOT = tmp_path
    ticket = open_ticket(customer, user=cast.alice, subject="Anlage defekt", owner=cast.agent,
                         contact_person=customer.main_contact)
    note_remote_attempt(ticket, user=cast.agent, why="Tausch vor Ort")
    start = timezone.now() + datetime.timedelta(hours=1)
    visit = dispatch(ticket, user=cast.agent, technician=cast.tech, window_start=start,
                     window_end=start + datetime.timedelta(hours=2))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "tech")
    page.goto(f"{live_server.url}/tickets/visits/")
    page.click("[data-action=complete]")
    page.fill("textarea[name=work_done]", "Netzteil getauscht")
    page.fill("input[name=minutes]", "45")
    page.fill("input[name=signer_name]", "Maria Müller")
    page.locator("canvas.signature").scroll_into_view_if_needed()
    box = page.locator("canvas.signature").bounding_box()
    assert box["width"] <= 390
    page.mouse.move(box["x"] + 20, box["y"] + 30)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 20, box["y"] + 30 + (step % 3) * 15)
    page.mouse.up()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("[data-action=complete-visit]")
    expect(page.locator(".messages")).to_contain_text("Visit completed")
    visit = Dispatch.objects.get(pk=visit.pk)
    assert visit.state == "completed" and visit.signature.startswith("M ") and " L " in visit.signature


def test_an_agent_handles_a_complaint_from_the_email_to_the_customers_rating(page, live_server, cast, customer):
    from draht.inbox.services import store_email
    from draht.outbox.models import OutgoingEmail
    from draht.service.models import Feedback, Ticket

    raw = (b"From: Maria Mueller <maria.mueller@huber.example>\r\nTo: office@draht.example\r\n"
           b"Subject: Rechnung doppelt abgebucht\r\nMessage-ID: <k1@huber.example>\r\n"
           b"Date: Wed, 02 Dec 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Sie haben zweimal abgebucht.")
    message = store_email(raw, source="imap").message
    login(page, live_server, "agent")
    page.goto(f"{live_server.url}/inbox/{message.pk}/")
    page.click("[data-action=open-ticket]")
    expect(page.locator("h1")).to_contain_text("Rechnung doppelt abgebucht")
    page.fill("#answer-body", "Wir haben die doppelte Abbuchung storniert.")
    page.check("#answer-solve")
    page.click("[data-action=answer]")
    expect(page.locator(".messages")).to_contain_text("The answer is in the outbox")
    ticket = Ticket.objects.get()
    assert ticket.status == "solved" and ticket.first_response_at is not None
    rating = OutgoingEmail.objects.get(body__contains="/feedback/")
    path = re.search(r"(/feedback/[^/\s]+/)", rating.body).group(1)
    visitor = page.context.browser.new_page()
    visitor.goto(live_server.url + path)
    visitor.check("input[name=csat][value='4']")
    visitor.click("[data-action=rate]")
    expect(visitor.locator("#feedback-done")).to_contain_text("Thank you")
    visitor.close()
    assert Feedback.objects.get().csat == 4


def test_an_agent_turns_a_ringing_call_into_a_ticket_on_a_phone(page, live_server, cast, customer, settings):
    from django.utils import timezone

    from draht.service.models import Ticket
    from draht.telephony.services import handle_event

    settings.DRAHT_TELEPHONY_SECRET = "secret-for-the-pop-up"  # a telephone system is connected: pages poll
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "agent")
    page.goto(f"{live_server.url}/tickets/")
    handle_event({"call_id": "pbx-b1", "event": "ringing", "direction": "in", "from": "+436641234567",
                  "agent": "agent", "at": timezone.now()})
    expect(page.locator("#ringing")).to_contain_text("Maria Müller", timeout=10_000)
    page.click("#ringing button[name=new]")
    expect(page.locator("h1")).to_contain_text("Call from Maria Müller")
    expect(page.locator("#calls")).to_contain_text("+43 664 1234567")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    ticket = Ticket.objects.get()
    assert ticket.calls.get().call.call_id == "pbx-b1" and ticket.contact_person.last_name == "Müller"
