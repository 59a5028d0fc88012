"""Planning, changing, cancelling and holding meetings: one transaction per action, audited, invitations through
the outbox (queued in the same transaction, so never lost and never sent twice), webhooks emitted inside it."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from draht.accounts import permissions
from draht.timeline.choices import Channel, Direction, Source
from draht.timeline.services import log_interaction
from draht.webhooks.services import emit

from . import ical
from .choices import AgendaSection, MeetingKind, MeetingStatus
from .models import ActionItem, AgendaItem, Meeting, Participant
from .rules import next_start, validate_rrule, warnings, zone

CHANGING = ("title", "kind", "starts_at", "ends_at", "time_zone", "location", "video_url", "presentation_url",
            "rrule")


@dataclass
class Attendees:
    users: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    emails: list = field(default_factory=list)  # (address, name)

    def count(self) -> int:
        return len(self.users) + len(self.contacts) + len(self.emails)


def meeting_warnings(minutes: int, participants: int) -> list[str]:
    return warnings(minutes, participants, max_minutes=settings.DRAHT_MEETING_WARN_MINUTES,
                    max_participants=settings.DRAHT_MEETING_WARN_PARTICIPANTS)


def visible_meetings(user):
    """Meetings of the customers the user may see."""
    from draht.customers.models import Customer

    customers = permissions.visible_customers(user, Customer.objects.all())
    return Meeting.objects.filter(customer__in=customers)


def get_meeting_for(user, pk, *, change: bool = False) -> Meeting:
    """The meeting if the user may see its customer (else 404) and, when asked, plan and hold meetings for it
    (else 403)."""
    from django.http import Http404

    from draht.core.params import object_id

    pk = object_id(pk)
    meeting = Meeting.objects.select_related("customer", "organizer").filter(pk=pk).first() if pk else None
    if meeting is None or not permissions.can_view_customer(user, meeting.customer):
        raise Http404
    if change and not permissions.can_log_contact(user, meeting.customer):
        raise PermissionDenied
    return meeting


def _check(meeting: Meeting) -> None:
    problems = {}
    if meeting.ends_at <= meeting.starts_at:
        problems["ends_at"] = _("The meeting must end after it starts.")
    if meeting.kind == MeetingKind.VIRTUAL and not meeting.video_url and not meeting.location:
        problems["video_url"] = _("A virtual meeting needs its video or screen-share link.")
    try:
        meeting.rrule = validate_rrule(meeting.rrule)
    except ValidationError as exc:
        problems["rrule"] = exc.messages[0]
    if problems:
        raise ValidationError(problems)


def _feeds_changed(meeting: Meeting) -> None:
    """The participants' feeds show the change at once in this process (elsewhere within a minute)."""
    from django.core.cache import cache

    from .models import CalendarFeed

    feeds = list(CalendarFeed.objects.filter(user__meeting_participations__meeting=meeting).values_list(
        "pk", flat=True))
    if feeds:
        keys = [f"draht:feed-etag:{pk}" for pk in feeds]
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))  # and what was read meanwhile


def _payload(meeting: Meeting) -> dict:
    _feeds_changed(meeting)
    return {"id": meeting.pk, "customer_id": meeting.customer_id, "title": meeting.title, "kind": meeting.kind,
            "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "status": meeting.status,
            "sequence": meeting.sequence, "uid": meeting.uid}


def agenda_text(meeting: Meeting) -> str:
    """The agenda as plain text for the invitation: the roter Faden."""
    recap = recap_of(meeting)
    lines = []
    if recap.previous or recap.open_items:
        lines.append("1. " + _("Recap of the last meeting"))
        if recap.previous and recap.previous.summary:
            lines.append("   " + recap.previous.summary.replace("\n", "\n   "))
        lines += [f"   – {item.text} ({item.owner}, {item.due_on.isoformat()})" for item in recap.open_items]
    topics = [a.text for a in meeting.agenda.all() if a.section == AgendaSection.CURRENT]
    if topics:
        lines.append("2. " + _("Current topics"))
        lines += [f"   – {t}" for t in topics]
    upcoming = [a.text for a in meeting.agenda.all() if a.section == AgendaSection.NEXT]
    if upcoming:
        lines.append("3. " + _("Topics and tasks for next time"))
        lines += [f"   – {t}" for t in upcoming]
    return "\n".join(lines)


