"""The public booking page (issue 15): free slots within the hours, without holidays, notice and busy times;
a customer books without an account and gets the invitation with signed links to cancel or move; two people
pressing for the same slot at the same moment get one booking and one clear "taken"."""

import datetime
import os
import re
import subprocess
import sys
import threading
import time
import zoneinfo
from pathlib import Path

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from draht.booking.forms import STAMP_SALT
from draht.booking.models import Booking, BookingPage
from draht.booking.rules import free_slots, parse_hours, public_holidays
from draht.booking.services import SlotTaken, book, slots_for
from draht.customers.models import Customer
from draht.meetings.models import Meeting
from draht.outbox.models import OutgoingEmail

from .conftest import client_for

VIENNA = zoneinfo.ZoneInfo("Europe/Vienna")
DRAHT = str(Path(sys.executable).parent / "draht")


# -- rules -------------------------------------------------------------------------------------------------


def test_hours_are_read_per_weekday_and_mistakes_are_named():
    hours = parse_hours("Mo 09:00-12:00 13:00-16:00\nfr 8:30-9:30")
    assert hours == {0: [(datetime.time(9), datetime.time(12)), (datetime.time(13), datetime.time(16))],
                     4: [(datetime.time(8, 30), datetime.time(9, 30))]}
    for bad, words in [("Xx 09:00-10:00", "Line 1"), ("Mo 9-10", "09:00-12:00"), ("Mo 10:00-09:00", "end after")]:
        with pytest.raises(ValidationError, match=words):
            parse_hours(bad)


def slots(**overrides):
    values = {"hours": parse_hours("Mo 09:00-11:00\nTu 09:00-11:00\nWe 09:00-11:00\nTh 09:00-11:00\nFr 09:00-11:00"),
              "zone": VIENNA, "first_day": datetime.date(2026, 12, 7), "days": 7, "slot_minutes": 30,
              "buffer_minutes": 0, "earliest": datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC), "busy": [],
              "closed": set(), "holiday_region": "AT-9"} | overrides
    return free_slots(**values)


def test_slots_skip_weekends_public_holidays_and_closed_days():
    days = {s.date() for s in slots()}
    assert datetime.date(2026, 12, 8) not in days  # Mariä Empfängnis, a holiday in Austria
    assert datetime.date(2026, 12, 12) not in days and datetime.date(2026, 12, 13) not in days
    assert datetime.date(2026, 12, 8) in {s.date() for s in slots(holiday_region="DE-BY")}
    assert datetime.date(2026, 12, 9) not in {s.date() for s in slots(closed={datetime.date(2026, 12, 9)})}
    assert datetime.date(2026, 8, 15) in public_holidays("IT-BZ", 2026)  # Ferragosto in South Tyrol
    assert public_holidays("XX-1", 2026) == frozenset()


def test_slots_keep_the_notice_and_a_buffer_around_busy_times():
    monday = [s for s in slots() if s.date() == datetime.date(2026, 12, 7)]
    assert [s.strftime("%H:%M") for s in monday] == ["09:00", "09:30", "10:00", "10:30"]
    busy = [(datetime.datetime(2026, 12, 7, 9, 30, tzinfo=VIENNA),
             datetime.datetime(2026, 12, 7, 10, 0, tzinfo=VIENNA))]
    with_buffer = [s.strftime("%H:%M") for s in slots(busy=busy, buffer_minutes=10)
                   if s.date() == datetime.date(2026, 12, 7)]
    assert with_buffer == ["10:20"]  # 09:00 ends 09:30 (no room for the buffer), 09:40 would overlap the buffer
    late = slots(earliest=datetime.datetime(2026, 12, 7, 10, 0, tzinfo=VIENNA))
    assert min(late).strftime("%d %H:%M") == "07 10:00"


def test_a_start_in_the_dst_gap_is_never_offered():
    sunday_hours = parse_hours("So 01:30-03:30")
    found = slots(hours=sunday_hours, first_day=datetime.date(2027, 3, 28), days=1, slot_minutes=30)
    assert [s.strftime("%H:%M") for s in found] == ["01:30", "03:00"]


