"""Meetings (issue 15, PRODUCT.md §3): short and small by guidance, the classic agenda with action items that
carry forward, a held meeting is personal contact, invitations Outlook, Google, Apple and Thunderbird accept,
sent through the outbox, answers read back, the private feed."""

import datetime
import email
import email.policy
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from draht.meetings import ical
from draht.meetings.models import ActionItem, Meeting
from draht.meetings.rules import local_datetime, next_start, validate_rrule, warnings
from draht.meetings.services import (
    Attendees,
    apply_reply,
    cancel_meeting,
    change_meeting,
    hold_meeting,
    mark_no_show,
    plan_meeting,
    plan_next_in_series,
    recap_of,
)
from draht.outbox.models import OutgoingEmail
from draht.outbox.services import _build

from .conftest import client_for

VIENNA = zoneinfo.ZoneInfo("Europe/Vienna")


# -- rules -------------------------------------------------------------------------------------------------


def test_long_and_crowded_meetings_get_a_warning_not_a_refusal():
    assert warnings(30, 3, max_minutes=60, max_participants=6) == []
    assert len(warnings(61, 3, max_minutes=60, max_participants=6)) == 1
    assert len(warnings(90, 7, max_minutes=60, max_participants=6)) == 2
    assert warnings(60, 6, max_minutes=60, max_participants=6) == []


def test_a_time_in_the_spring_gap_or_the_autumn_overlap_is_refused_not_shifted():
    with pytest.raises(ValidationError, match="does not exist"):
        local_datetime(datetime.datetime(2026, 3, 29, 2, 30), "Europe/Vienna")
    with pytest.raises(ValidationError, match="happens twice"):
        local_datetime(datetime.datetime(2026, 10, 25, 2, 30), "Europe/Vienna")
    ok = local_datetime(datetime.datetime(2026, 3, 29, 3, 30), "Europe/Vienna")
    assert ok.utcoffset() == datetime.timedelta(hours=2)
    with pytest.raises(ValidationError):
        local_datetime(datetime.datetime(2026, 3, 29, 10, 0), "Mars/Olympus")


@given(st.datetimes(min_value=datetime.datetime(2025, 1, 1), max_value=datetime.datetime(2030, 12, 31)))
def test_an_accepted_local_time_keeps_its_wall_clock(wall):
    try:
        aware = local_datetime(wall, "Europe/Berlin")
    except ValidationError:
        return
    assert aware.astimezone(datetime.UTC).astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).replace(
        tzinfo=None) == wall.replace(second=0, microsecond=0)


def test_a_series_keeps_its_wall_clock_across_the_dst_change():
    start = datetime.datetime(2026, 3, 23, 10, 0, tzinfo=VIENNA)  # Monday before the change
    following = next_start("FREQ=WEEKLY", start, "Europe/Vienna")
    assert following.astimezone(VIENNA).replace(tzinfo=None) == datetime.datetime(2026, 3, 30, 10, 0)
    assert following.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(days=7, hours=-1)
    assert next_start("FREQ=WEEKLY;COUNT=1", start, "Europe/Vienna") is None
    assert next_start("", start, "Europe/Vienna") is None


def test_recurrence_rules_are_checked():
    assert validate_rrule("rrule:freq=weekly;interval=2") == "FREQ=WEEKLY;INTERVAL=2"
    assert validate_rrule("") == ""
    for bad in ("FREQ=SECONDLY", "FREQ=WEEKLY;INTERVAL=x", "hello"):
        with pytest.raises(ValidationError):
            validate_rrule(bad)


# -- planning, holding, the agenda ---------------------------------------------------------------------------


@pytest.fixture
def maria(customer):
    return customer.main_contact


def plan(customer, user, maria, *, start=None, minutes=30, **extra):
    start = start or timezone.now() + datetime.timedelta(days=2)
    values = {"title": "Jahresgespräch", "kind": "virtual", "starts_at": start,
              "ends_at": start + datetime.timedelta(minutes=minutes), "time_zone": "Europe/Vienna",
              "video_url": "https://meet.example/huber"} | extra
    return plan_meeting(customer, user=user, attendees=Attendees(contacts=[maria], emails=[("it@huber.example",
                                                                                          "IT Huber")]),
                        topics=["Wartungsvertrag", "Neue Drucker"], **values)