def _invite(meeting: Meeting, *, user, method: str, note: str = "") -> None:
    """Queue the invitation (or cancellation) to everyone but the organizer who has an address, in the meeting's
    transaction."""
    from draht.outbox.services import queue_email

    participants = list(meeting.participants.select_related("user", "contact_person"))
    to = list(dict.fromkeys(p.address.lower() for p in participants
                            if p.address and p.user_id != meeting.organizer_id))
    if not to:
        return
    when = timezone.localtime(meeting.starts_at, zone(meeting.time_zone)).strftime("%d.%m.%Y %H:%M")
    if method == "CANCEL":
        subject = _("Cancelled: %(title)s (%(when)s)") % {"title": meeting.title, "when": when}
        body = _("The meeting “%(title)s” on %(when)s is cancelled.") % {"title": meeting.title, "when": when}
    else:
        subject = (_("Invitation: %(title)s (%(when)s)") if meeting.sequence == 0 else
                   _("Changed: %(title)s (%(when)s)")) % {"title": meeting.title, "when": when}
        body = "\n\n".join(filter(None, [
            _("%(title)s, %(when)s (%(zone)s), %(minutes)s minutes.") % {
                "title": meeting.title, "when": when, "zone": meeting.time_zone, "minutes": meeting.minutes},
            meeting.location, meeting.video_url, meeting.presentation_url, agenda_text(meeting), note,
            "{signature}"]))
    person = next((p.contact_person for p in participants if p.contact_person_id), None)
    queue_email(meeting.customer, user=user, to=to, subject=subject, body=body, contact_person=person,
                calendar=(method, ical.invitation(meeting, method, agenda_text(meeting))))


def _set_participants(meeting: Meeting, attendees: Attendees) -> None:
    meeting.participants.all().delete()
    rows = [Participant(meeting=meeting, user=meeting.organizer)]
    rows += [Participant(meeting=meeting, user=u) for u in attendees.users if u.pk != meeting.organizer_id]
    rows += [Participant(meeting=meeting, contact_person=p) for p in attendees.contacts]
    rows += [Participant(meeting=meeting, email=address.lower(), name=name) for address, name in attendees.emails]
    Participant.objects.bulk_create(rows)


def _set_agenda(meeting: Meeting, current: list[str], upcoming: list[str]) -> None:
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, section=AgendaSection.CURRENT, text=t[:300], position=i)
         for i, t in enumerate(current) if t.strip()]
        + [AgendaItem(meeting=meeting, section=AgendaSection.NEXT, text=t[:300], position=i)
           for i, t in enumerate(upcoming) if t.strip()])


@transaction.atomic
def plan_meeting(customer, *, user, attendees: Attendees, topics=(), next_topics=(), invite=True,
                 previous: Meeting | None = None, invitation_note: str = "", **fields) -> Meeting:
    """A new meeting with its participants and agenda; invitations queued when asked."""
    if not permissions.can_log_contact(user, customer):
        raise PermissionDenied
    if fields.get("kind") == MeetingKind.ONSITE and not fields.get("location"):
        fields["location"] = ", ".join(filter(None, [customer.street.replace("\n", ", "),
                                                      f"{customer.postal_code} {customer.city}".strip()]))
    meeting = Meeting(customer=customer, organizer=fields.pop("organizer", None) or user, created_by=user,
                      previous=previous, **fields)
    _check(meeting)
    meeting.save()
    _set_participants(meeting, attendees)
    _set_agenda(meeting, list(topics), list(next_topics))
    customer.log_action("draht.meeting.planned", user=user, obj=meeting,
                        data={"title": meeting.title, "starts_at": meeting.starts_at.isoformat()})
    emit("meeting.created", _payload(meeting))
    if invite:
        _invite(meeting, user=user, method="REQUEST", note=invitation_note)
    return meeting