# -- the page ----------------------------------------------------------------------------------------------


@pytest.fixture
def booking_page(cast):
    return BookingPage.objects.create(owner=cast.alice, slug="alice", title="Termin bei Alice",
                                      video_url="https://meet.example/alice", notice_hours=0, days_ahead=14,
                                      hours="\n".join(f"{d} 08:00-18:00" for d in ("Mo", "Di", "Mi", "Do", "Fr")))


def next_slot(page):
    return slots_for(page)[0]


def old_stamp(seconds=10):
    return signing.dumps(int(time.time()) - seconds, salt=STAMP_SALT)


def form(slot, **extra):
    return {"slot": slot.isoformat(), "kind": "virtual", "name": "Eva Berger", "email": "eva@berger.example",
            "phone": "0664 1234567", "consent": "on", "website": "", "stamp": old_stamp()} | extra


def test_a_customer_books_without_an_account_and_gets_the_invitation_with_links(cast, booking_page):
    client = Client()
    page = client.get("/book/alice/")
    assert page.status_code == 200 and "data-slot=" in page.content.decode()
    slot = next_slot(booking_page)
    step = client.get("/book/alice/", {"slot": slot.isoformat()}).content.decode()
    assert 'name="stamp"' in step and 'name="website"' in step
    done = client.post("/book/alice/", form(slot))
    assert done.status_code == 200 and 'id="booked"' in done.content.decode()
    booking = Booking.objects.get()
    assert booking.meeting.starts_at == slot and booking.meeting.status == "planned"
    customer = Customer.objects.get(email="eva@berger.example")
    assert customer.kind == "person" and customer.owner == cast.alice and customer.phone == "+436641234567"
    invitation = OutgoingEmail.objects.get()
    assert invitation.calendar_method == "REQUEST" and invitation.to == ["eva@berger.example"]
    cancel_path = re.search(r"http://testserver(/book/alice/cancel/[^/\s]+/)", invitation.body).group(1)
    assert "?move=" in invitation.body
    assert slot not in slots_for(booking_page)  # taken now

    assert 'data-action="cancel-booking"' in client.get(cancel_path).content.decode()
    assert 'id="cancelled"' in client.post(cancel_path).content.decode()
    booking.refresh_from_db()
    assert booking.cancelled_at and booking.meeting.status == "cancelled"
    assert OutgoingEmail.objects.latest("id").calendar_method == "CANCEL"
    assert slot in slots_for(booking_page)  # free again
    again = client.get(cancel_path)
    assert again.status_code == 400 and "cancelled already" in again.content.decode()
    tampered = client.get(cancel_path[:-3] + "xx/")
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()


def test_the_owner_sees_bookings_in_the_api(cast, booking_page):
    from .conftest import api_for

    slot = next_slot(booking_page)
    Client().post("/book/alice/", form(slot))
    items = api_for(cast.alice).get("/bookings").json()["items"]
    assert [(i["name"], i["starts_at"][:16]) for i in items] == [("Eva Berger", slot.astimezone(
        datetime.UTC).isoformat()[:16])]
    assert api_for(cast.bob).get("/bookings").json()["items"] == []


def test_moving_books_the_new_time_and_cancels_the_old(cast, booking_page):
    client = Client()
    first, second = slots_for(booking_page)[:2]
    client.post("/book/alice/", form(first))
    move = re.search(r"\?move=(\S+)", OutgoingEmail.objects.get().body).group(1)
    assert "Eva Berger" in client.get("/book/alice/", {"slot": second.isoformat(), "move": move}).content.decode()
    client.post("/book/alice/", form(second, move=move))
    assert list(Booking.objects.filter(cancelled_at=None).values_list("starts_at", flat=True)) == [second]
    assert Meeting.objects.get(booking__starts_at=first).status == "cancelled"