def test_planning_queues_one_invitation_through_the_outbox(cast, customer, maria):
    meeting = plan(customer, cast.alice, maria)
    invitation = OutgoingEmail.objects.get()
    assert invitation.calendar_method == "REQUEST" and sorted(invitation.to) == [
        "it@huber.example", "maria.mueller@huber.example"]
    assert meeting.sequence == 0 and meeting.uid.endswith("@draht")
    message = email.message_from_bytes(_build(invitation).message().as_bytes(), policy=email.policy.default)
    parts = {part.get_content_type(): part for part in message.walk()}
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    assert any(p.get_content_type() == "multipart/alternative" for p in message.walk())
    calendar = icalendar.Calendar.from_ical(calendar_part.get_content())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(calendar["method"]) == "REQUEST" and str(event["uid"]) == meeting.uid and event["sequence"] == 0
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    assert str(calendar.walk("VTIMEZONE")[0]["tzid"]) == "Europe/Vienna"
    assert event.decoded("dtstart").tzinfo is not None and str(event["organizer"]).startswith("mailto:")
    attendees = sorted(str(a) for a in event["attendee"])
    assert attendees == ["mailto:it@huber.example", "mailto:maria.mueller@huber.example"]
    assert "Wartungsvertrag" in str(event["description"])


def test_a_change_raises_the_sequence_and_a_cancellation_says_cancel(cast, customer, maria):
    meeting = plan(customer, cast.alice, maria)
    later = meeting.starts_at + datetime.timedelta(hours=1)
    meeting = change_meeting(meeting, user=cast.alice, starts_at=later, ends_at=later + datetime.timedelta(minutes=30))
    assert meeting.sequence == 1
    change_meeting(meeting, user=cast.alice, title=meeting.title)  # nothing changed: nothing sent
    cancelled = cancel_meeting(meeting, user=cast.alice)
    assert cancelled.sequence == 2 and cancelled.status == "cancelled"
    methods = list(OutgoingEmail.objects.order_by("id").values_list("calendar_method", flat=True))
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]
    calendar = icalendar.Calendar.from_ical(OutgoingEmail.objects.latest("id").calendar)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(calendar["method"]) == "CANCEL" and event["sequence"] == 2 and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == meeting.uid
    with pytest.raises(ValidationError):
        cancel_meeting(meeting, user=cast.alice)


def test_a_held_meeting_is_personal_contact_and_its_action_items_carry_forward(cast, customer, maria):
    start = timezone.now() - datetime.timedelta(hours=2)
    first = plan(customer, cast.alice, maria, start=start, invite=False)
    before = customer.last_personal_contact_at
    hold_meeting(first, user=cast.alice, summary="Wartung besprochen", decisions="Angebot bis Freitag",
                 action_items=[("Angebot schicken", cast.alice, timezone.localdate() + datetime.timedelta(days=3)),
                               ("Drucker prüfen", cast.bob, timezone.localdate() + datetime.timedelta(days=5))])
    customer.refresh_from_db()
    first.refresh_from_db()
    assert first.status == "held" and first.interaction.is_personal
    assert first.interaction.channel == "virtual_meeting" and list(first.interaction.contact_persons.all()) == [maria]
    assert customer.last_personal_contact_at == first.starts_at and customer.last_personal_contact_at != before

    second = plan(customer, cast.alice, maria, invite=False)
    recap = recap_of(second)
    assert recap.previous == first and [i.text for i in recap.open_items] == ["Angebot schicken", "Drucker prüfen"]
    offer = ActionItem.objects.get(text="Angebot schicken")
    from draht.meetings.services import complete_action_items

    complete_action_items(customer, [offer.pk], user=cast.alice)
    assert [i.text for i in recap_of(second).open_items] == ["Drucker prüfen"]  # until it is done
    assert [i.text for i in recap_of(first).open_items] == []  # its own items are not its recap
    with pytest.raises(ValidationError):
        hold_meeting(first, user=cast.alice, summary="again")


