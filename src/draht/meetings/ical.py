"""Meetings as iCalendar (RFC 5545) and iTIP (RFC 5546), built and read with the `icalendar` library: invitations
(METHOD:REQUEST / CANCEL) that Outlook, Google, Apple Calendar and Thunderbird accept, replies (METHOD:REPLY), and
the private feed."""

import datetime
from dataclasses import dataclass

import icalendar
from django.utils import timezone

from .rules import zone

PRODID = "-//draht//draht meetings//DE"


def _address(email: str, name: str = "", **params) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    address.params.update(params)
    return address


def _event(meeting, *, method: str | None, agenda_text: str = "") -> icalendar.Event:
    tz = meeting.time_zone
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone(tz)))
    event.add("dtend", meeting.ends_at.astimezone(zone(tz)))
    event.add("summary", meeting.title)
    if meeting.location or meeting.video_url:
        event.add("location", meeting.location or meeting.video_url)
    if meeting.video_url:
        event.add("url", meeting.video_url)
    description = "\n".join(filter(None, [agenda_text, meeting.video_url, meeting.presentation_url]))
    if description:
        event.add("description", description)
    cancelled = method == "CANCEL" or meeting.status == "cancelled"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = meeting.organizer
    event.add("organizer", _address(organizer.email or "noreply@draht.invalid",
                                    organizer.get_full_name() or organizer.username))
    for participant in meeting.participants.all():
        if participant.user_id == organizer.pk or not participant.address:
            continue
        event.add("attendee", _address(participant.address, participant.display_name, ROLE="REQ-PARTICIPANT",
                                       PARTSTAT=participant.attendance, RSVP="TRUE", CUTYPE="INDIVIDUAL"))
    if meeting.rrule and not cancelled:
        event.add("rrule", icalendar.vRecur.from_ical(meeting.rrule))
    return event


def _calendar(method: str | None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def invitation(meeting, method: str, agenda_text: str = "") -> str:
    """One meeting as an iTIP message: REQUEST (new or changed) or CANCEL, with the VTIMEZONE of its zone."""
    calendar = _calendar(method)
    calendar.add_component(_event(meeting, method=method, agenda_text=agenda_text))
    start = meeting.starts_at.date()
    calendar.add_missing_timezones(first_date=start - datetime.timedelta(days=366),
                                   last_date=start + datetime.timedelta(days=3 * 366))
    return calendar.to_ical().decode()


def feed(meetings, name: str) -> bytes:
    """A user's meetings as a subscribable calendar (no METHOD: it is a published calendar, not a message)."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", icalendar.vDuration(datetime.timedelta(minutes=15)))
    for meeting in meetings:
        calendar.add_component(_event(meeting, method=None))
    calendar.add_missing_timezones(first_date=datetime.date.today() - datetime.timedelta(days=800),
                                   last_date=datetime.date.today() + datetime.timedelta(days=800))
    return calendar.to_ical()


@dataclass
class Reply:
    uid: str
    sequence: int
    attendee: str  # e-mail address, lower case
    attendance: str  # PARTSTAT


def read_reply(data: bytes | str) -> list[Reply]:
    """The attendee answers in an iTIP REPLY (Outlook, Google and Apple send one when someone accepts or
    declines); [] for anything else or anything unreadable."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        return []
    if str(calendar.get("method", "")).upper() != "REPLY":
        return []
    replies = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("attendee")
        attendees = attendees if isinstance(attendees, list) else [attendees] if attendees else []
        for attendee in attendees:
            address = str(attendee).lower().removeprefix("mailto:").strip()
            status = str(attendee.params.get("PARTSTAT", "")).upper()
            if address and status in ("ACCEPTED", "TENTATIVE", "DECLINED", "NEEDS-ACTION"):
                replies.append(Reply(str(event.get("uid", "")), int(event.get("sequence", 0) or 0), address, status))
    return replies


@dataclass
class ImportedEvent:
    number: int
    title: str
    values: dict  # fields for plan_meeting, empty when the event cannot be taken
    problem: str = ""


def _attendees(event, limit: int = 100) -> list[tuple[str, str]]:
    """(address, name) of the event's ATTENDEE lines that carry an e-mail address, each address once."""
    listed = event.get("attendee") or []
    found, seen = [], set()
    for attendee in listed if isinstance(listed, list) else [listed]:
        address = str(attendee).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        address = address.strip().lower()
        if "@" not in address or len(address) > 254 or address in seen or any(c in address for c in " <>,;\r\n"):
            continue
        seen.add(address)
        name = str(getattr(attendee, "params", {}).get("CN", "")).strip().strip('"')[:200]
        found.append((address, name))
    return found[:limit]


def read_events(text: str, default_zone) -> list[ImportedEvent]:
    """The events of an uploaded .ics file, each read on its own (one broken event is named by its number and
    title; the others are taken), as meeting fields. Times without a zone are read in `default_zone`."""
    import re

    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .rules import validate_rrule

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n[ \t]", "", text)  # unfold
    timezones = "\n".join(re.findall(r"^BEGIN:VTIMEZONE$.*?^END:VTIMEZONE$", text, re.M | re.S))
    blocks = re.findall(r"^BEGIN:VEVENT$.*?^END:VEVENT$", text, re.M | re.S)
    found = []
    for number, block in enumerate(blocks, 1):
        title = (re.search(r"^SUMMARY[^:\n]*:(.*)$", block, re.M) or [None, ""])[1].strip()[:200]
        try:
            calendar = icalendar.Calendar.from_ical(f"BEGIN:VCALENDAR\nVERSION:2.0\n{timezones}\n{block}\n"
                                                    "END:VCALENDAR\n")
            event = next(iter(calendar.walk("VEVENT")))
            start = event.decoded("dtstart")
            if not isinstance(start, datetime.datetime):
                raise ValueError(_("an all-day event is not a meeting"))
            start = start if start.tzinfo else start.replace(tzinfo=default_zone)
            if "dtend" in event:
                end = event.decoded("dtend")
                end = end if end.tzinfo else end.replace(tzinfo=default_zone)
            else:
                end = start + (event.decoded("duration") if "duration" in event else datetime.timedelta(minutes=30))
            if end <= start:
                raise ValueError(_("it ends before it starts"))
            location = str(event.get("location", "")).strip()[:300]
            link = str(event.get("url", "")).strip()
            if not link and location.startswith(("http://", "https://")):
                link, location = location, ""
            rule = event.get("rrule")
            values = {"title": str(event.get("summary", "")).strip()[:200] or _("Meeting"), "starts_at": start,
                      "ends_at": end, "location": location, "video_url": link[:500] if link else "",
                      "kind": "virtual" if link and not location else "onsite",
                      "rrule": validate_rrule(rule.to_ical().decode()) if rule else "",
                      "uid": str(event.get("uid", "")).strip()[:255], "attendees": _attendees(event)}
            found.append(ImportedEvent(number, values["title"], values))
        except ValidationError as exc:
            found.append(ImportedEvent(number, title, {}, exc.messages[0]))
        except (ValueError, KeyError, StopIteration, TypeError) as exc:
            found.append(ImportedEvent(number, title, {}, str(exc) or _("this event cannot be read")))
    return found