def test_bots_and_hurried_scripts_are_turned_away(cast, booking_page):
    client = Client()
    slot = next_slot(booking_page)
    assert client.post("/book/alice/", form(slot, website="http://spam.example")).status_code == 400
    assert client.post("/book/alice/", form(slot, stamp=old_stamp(0))).status_code == 400  # filled in no time
    assert client.post("/book/alice/", form(slot, stamp="forged")).status_code == 400
    assert client.post("/book/alice/", form(slot, consent="")).status_code == 400
    assert not Booking.objects.exists()
    statuses = [client.post("/book/alice/", form(slot, website="x")).status_code for _ in range(8)]
    assert statuses[-1] == 429  # ten tries per address in ten minutes


def test_a_slot_taken_meanwhile_says_so_clearly(cast, booking_page):
    slot = next_slot(booking_page)
    Client().post("/book/alice/", form(slot))
    response = Client().post("/book/alice/", form(slot, email="other@example.org"))
    assert response.status_code == 409 and 'id="slot-taken"' in response.content.decode()
    assert Booking.objects.count() == 1
    with pytest.raises(SlotTaken):  # also when a meeting was planned in the owner's calendar meanwhile
        later = slots_for(booking_page)[0]
        Meeting.objects.create(customer=Customer.objects.get(), organizer=cast.alice, title="intern",
                               starts_at=later, ends_at=later + datetime.timedelta(minutes=30))
        book(booking_page, starts_at=later, kind="onsite", name="X", email="x@example.org")


def test_unknown_and_closed_pages_are_not_found(cast, booking_page):
    assert Client().get("/book/nobody/").status_code == 404
    client = client_for(cast.alice)
    assert Client().get("/book/alice/").status_code == 200
    form_values = {f: getattr(booking_page, f) for f in ("slug", "title", "hours", "closed_days", "holiday_region",
                                                          "time_zone", "slot_minutes", "buffer_minutes",
                                                          "notice_hours", "days_ahead", "video_url")}
    client.post("/meetings/booking/", form_values)  # saved without "open for bookings"
    assert Client().get("/book/alice/").status_code == 404  # at once, though the page is cached


def test_the_owner_sets_up_the_page(cast):
    client = client_for(cast.alice)
    assert client.get("/meetings/booking/").status_code == 200
    response = client.post("/meetings/booking/", {
        "slug": "alice-huber", "title": "Termin", "hours": "Mo 09:00-10:00", "closed_days": "24.12.2026\n2026-12-31",
        "holiday_region": "AT-9", "time_zone": "Europe/Vienna", "slot_minutes": 30, "buffer_minutes": 10,
        "notice_hours": 12, "days_ahead": 28, "video_url": "", "is_active": "on"})
    assert response.status_code == 302 and BookingPage.objects.get().slug == "alice-huber"
    from draht.booking.rules import parse_closed_days

    assert parse_closed_days(BookingPage.objects.get().closed_days) == {datetime.date(2026, 12, 24),
                                                                        datetime.date(2026, 12, 31)}
    bad = client.post("/meetings/booking/", {
        "slug": "x", "title": "T", "hours": "Montag früh", "holiday_region": "AT-9", "time_zone": "Europe/Vienna",
        "slot_minutes": 30, "buffer_minutes": 0, "notice_hours": 0, "days_ahead": 7})
    assert bad.status_code == 400 and "is not a weekday" in bad.content.decode()
    assert client_for(cast.agent).get("/meetings/booking/").status_code == 403


# -- twenty people, one slot ------------------------------------------------------------------------------------

RACE = """
import datetime, os, time
from draht.booking.models import BookingPage
from draht.booking.services import SlotTaken, book
page = BookingPage.objects.get(slug="race")
slot = datetime.datetime.fromisoformat(os.environ["RACE_SLOT"])
while time.time() < float(os.environ["RACE_GO"]):
    time.sleep(0.005)
try:
    book(page, starts_at=slot, kind="onsite", name="Person", email=f"p{__import__('os').getpid()}@example.org")
    print("BOOKED")
except SlotTaken:
    print("TAKEN")
"""