def test_cancelled_and_no_show_meetings_are_not_personal_contact(cast, customer, maria):
    past = timezone.now() - datetime.timedelta(hours=3)
    mark_no_show(plan(customer, cast.alice, maria, start=past, invite=False), user=cast.alice)
    cancel_meeting(plan(customer, cast.alice, maria, invite=False), user=cast.alice)
    customer.refresh_from_db()
    assert customer.last_personal_contact_at is None and not customer.interactions.exists()


def test_a_meeting_in_the_future_cannot_be_held_and_minutes_are_needed(cast, customer, maria):
    meeting = plan(customer, cast.alice, maria, invite=False)
    with pytest.raises(ValidationError, match="started"):
        hold_meeting(meeting, user=cast.alice, summary="x")
    past = plan(customer, cast.alice, maria, start=timezone.now() - datetime.timedelta(hours=1), invite=False)
    with pytest.raises(ValidationError):
        hold_meeting(past, user=cast.alice, summary="  ")


def test_the_next_meeting_of_a_series_is_proposed_with_the_topics_for_next_time(cast, customer, maria):
    start = datetime.datetime(2026, 3, 23, 10, 0, tzinfo=VIENNA)
    meeting = plan(customer, cast.alice, maria, start=start, rrule="FREQ=WEEKLY", invite=False)
    meeting.agenda.create(section="next", text="Budget 2027")
    following = plan_next_in_series(meeting, user=cast.alice, invite=False)
    assert following.previous == meeting and following.starts_at.astimezone(VIENNA).hour == 10
    assert [a.text for a in following.agenda.all()] == ["Budget 2027"]
    assert following.participants.count() == meeting.participants.count()
    with pytest.raises(ValidationError):
        plan_next_in_series(meeting, user=cast.alice)


def test_a_reply_from_the_attendees_calendar_sets_their_answer(cast, customer, maria):
    meeting = plan(customer, cast.alice, maria)
    reply = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
        "METHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        f"UID:{meeting.uid}\r\nSEQUENCE:0\r\nDTSTAMP:20261202T100000Z\r\n"
        "ATTENDEE;PARTSTAT=ACCEPTED;CN=\"Müller, Maria\":MAILTO:Maria.Mueller@huber.example\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    replies = ical.read_reply(reply)
    assert [(r.attendee, r.attendance) for r in replies] == [("maria.mueller@huber.example", "ACCEPTED")]
    assert apply_reply(replies[0])
    assert meeting.participants.get(contact_person=maria).attendance == "ACCEPTED"
    assert ical.read_reply("not a calendar") == [] and ical.read_reply(reply.replace("REPLY", "REQUEST")) == []


def test_only_those_who_may_log_contact_plan_meetings(cast, customer, maria):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        plan(customer, cast.comms, maria)
    assert not Meeting.objects.exists()


# -- pages, feed ---------------------------------------------------------------------------------------------


def test_planning_on_the_page_warns_as_you_type_and_invites(cast, customer, maria):
    client = client_for(cast.alice)
    page = client.get(f"/meetings/customer/{customer.pk}/new/").content.decode()
    assert 'value="30"' in page and 'hx-post="/meetings/customer/' in page
    form = {"title": "Jahresgespräch", "kind": "virtual", "start": "2027-01-12T10:00", "minutes": "90",
            "time_zone": "Europe/Vienna", "video_url": "https://meet.example/huber", "contacts": [maria.pk],
            "other_emails": "it@huber.example\n", "topics": "Wartung\nDrucker", "rrule": "", "invite": "on"}
    warned = client.post(f"/meetings/customer/{customer.pk}/check/", form).content.decode()
    assert "Longer than 60 minutes" in warned
    response = client.post(f"/meetings/customer/{customer.pk}/new/", form)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at == datetime.datetime(2027, 1, 12, 9, 0, tzinfo=datetime.UTC)
    assert meeting.minutes == 90 and OutgoingEmail.objects.get().calendar_method == "REQUEST"
    detail = client.get(response.url).content.decode()
    assert "Wartung" in detail and "Longer than 60 minutes" in detail and "Maria Müller" in detail
    assert "Jahresgespräch" in client.get(f"/customers/{customer.pk}/").content.decode()