@transaction.atomic
def change_meeting(meeting: Meeting, *, user, attendees: Attendees | None = None, topics=None, next_topics=None,
                   invite=True, **fields) -> Meeting:
    """Change time, place or people: SEQUENCE rises and the changed invitation goes out."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."), code="not_planned")
    changes = {}
    for key, value in fields.items():
        if key in CHANGING and getattr(meeting, key) != value:
            changes[key] = [str(getattr(meeting, key)), str(value)]
            setattr(meeting, key, value)
    _check(meeting)
    if attendees is not None:
        _set_participants(meeting, attendees)
        changes["participants"] = attendees.count()
    if topics is not None or next_topics is not None:
        _set_agenda(meeting, list(topics or []), list(next_topics or []))
        changes["agenda"] = True
    if not changes:
        return meeting
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    meeting.customer.log_action("draht.meeting.changed", user=user, obj=meeting, data={"changes": changes})
    emit("meeting.changed", _payload(meeting))
    if invite:
        _invite(meeting, user=user, method="REQUEST")
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, user, reason: str = "") -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."), code="not_planned")
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    meeting.customer.log_action("draht.meeting.cancelled", user=user, obj=meeting, data={"reason": reason[:300]})
    emit("meeting.cancelled", _payload(meeting))
    _invite(meeting, user=user, method="CANCEL")
    return meeting


@transaction.atomic
def hold_meeting(meeting: Meeting, *, user, summary: str, decisions: str = "",
                 action_items=(), done_item_ids=(), ask_feedback: bool = True) -> Meeting:
    """The meeting took place: minutes, decisions, new action items (text, owner, due date), items from earlier
    meetings that are now done. A timeline entry records it as personal contact in the same transaction (the
    customer's last personal contact moves with it)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("customer").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("This meeting is already %(status)s.") % {"status": meeting.get_status_display()},
                              code="not_planned")
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("A meeting can be marked held once it has started."), code="not_started")
    if not summary.strip():
        raise ValidationError({"summary": [_("Write the minutes: what was discussed?")]})
    meeting.status = MeetingStatus.HELD
    meeting.summary, meeting.decisions = summary.strip(), decisions.strip()
    meeting.updated_at = timezone.now()
    people = [p.contact_person for p in meeting.participants.select_related("contact_person")
              if p.contact_person_id]
    users = [p.user for p in meeting.participants.select_related("user") if p.user_id]
    meeting.interaction = log_interaction(
        meeting.customer, user=user, channel=Channel.VIRTUAL_MEETING if meeting.kind == MeetingKind.VIRTUAL
        else Channel.ONSITE_MEETING, direction=Direction.OUTBOUND, is_personal=True, occurred_at=meeting.starts_at,
        duration_seconds=meeting.minutes * 60, subject=meeting.title,
        body="\n\n".join(filter(None, [meeting.summary, meeting.decisions])), source=Source.MEETING,
        source_ref=meeting.uid, contact_persons=people, users=users)
    meeting.save()
    ActionItem.objects.bulk_create([ActionItem(customer=meeting.customer, meeting=meeting, text=text[:300],
                                               owner=owner, due_on=due_on)
                                    for text, owner, due_on in action_items if text.strip()])
    if done_item_ids:
        complete_action_items(meeting.customer, done_item_ids, user=user)
    meeting.customer.log_action("draht.meeting.held", user=user, obj=meeting,
                                data={"action_items": len(action_items)})
    from draht.service.feedback import ask

    rated = next((p for p in people if p.email), None)
    if ask_feedback:
        ask(meeting.customer, agent=meeting.organizer, email=rated.email if rated else meeting.customer.email,
            what=meeting.title, meeting=meeting, contact_person=rated)
    emit("meeting.changed", _payload(meeting))
    return meeting


@transaction.atomic
def mark_no_show(meeting: Meeting, *, user) -> Meeting:
    """Nobody came: recorded, and not personal contact."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as a no-show."), code="not_planned")
    meeting.status = MeetingStatus.NO_SHOW
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=["status", "updated_at"])
    meeting.customer.log_action("draht.meeting.no_show", user=user, obj=meeting)
    emit("meeting.changed", _payload(meeting))
    return meeting


def complete_action_items(customer, ids, *, user) -> int:
    now = timezone.now()
    done = ActionItem.objects.filter(customer=customer, pk__in=list(ids), done_at__isnull=True).update(
        done_at=now, done_by=user)
    if done:
        customer.log_action("draht.meeting.action_items_done", user=user, data={"count": done})
    return done


@dataclass
class Recap:
    previous: Meeting | None
    open_items: list


def recap_of(meeting: Meeting) -> Recap:
    """Part one of the agenda: the last held meeting with this customer before this one, and every action item
    agreed before this meeting that is still open — they carry forward by themselves until done."""
    previous = (Meeting.objects.filter(customer_id=meeting.customer_id, status=MeetingStatus.HELD,
                                       starts_at__lt=meeting.starts_at).exclude(pk=meeting.pk)
                .order_by("-starts_at", "-id").first())
    items = (ActionItem.objects.filter(customer_id=meeting.customer_id, meeting__starts_at__lt=meeting.starts_at)
             .filter(Q(done_at__isnull=True) | Q(done_at__gte=meeting.starts_at))  # open when this one began
             .exclude(meeting=meeting).select_related("owner", "meeting"))
    return Recap(previous, list(items))


def propose_next(meeting: Meeting) -> dict | None:
    """For a series: the next meeting's start, end and title (the carried-forward items come by themselves)."""
    start = next_start(meeting.rrule, meeting.starts_at, meeting.time_zone)
    if start is None:
        return None
    return {"starts_at": start, "ends_at": start + (meeting.ends_at - meeting.starts_at), "title": meeting.title}