def test_twenty_people_pressing_for_one_slot_get_one_booking_on_sqlite(tmp_path):
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": ""}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=180)
    setup = ("from draht.accounts.models import User; from draht.booking.models import BookingPage; "
             "from draht.booking.services import slots_for; "
             "u = User.objects.create_user('race', password='x', role='account_manager'); "
             "p = BookingPage.objects.create(owner=u, slug='race', title='Race', notice_hours=0, "
             "hours='Mo 00:00-23:30\\nDi 00:00-23:30\\nMi 00:00-23:30\\nDo 00:00-23:30\\nFr 00:00-23:30'); "
             "print(slots_for(p)[0].isoformat())")
    slot = subprocess.run([DRAHT, "shell", "-c", setup], env=env, check=True, timeout=120, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]
    script = tmp_path / "race.py"
    script.write_text(RACE)
    go = time.time() + 12
    runner = f"import runpy; runpy.run_path({str(script)!r})"
    race_env = env | {"RACE_SLOT": slot, "RACE_GO": str(go)}
    processes = [subprocess.Popen([DRAHT, "shell", "-c", runner], env=race_env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(20)]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=180)
        outcomes.append(out.strip().splitlines()[-1] if out.strip() else err[-300:])
    assert sorted(outcomes) == ["BOOKED"] + ["TAKEN"] * 19, outcomes
    count = subprocess.run([DRAHT, "shell", "-c", "from draht.booking.models import Booking; "
                            "print(Booking.objects.count())"], env=env, check=True, timeout=60, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]
    assert count == "1"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_people_pressing_for_one_slot_get_one_booking_on_postgresql(cast):
    page = BookingPage.objects.create(owner=cast.alice, slug="race", title="Race", notice_hours=0,
                                      hours="\n".join(f"{d} 00:00-23:30" for d in ("Mo", "Di", "Mi", "Do", "Fr")))
    slot = slots_for(page)[0]
    outcomes, start = [], threading.Barrier(20)

    def person(n):
        start.wait()
        try:
            book(page, starts_at=slot, kind="onsite", name=f"P{n}", email=f"p{n}@example.org")
            outcomes.append("BOOKED")
        except SlotTaken:
            outcomes.append("TAKEN")
        finally:
            connection.close()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["BOOKED"] + ["TAKEN"] * 19
    assert Booking.objects.count() == 1 and timezone.now()


# -- busy times from the calendar people already use ---------------------------------------------------------