def test_a_time_in_the_dst_gap_is_refused_on_the_page(cast, customer, maria):
    form = {"title": "T", "kind": "onsite", "start": "2027-03-28T02:30", "minutes": "30",
            "time_zone": "Europe/Vienna", "rrule": ""}
    response = client_for(cast.alice).post(f"/meetings/customer/{customer.pk}/new/", form)
    assert response.status_code == 400 and "does not exist in Europe/Vienna" in response.content.decode()
    assert not Meeting.objects.exists()


def test_holding_on_the_page_records_minutes_and_items_for_the_next_recap(cast, customer, maria):
    client = client_for(cast.alice)
    meeting = plan(customer, cast.alice, maria, start=timezone.now() - datetime.timedelta(minutes=40), invite=False)
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(f"/meetings/{meeting.pk}/held/", {
        "summary": "Alles besprochen", "decisions": "", "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0",
        "items-0-text": "Angebot schicken", "items-0-owner": cast.alice.pk, "items-0-due_on": due})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.interaction.is_personal
    following = plan(customer, cast.alice, maria, invite=False)
    page = client.get(f"/meetings/{following.pk}/").content.decode()
    assert "Alles besprochen" in page and "Angebot schicken" in page
    item = ActionItem.objects.get()
    client.post(f"/meetings/{following.pk}/item-done/", {"item": item.pk})
    assert ActionItem.objects.get().done_at is not None
    bad = client.post(f"/meetings/{following.pk}/held/", {"summary": "x", "items-TOTAL_FORMS": "1",
                                                          "items-INITIAL_FORMS": "0", "items-0-text": "ohne"})
    assert bad.status_code == 400  # a future meeting, and an item without owner and date


def test_meeting_pages_check_permissions(cast, customer, maria):
    meeting = plan(customer, cast.alice, maria, invite=False)
    assert client_for(cast.comms).get(f"/meetings/customer/{customer.pk}/new/").status_code == 403
    assert client_for(cast.comms).post(f"/meetings/{meeting.pk}/cancel/").status_code == 403
    assert client_for(cast.comms).get(f"/meetings/{meeting.pk}/").status_code == 200  # seeing is allowed
    assert client_for(cast.alice).get("/meetings/999999/").status_code == 404
    from django.test import Client

    assert Client().get(f"/meetings/{meeting.pk}/").status_code == 302  # to the sign-in


def test_the_private_feed_serves_ics_with_an_etag_and_can_be_revoked(cast, customer, maria):
    import re

    meeting = plan(customer, cast.alice, maria, invite=False)
    client = client_for(cast.alice)
    response = client.post("/meetings/feed/new/", follow=True)
    url = re.search(r"(http://testserver/calendar/[^ <]+\.ics)", response.content.decode()).group(1)
    path = url.removeprefix("http://testserver")
    from django.test import Client

    anonymous = Client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [meeting.uid]
    assert "METHOD" not in calendar and calendar.walk("VTIMEZONE")
    assert anonymous.get(path, headers={"If-None-Match": feed["ETag"]}).status_code == 304
    change_meeting(meeting, user=cast.alice, title="Neuer Titel", invite=False)
    assert anonymous.get(path, headers={"If-None-Match": feed["ETag"]}).status_code == 200
    client.post("/meetings/feed/new/")  # a new address: the old one stops working
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/calendar/guessed.ics").status_code == 404


