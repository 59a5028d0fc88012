"""Every page in a real browser, at a phone's width (390 × 844) and a laptop's (1366 × 900): nothing scrolls
sideways, axe-core finds no serious or critical accessibility problem, and the German pages show no English words
and no raw region codes."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from draht.customers.services import create_contact
from draht.timeline.services import log_interaction

from .conftest import PASSWORD, make_customer, totp_device
from .corpus import mail

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = [(390, 844), (1366, 900)]


@pytest.fixture
def world(cast, settings, tmp_path):
    """One of everything a page can show."""
    from draht.inbox.models import Mailbox, MailUpload
    from draht.inbox.services import store_email
    from draht.outbox.services import queue_email
    from draht.privacy.models import RetentionCandidate
    from draht.promises.services import record_promise
    from draht.transfer import importer
    from draht.webhooks.models import Endpoint

    settings.MEDIA_ROOT = tmp_path / "media"
    customer = make_customer(cast.owner, name="Huber Installationen GmbH", phone="+4315123456",
                             email="office@huber.example", street="Kärntner Straße 12", postal_code="1010",
                             other_contacts=[{"kind": "phone", "value": "0664 12", "label": "", "invalid": True}])
    person = create_contact(customer, user=cast.owner, first_name="Maria", last_name="Huber",
                            email="maria@huber.example", phone="+436641234567",
                            birthday=datetime.date(1980, 5, 17))
    make_customer(cast.alice, name="Huber Installationen GmbH", phone="+4315123456", city="Wien")  # a duplicate
    entry = log_interaction(customer, user=cast.owner, channel="phone", outcome="reached", is_personal=True,
                            subject="Jahresgespräch", body="Alles bestens; Angebot für die Wartung folgt.")
    record_promise(customer, user=cast.owner, owner=cast.owner, what="Angebot schicken",
                   due_on=timezone.localdate() + datetime.timedelta(days=3), interaction=entry)
    message = store_email(mail.forwarded_message(), source="upload").message
    queue_email(customer, user=cast.owner, to=["maria@huber.example"], subject="Angebot", body="Anbei.")
    job = importer.create_job("Firma;Ort\nMüller Bau;Wien\n".encode(), name="kunden.csv", user=cast.owner,
                              default_owner=cast.owner, default_country="AT")
    upload = MailUpload.objects.create(name="archiv.mbox", created_by=cast.owner, status="done", total=3,
                                       processed=3, stored=3)
    Mailbox.objects.create(name="Büro", host="imap.huber.example", username="office", password_encrypted="-")
    Endpoint.objects.create(name="ERP", url="https://erp.example/hook", events=["interaction.created"],
                            secret="s" * 32)
    RetentionCandidate.objects.create(customer=customer)
    from draht.meetings.services import Attendees, plan_meeting

    start = timezone.now() - datetime.timedelta(minutes=10)
    meeting = plan_meeting(customer, user=cast.owner, attendees=Attendees(contacts=[person]), invite=False,
                           title="Jahresgespräch", kind="onsite", starts_at=start,
                           ends_at=start + datetime.timedelta(minutes=30), time_zone="Europe/Vienna",
                           topics=["Wartung"])
    from draht.booking.models import BookingPage

    BookingPage.objects.create(owner=cast.owner, slug="owner", title="Termin", video_url="https://meet.example/o")
    BookingPage.objects.create(team=cast.wien, slug="team-wien", title="Termin mit dem Team Wien")
    from draht.service.services import open_ticket

    ticket = open_ticket(customer, user=cast.owner, subject="Drucker streikt", kind="complaint", priority="high")
    from draht.service.feedback import link
    from draht.service.models import Feedback

    rating = Feedback.objects.create(customer=customer, ticket=ticket, agent=cast.owner, email="maria@huber.example",
                                     expires_at=timezone.now() + datetime.timedelta(days=14))
    from django.core import signing

    from draht.service.services import CHECKLIST_SALT, dispatch, note_remote_attempt

    note_remote_attempt(ticket, user=cast.owner, why="Netzteil tauschen")
    start = timezone.now() + datetime.timedelta(days=2)
    visit = dispatch(ticket, user=cast.owner, technician=cast.tech, window_start=start,
                     window_end=start + datetime.timedelta(hours=2))
    return {"meeting": meeting.pk, "ticket": ticket.pk, "feedback": link(rating).split("/")[2],
            "checklist": signing.dumps(visit.pk, salt=CHECKLIST_SALT), "visit": visit.pk, "tech": cast.tech.pk,
            "customer": customer.pk, "person": person.pk, "entry": entry.pk, "message": message.pk, "job": job.pk,
            "upload": upload.pk, "owner": cast.alice.pk, "team": cast.wien.pk}


PAGES = [
    "/", "/?scope=all", "/customers/", "/customers/new/", "/customers/{customer}/", "/customers/{customer}/edit/",
    "/customers/{customer}/check-in/?all=1", "/customers/{customer}/contacts/new/",
    "/customers/{customer}/contacts/{person}/", "/customers/stale/", "/customers/search/?q=huber", "/coverage/",
    "/promises/", "/promises/customer/{customer}/new/", "/timeline/customer/{customer}/log/",
    "/timeline/{entry}/edit/", "/data/imports/", "/data/imports/{job}/mapping/", "/data/imports/{job}/",
    "/privacy/duplicates/", "/privacy/retention/", "/privacy/person/contact/{person}/",
    "/privacy/person/contact/{person}/export/?format=html", "/webhooks/", "/inbox/", "/inbox/{message}/",
    "/inbox/upload/{upload}/", "/inbox/mailboxes/", "/outbox/", "/outbox/customer/{customer}/compose/",
    "/accounts/me/", "/accounts/password/", "/accounts/2fa/", "/accounts/users/", "/accounts/users/{owner}/",
    "/accounts/security/", "/due/{customer}/reached/?back=customer", "/due/{customer}/snooze/?back=customer",
    "/meetings/", "/meetings/customer/{customer}/new/", "/meetings/{meeting}/", "/meetings/{meeting}/edit/",
    "/meetings/booking/", "/meetings/booking/team/{team}/", "/book/owner/", "/book/team-wien/", "/tickets/",
    "/tickets/{ticket}/", "/tickets/customer/{customer}/new/",
    "/tickets/feedback/", "/feedback/{feedback}/", "/tickets/goodwill-rules/", "/tickets/assignment-rules/",
    "/tickets/visits/",
    "/checklist/{checklist}/", "/tickets/visits/{visit}/complete/", "/tickets/checklist/",
    "/tickets/technicians/{tech}/qualifications/",
    "/ui/", "/does-not-exist/",
]


def sign_in(page, base, cast, language):
    cast.owner.language = language
    cast.owner.save()
    from draht.accounts.twofactor import new_recovery_codes

    totp_device(cast.owner)
    code = new_recovery_codes(cast.owner)[0]  # a fresh one each time (an app's code counts once per 30 s)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.fill("input[name=code]", code)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def serious(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_every_page_fits_a_phone_and_a_laptop_and_passes_axe(browser, live_server, cast, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    failures = []
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server.url, cast, "en")
        for path in PAGES:
            url = path.format(**world)
            page.goto(live_server.url + url)
            if (extra := overflow(page)) > 1:
                failures.append(f"{width}px {url}: {extra}px wider than the screen")
            failures += [f"{width}px {url}: {v}" for v in serious(page)]
        context.close()
    assert not failures, "\n".join(failures)


def test_the_sign_in_page_fits_and_passes_axe(page, live_server):
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/accounts/login/")
        assert overflow(page) <= 1 and not serious(page)


# English words of the interface that German does not share (Import, Export, Team, Webhooks it does)
ENGLISH = re.compile(r"\b(Customers?|Owner|Promises?|Save|Search|Cancel|Delete|Edit|Settings|Phone|Due|Never|"
                     r"Contact person|Call today|Coverage|Stale facts|Log out|Germany|Austria|Switzerland|Italy|"
                     r"reached|overdue|None|True|False|unknown|organisation|phone|email|manual)\b")
REGION_CODE = re.compile(r"\b[A-Z]{2}-[0-9A-Z]{1,3}\b")


def test_the_german_pages_speak_german(browser, live_server, cast, world):
    from draht.accounts.models import User

    for name, first in [("owner", "Ingrid"), ("manager", "Martin"), ("alice", "Alexandra"), ("bob", "Bernd")]:
        User.objects.filter(username=name).update(first_name=first)  # the cast's names are English words
    cast.owner.first_name = "Ingrid"
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="de-AT")
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, cast, "de")
    found = []
    for path in PAGES:
        url = path.format(**world)
        page.goto(live_server.url + url)
        text = page.inner_text("body")
        for pattern in (ENGLISH, REGION_CODE):
            found += [f"{url}: {m.group(0)!r} in “…{text[max(0, m.start() - 30):m.end() + 30]}…”"
                      for m in pattern.finditer(text)]
    context.close()
    assert not found, "\n".join(found)


def big_enough(box) -> bool:
    return box is not None and box["height"] >= 44 and box["width"] >= 88 and box["x"] >= 0 and box["x"] + box[
        "width"] <= 390


def test_the_due_list_and_the_customer_page_are_made_for_one_thumb(browser, live_server, cast, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    due = make_customer(cast.owner, name="Anrufen GmbH", phone="+4315123499", city="Wien")  # never contacted
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, cast, "en")
    row = page.locator(f"#due-{due.pk}")
    for control in ("a.call", "[data-action=reached]", "[data-action=not-reached]", "[data-action=snooze]"):
        assert big_enough(row.locator(control).bounding_box()), control
    buttons = [row.locator(f"[data-action={a}]").bounding_box() for a in ("reached", "not-reached", "snooze")]
    assert len({round(b["y"]) for b in buttons}) == 1  # side by side, one row for the thumb

    page.goto(f"{live_server.url}/customers/{world['customer']}/")
    bar = page.locator("#call-actions")
    for control in ("[data-action=call]", "[data-action=reached]", "[data-action=not-reached]",
                    "[data-action=snooze]"):
        assert big_enough(bar.locator(control).bounding_box()), control
    assert bar.bounding_box()["y"] < 844  # in reach without scrolling
    bar.locator("[data-action=not-reached]").click()
    page.wait_for_url(f"{live_server.url}/customers/{world['customer']}/")
    assert "stays on the list" in page.inner_text(".messages")
    page.locator("#call-actions [data-action=snooze]").click()
    page.fill("input[name=reason]", "Urlaub")  # the date is filled in: a week from today
    page.locator("button[type=submit]", has_text="Snooze").click()
    page.wait_for_url(f"{live_server.url}/customers/{world['customer']}/")
    assert "snoozed until" in page.inner_text(".messages")
    page.locator("#call-actions [data-action=reached]").click()
    page.fill("textarea[name=note]", "Alles gut")
    page.click("[data-action=save-reached]")
    page.wait_for_url(f"{live_server.url}/customers/{world['customer']}/")
    assert "logged as personal contact" in page.inner_text(".messages")
    assert overflow(page) <= 1
    context.close()


def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_the_daily_job_works_with_the_keyboard_alone(browser, live_server, cast, world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    due = make_customer(cast.owner, name="Anrufen GmbH", phone="+4315123499", city="Wien")
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server.url, cast, "en")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('skip-link')")
        if width < 900:  # the folded menu opens with the keyboard
            tab_to(page, ".menu-toggle")
            page.keyboard.press("Enter")
            assert page.locator("nav.main").is_visible()
            page.keyboard.press("Enter")
        page.goto(f"{live_server.url}/")
        tab_to(page, f"#due-{due.pk} [data-action=reached]")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#due-{due.pk} textarea[name=note]")
        page.wait_for_function("document.activeElement && document.activeElement.name === 'note'")
        page.keyboard.type("Per Tastatur")
        tab_to(page, f"#due-{due.pk} [data-action=save-reached]", limit=3)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#due-{due.pk}.done")
        context.close()
        from draht.timeline.models import Interaction

        assert Interaction.objects.filter(customer=due, body="Per Tastatur").exists()
        from django.db import transaction

        from draht.timeline.cadence import sync_contact_state

        with transaction.atomic():
            Interaction.objects.filter(customer=due).delete()
            sync_contact_state(due.pk)