OUTLOOK_ICS = """BEGIN:VCALENDAR\r
METHOD:PUBLISH\r
PRODID:Microsoft Exchange Server 2010\r
VERSION:2.0\r
X-WR-CALNAME:Kalender\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:busy-1\r
SUMMARY:Zahnarzt\r
DTSTART;TZID=W. Europe Standard Time:{day}T100000\r
DTEND;TZID=W. Europe Standard Time:{day}T110000\r
TRANSP:OPAQUE\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:free-1\r
SUMMARY:Erinnerung\r
DTSTART;TZID=W. Europe Standard Time:{day}T140000\r
DTEND;TZID=W. Europe Standard Time:{day}T150000\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:daily-1\r
SUMMARY:Standup\r
DTSTART:{day}T080000Z\r
DTEND:{day}T081500Z\r
RRULE:FREQ=DAILY;COUNT=5\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:allday-1\r
SUMMARY:Urlaub\r
DTSTART;VALUE=DATE:{holiday}\r
DTEND;VALUE=DATE:{holiday_end}\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def calendar_server():
    """A real HTTP server on loopback that serves whatever the test puts into `files`."""
    import http.server

    files = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", files
    server.shutdown()
    server.server_close()


def test_busy_times_of_the_own_calendar_keep_slots_free_and_survive_an_outage(cast, booking_page, settings,
                                                                              calendar_server):
    from draht.meetings.external import refresh
    from draht.meetings.models import ExternalCalendar

    base, files = calendar_server
    settings.DRAHT_CALENDAR_ALLOW_PRIVATE = True
    day = next(s for s in slots_for(booking_page) if s.hour < 9 and s.date() > timezone.localdate()).date()
    holiday = day + datetime.timedelta(days=1)
    files["/cal.ics"] = OUTLOOK_ICS.format(day=day.strftime("%Y%m%d"), holiday=holiday.strftime("%Y%m%d"),
                                           holiday_end=(holiday + datetime.timedelta(days=1)).strftime(
                                               "%Y%m%d")).encode()
    client = client_for(cast.alice)
    client.post("/meetings/own-calendar/", {"url": base + "/cal.ics"})
    calendar = refresh(ExternalCalendar.objects.get())
    assert calendar.last_error == "" and calendar.events >= 4
    free = {s.astimezone(VIENNA).strftime("%H:%M") for s in slots_for(booking_page, day=day)}
    assert "10:00" not in free and "10:30" not in free and "14:00" in free  # busy, and a free reminder
    assert not slots_for(booking_page, day=holiday)  # the all-day event
    del files["/cal.ics"]  # the calendar server goes away
    calendar = refresh(calendar)
    assert "404" in calendar.last_error and calendar.busy  # the last good busy times stay
    assert "10:00" not in {s.astimezone(VIENNA).strftime("%H:%M") for s in slots_for(booking_page, day=day)}
    assert "cannot be read just now" in client.get("/meetings/").content.decode()


def test_a_private_calendar_address_is_refused_unless_allowed(cast):
    client = client_for(cast.alice)
    response = client.post("/meetings/own-calendar/", {"url": "http://127.0.0.1:9/cal.ics"}, follow=True)
    assert "private or local address" in response.content.decode()
    from draht.meetings.models import ExternalCalendar

    assert not ExternalCalendar.objects.exists()
    assert client.post("/meetings/own-calendar/", {"url": "ftp://x.example/c.ics"}, follow=True).status_code == 200
    assert not ExternalCalendar.objects.exists()


def test_meeting_and_booking_events_reach_the_webhooks(cast, booking_page):
    from draht.meetings.services import cancel_meeting
    from draht.webhooks.models import Delivery, Endpoint

    Endpoint.objects.create(name="ERP", url="https://erp.example/hook", secret="s" * 32, events=[
        "meeting.created", "meeting.changed", "meeting.cancelled", "booking.created"])
    slot = next_slot(booking_page)
    Client().post("/book/alice/", form(slot))
    cancel_meeting(Booking.objects.get().meeting, user=cast.alice)
    events = list(Delivery.objects.order_by("id").values_list("event", flat=True))
    assert events == ["meeting.created", "booking.created", "meeting.cancelled"]
    payload = Delivery.objects.get(event="booking.created").payload["data"]
    assert payload["meeting_id"] == Booking.objects.get().meeting_id and payload["starts_at"]


def test_a_link_for_a_passed_appointment_answers_with_a_clear_page(cast, booking_page):
    slot = next_slot(booking_page)
    Client().post("/book/alice/", form(slot))
    cancel_path = re.search(r"http://testserver(/book/alice/cancel/[^/\s]+/)", OutgoingEmail.objects.get().body
                            ).group(1)
    Booking.objects.update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    response = Client().get(cancel_path)
    assert response.status_code == 400 and "has passed" in response.content.decode()
    assert Booking.objects.get().cancelled_at is None


def test_the_demo_account_manager_has_free_slots_in_the_coming_weeks(db):
    from draht.core.demo import create_demo

    create_demo(customers=20)
    page = Client().get("/book/betreuer/")
    assert page.status_code == 200 and page.content.decode().count("data-slot=") >= 20
    assert "Lukas Egger" in page.content.decode()


# -- a team's page ------------------------------------------------------------------------------------------------

@pytest.fixture
def team_page(cast):
    from draht.accounts.models import User

    User.objects.create_user("carla", password="x", role="account_manager", team=cast.wien, first_name="Carla")
    return BookingPage.objects.create(team=cast.wien, slug="team-wien", title="Termin mit Team Wien",
                                      notice_hours=0, days_ahead=7,
                                      hours="\n".join(f"{d} 08:00-11:00" for d in ("Mo", "Di", "Mi", "Do", "Fr")))


def test_a_team_page_offers_a_time_while_somebody_is_free_and_books_the_least_busy(cast, team_page, customer):
    from draht.accounts.models import User
    from draht.booking.services import SlotTaken, book
    from draht.meetings.services import Attendees, plan_meeting

    carla = User.objects.get(username="carla")
    people = team_page.people()
    assert {p.username for p in people} == {"owner", "alice", "carla"}  # agents and others meet no customers here
    slot = slots_for(team_page)[0]
    for person in people[1:]:  # everybody but the first has a meeting then
        plan_meeting(customer, user=person, attendees=Attendees(), title="Besetzt", kind="onsite", starts_at=slot,
                     ends_at=slot + datetime.timedelta(minutes=30), time_zone="Europe/Vienna", invite=False)
    assert slot in slots_for(team_page)  # one of them is free
    first = book(team_page, starts_at=slot, kind="onsite", name="Eva Berger", email="eva@berger.example")
    assert first.owner == people[0] and first.meeting.organizer == people[0]
    assert slot not in slots_for(team_page)  # now nobody is
    with pytest.raises(SlotTaken):
        book(team_page, starts_at=slot, kind="onsite", name="Paul Bauer", email="paul@bauer.example")
    later = slots_for(team_page)[-1]
    taken = [book(team_page, starts_at=later, kind="onsite", name=f"Gast {i}", email=f"gast{i}@example.org").owner
             for i in range(3)]
    assert len(set(taken)) == 3  # one time, three people of the team
    assert carla in taken


def test_a_team_booking_never_takes_a_time_booked_on_a_members_own_page(cast, team_page, booking_page):
    from draht.booking.services import book

    slot = next(s for s in slots_for(booking_page) if s in slots_for(team_page))
    own = book(booking_page, starts_at=slot, kind="onsite", name="Eva Berger", email="eva@berger.example")
    assert own.owner == cast.alice
    team = [book(team_page, starts_at=slot, kind="onsite", name=f"Gast {i}", email=f"gast{i}@example.org").owner
            for i in range(2)]
    assert cast.alice not in team


def test_the_public_team_page_books_and_cancels(cast, team_page):
    from django.test import Client

    from draht.booking.models import Booking

    page = Client().get("/book/team-wien/").content.decode()
    assert "Termin mit Team Wien" in page
    slot = slots_for(team_page)[0]
    done = Client().post("/book/team-wien/", form(slot, kind="onsite"))
    assert done.status_code == 200
    booking = Booking.objects.get()
    assert booking.owner.team == cast.wien and booking.page == team_page
    assert Customer.objects.get(email="eva@berger.example").owner == booking.owner  # the one they meet
    invitation = OutgoingEmail.objects.get()
    cancel_path = re.search(r"http://testserver(/book/team-wien/cancel/[^/\s]+/)", invitation.body).group(1)
    assert 'id="cancelled"' in Client().post(cancel_path).content.decode()
    booking.refresh_from_db()
    assert booking.cancelled_at and booking.meeting.status == "cancelled"
    assert OutgoingEmail.objects.latest("id").calendar_method == "CANCEL"


def test_owners_and_managers_set_up_a_teams_page(cast):
    owner = client_for(cast.owner)
    assert "team-pages" in owner.get("/meetings/booking/").content.decode()
    response = owner.post(f"/meetings/booking/team/{cast.muenchen.pk}/", {
        "slug": "team-muenchen", "title": "Termin in München", "hours": "Mo 09:00-10:00", "closed_days": "",
        "holiday_region": "DE-BY", "time_zone": "Europe/Berlin", "slot_minutes": 30, "buffer_minutes": 10,
        "notice_hours": 12, "days_ahead": 28, "video_url": "", "is_active": "on"})
    assert response.status_code == 302
    page = BookingPage.objects.get(slug="team-muenchen")
    assert page.team == cast.muenchen and page.owner is None
    assert "team-muenchen" in owner.get(f"/meetings/booking/team/{cast.muenchen.pk}/").content.decode()
    assert client_for(cast.alice).get(f"/meetings/booking/team/{cast.wien.pk}/").status_code == 403
    assert "team-pages" not in client_for(cast.alice).get("/meetings/booking/").content.decode()
    assert owner.get("/meetings/booking/team/999999/").status_code == 404