def test_an_outlook_reply_arriving_by_mail_sets_the_answer(cast, customer, maria):
    from draht.inbox.services import store_email

    meeting = plan(customer, cast.alice, maria)
    raw = (
        "From: \"Müller, Maria\" <maria.mueller@huber.example>\r\nTo: alice@draht.example\r\n"
        "Subject: Akzeptiert: Jahresgespräch\r\nMessage-ID: <reply-1@huber.example>\r\n"
        "Date: Wed, 02 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nAkzeptiert\r\n--b1\r\n"
        "Content-Type: text/calendar; charset=\"utf-8\"; method=REPLY\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + __import__("base64").encodebytes((
            "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n"
            f"BEGIN:VEVENT\r\nUID:{meeting.uid}\r\nSEQUENCE:0\r\nDTSTAMP:20261202T090000Z\r\n"
            "ATTENDEE;PARTSTAT=DECLINED:mailto:maria.mueller@huber.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()).decode().replace("\n", "\r\n") + "--b1--\r\n").encode()
    store_email(raw, source="imap")
    assert meeting.participants.get(contact_person=maria).attendance == "DECLINED"


# -- API -------------------------------------------------------------------------------------------------------


def test_meetings_through_the_api(cast, customer, maria):
    from .conftest import api_for

    api = api_for(cast.alice)
    created = api.post(f"/customers/{customer.pk}/meetings", {
        "title": "Quartalsgespräch", "kind": "onsite", "start": "2027-02-02T09:00", "minutes": 75,
        "contact_person_ids": [maria.pk], "others": [{"email": "IT@huber.example"}], "topics": ["Budget"]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["location"] and body["sequence"] == 0 and len(body["participants"]) == 3
    assert body["warnings"] and "60 minutes" in body["warnings"][0]
    meeting_id = body["id"]
    assert api.get(f"/customers/{customer.pk}/meetings").json()["items"][0]["id"] == meeting_id
    gap = api.post(f"/customers/{customer.pk}/meetings", {"title": "x", "start": "2027-03-28T02:30",
                                                          "video_url": "https://v.example"})
    assert gap.status_code == 400 and "does not exist" in gap.text
    assert api.post(f"/meetings/{meeting_id}/held", {"summary": "zu früh"}).status_code == 400  # not started
    Meeting.objects.filter(pk=meeting_id).update(starts_at=timezone.now() - datetime.timedelta(hours=2),
                                                 ends_at=timezone.now() - datetime.timedelta(hours=1))
    held = api.post(f"/meetings/{meeting_id}/held", {"summary": "Budget freigegeben", "action_items": [
        {"text": "Angebot", "owner_id": cast.alice.pk, "due_on": "2027-02-10"}]})
    assert held.status_code == 200 and held.json()["status"] == "held" and held.json()["interaction_id"]
    following = plan(customer, cast.alice, maria, invite=False)
    recap = api.get(f"/meetings/{following.pk}/recap").json()
    assert recap["previous_meeting_id"] == meeting_id and [i["text"] for i in recap["open_action_items"]] == [
        "Angebot"]
    assert api.post(f"/meetings/{following.pk}/cancel", {}).json()["status"] == "cancelled"
    assert api_for(cast.comms).post(f"/meetings/{following.pk}/cancel", {}).status_code == 403
    assert api.get("/meetings/999999").status_code == 404


def test_minutes_and_action_items_are_in_the_dsgvo_export_and_go_with_the_person(cast, customer, maria):
    from draht.privacy.erasure import erase_person, export_person

    meeting = plan(customer, cast.alice, maria, start=timezone.now() - datetime.timedelta(hours=1), invite=False)
    hold_meeting(meeting, user=cast.alice, summary="Maria Müller wünscht ein Angebot",
                 action_items=[("Angebot an Maria Müller", cast.alice, timezone.localdate())])
    exported = export_person(maria)
    assert exported["meetings"][0]["summary"] == "Maria Müller wünscht ein Angebot"
    assert exported["meetings"][0]["action_items"][0]["text"] == "Angebot an Maria Müller"
    erase_person(maria, user=cast.owner)
    meeting.refresh_from_db()
    assert "Müller" not in meeting.summary and "Maria" not in ActionItem.objects.get().text
    assert not meeting.participants.filter(contact_person__isnull=False).exists()
    assert meeting.participants.filter(email="it@huber.example").exists()  # the others stay


THUNDERBIRD_ICS = """BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:tb-1@example
SUMMARY:Wartungstermin
DTSTART;TZID=Europe/Berlin:20270115T100000
DTEND;TZID=Europe/Berlin:20270115T103000
LOCATION:Hauptstraße 1\\, Wien
ORGANIZER;CN=Alice:mailto:alice@draht.example
ATTENDEE;CN="Maria Müller";PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:Maria.Mueller@huber.example
ATTENDEE;CN=Bob;PARTSTAT=NEEDS-ACTION:MAILTO:bob@draht.example
ATTENDEE;CN=IT Dienstleister;RSVP=TRUE:mailto:it@extern.example
ATTENDEE;CN=Raum 2:urn:uuid:00000000-0000-0000-0000-000000000001
END:VEVENT
BEGIN:VEVENT
UID:tb-2@example
SUMMARY:Kaputt
DTSTART;TZID=Europe/Berlin:2027-01-16 kaputt
END:VEVENT
BEGIN:VEVENT
UID:tb-3@example
SUMMARY:Videocall
DTSTART:20270120T090000Z
DURATION:PT45M
LOCATION:https://meet.example/abc
RRULE:FREQ=WEEKLY;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:tb-4@example
SUMMARY:Betriebsurlaub
DTSTART;VALUE=DATE:20270201
END:VEVENT
END:VCALENDAR
"""


def test_an_ics_file_imports_the_good_events_and_names_the_bad_ones(cast, customer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from draht.accounts.models import User

    User.objects.filter(pk=cast.bob.pk).update(email="bob@draht.example")
    client = client_for(cast.alice)
    preview = client.post(f"/meetings/customer/{customer.pk}/import/",
                          {"file": SimpleUploadedFile("k.ics", THUNDERBIRD_ICS.encode(), "text/calendar")})
    html = preview.content.decode()
    assert preview.status_code == 200 and "2 events can be imported" in html
    assert "Kaputt" in html and "all-day event is not a meeting" in html
    assert not Meeting.objects.exists()  # a preview writes nothing
    import re

    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    client.post(f"/meetings/customer/{customer.pk}/import/", {"payload": payload})
    meetings = {m.title: m for m in Meeting.objects.all()}
    assert set(meetings) == {"Wartungstermin", "Videocall"}
    assert meetings["Wartungstermin"].starts_at == datetime.datetime(2027, 1, 15, 9, 0, tzinfo=datetime.UTC)
    assert meetings["Wartungstermin"].location == "Hauptstraße 1, Wien" and meetings["Wartungstermin"].kind == "onsite"
    assert meetings["Videocall"].kind == "virtual" and meetings["Videocall"].minutes == 45
    assert meetings["Videocall"].rrule == "FREQ=WEEKLY;COUNT=3" and meetings["Videocall"].uid == "tb-3@example"
    people = meetings["Wartungstermin"].participants.all()  # attendees kept: ours, the customer's, others
    assert {p.user for p in people if p.user} == {cast.alice, cast.bob}
    assert [p.contact_person.last_name for p in people if p.contact_person] == ["Müller"]
    assert [(p.email, p.name) for p in people if p.email] == [("it@extern.example", "IT Dienstleister")]
    again = client.post(f"/meetings/customer/{customer.pk}/import/", {"payload": payload}, follow=True)
    assert "2 were in draht already" in again.content.decode()  # again: nothing new
    assert Meeting.objects.count() == 2
    assert not OutgoingEmail.objects.exists()
    tampered = client.post(f"/meetings/customer/{customer.pk}/import/", {"payload": payload[:-4] + "abcd"})
    assert tampered.status_code == 302 and Meeting.objects.count() == 2
    assert client_for(cast.comms).get(f"/meetings/customer/{customer.pk}/import/").status_code == 403


def test_meeting_times_read_as_dates(cast, customer, maria):
    start = datetime.datetime(2027, 1, 15, 9, 0, tzinfo=datetime.UTC)  # a Friday, 10:00 in Vienna
    meeting = plan(customer, cast.alice, maria, start=start, invite=False)
    cast.alice.language = "de"
    cast.alice.save()
    client = client_for(cast.alice)
    assert "Freitag, 15.01.2027 10:00" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + datetime.timedelta(days=1),
                                                 ends_at=timezone.now() + datetime.timedelta(days=1, minutes=30))
    listed = client.get("/meetings/").content.decode()
    assert "CET" not in listed and "+0100" not in listed


def test_an_ics_import_that_fails_halfway_leaves_nothing(cast, customer, monkeypatch):
    """One transaction for the whole import: a failure on the second event takes the first back too."""
    from draht.meetings import ical, services

    events = [e for e in ical.read_events(THUNDERBIRD_ICS, datetime.UTC) if e.values]
    real, calls = services.plan_meeting, []

    def failing_on_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "plan_meeting", failing_on_the_second)
    with pytest.raises(RuntimeError):
        services.import_events(customer, events, user=cast.alice)
    assert not Meeting.objects.exists()