@transaction.atomic
def plan_next_in_series(meeting: Meeting, *, user, invite=True) -> Meeting:
    proposal = propose_next(meeting)
    if proposal is None:
        raise ValidationError(_("This meeting does not repeat."), code="no_series")
    if Meeting.objects.filter(previous=meeting).exists():
        raise ValidationError(_("The next meeting of this series is planned already."), code="planned")
    attendees = Attendees(
        users=[p.user for p in meeting.participants.select_related("user") if p.user_id],
        contacts=[p.contact_person for p in meeting.participants.select_related("contact_person")
                  if p.contact_person_id],
        emails=[(p.email, p.name) for p in meeting.participants.all() if p.email])
    next_topics = [a.text for a in meeting.agenda.all() if a.section == AgendaSection.NEXT]
    return plan_meeting(meeting.customer, user=user, attendees=attendees, topics=next_topics, invite=invite,
                        previous=meeting, kind=meeting.kind, time_zone=meeting.time_zone, location=meeting.location,
                        video_url=meeting.video_url, presentation_url=meeting.presentation_url, rrule=meeting.rrule,
                        organizer=meeting.organizer, **proposal)


def apply_reply(reply: "ical.Reply") -> bool:
    """An attendee's answer (iTIP REPLY from their calendar) sets their status; an answer to an older version of
    the meeting (lower SEQUENCE) still counts, as calendar programs do."""
    meeting = Meeting.objects.filter(uid=reply.uid).first()
    if meeting is None:
        return False
    matched = Participant.objects.filter(meeting=meeting).filter(
        Q(email__iexact=reply.attendee) | Q(contact_person__email__iexact=reply.attendee)
        | Q(user__email__iexact=reply.attendee))
    updated = matched.update(attendance=reply.attendance)
    if updated:
        meeting.customer.log_action("draht.meeting.answered", obj=meeting,
                                    data={"attendee": reply.attendee, "answer": reply.attendance})
    return bool(updated)


def _known_attendees(customer, listed) -> Attendees:
    """An imported event's attendees: our users and the customer's contact persons by their address, everyone
    else as an address with a name (nobody invited is lost)."""
    from draht.accounts.models import User

    if not listed:
        return Attendees()
    users = {u.email.lower(): u for u in User.objects.filter(is_active=True).exclude(email="")}  # a few dozen
    people = {p.email.lower(): p for p in customer.contact_persons.filter(is_active=True).exclude(email="")}
    attendees = Attendees()
    for address, name in listed:
        if address in users:
            attendees.users.append(users[address])
        elif address in people:
            attendees.contacts.append(people[address])
        else:
            attendees.emails.append((address, name))
    return attendees


@transaction.atomic
def import_events(customer, events, *, user) -> tuple[int, int]:
    """Meetings from the readable events of an uploaded .ics file (no invitations); an event whose UID is in draht
    already is skipped, so a second upload adds nothing. Returns (created, skipped)."""
    created = skipped = 0
    for event in events:
        if not event.values:
            continue
        values = dict(event.values)
        uid = values.pop("uid", "")
        if uid and Meeting.objects.filter(uid=uid).exists():
            skipped += 1
            continue
        meeting = plan_meeting(customer, user=user, attendees=_known_attendees(customer, values.pop("attendees", [])),
                               invite=False, time_zone=user.timezone, **values)
        if uid:
            Meeting.objects.filter(pk=meeting.pk).update(uid=uid)
        created += 1
    return created, skipped


def apply_calendar_replies(raw: bytes) -> int:
    """The attendee answers in a received e-mail's text/calendar (or .ics) parts; how many were applied."""
    import email
    import email.policy

    if b"text/calendar" not in raw.lower() and b"application/ics" not in raw.lower():
        return 0
    applied = 0
    for part in email.message_from_bytes(raw, policy=email.policy.compat32).walk():
        if part.get_content_type() in ("text/calendar", "application/ics"):
            payload = part.get_payload(decode=True) or b""
            applied += sum(apply_reply(reply) for reply in ical.read_reply(payload))
    return applied


def upcoming_for(user, *, days: int = 60):
    now = timezone.now()
    return (visible_meetings(user).filter(participants__user=user, starts_at__gte=now - datetime.timedelta(hours=12),
                                          starts_at__lte=now + datetime.timedelta(days=days))
            .select_related("customer").distinct().order_by("starts_at", "id"))
