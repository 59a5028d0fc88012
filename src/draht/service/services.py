"""Tickets: open with an owner by rule, hand over with a reason (two people at once: one wins), the status
workflow with pauses while waiting for the customer, targets in business hours. One transaction per action,
audited, on the customer's timeline."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from draht.accounts import permissions
from draht.accounts.choices import Role
from draht.accounts.models import User
from draht.meetings.rules import zone
from draht.timeline.choices import Channel, Direction, Source
from draht.timeline.services import log_interaction
from draht.webhooks.services import emit

from .choices import OPEN_STATUSES, Availability, TicketKind, TicketStatus
from .models import AgentStatus, Handover, Ticket, TicketCall
from .rules import add_business_minutes, may_change, parse_business_hours, targets

HANDLE_TICKETS = {Role.OWNER, Role.MANAGER, Role.ACCOUNT_MANAGER, Role.AGENT}


class TakenMeanwhile(Exception):
    """Somebody else changed the ticket's owner since the page was loaded."""


def can_handle_tickets(user) -> bool:
    return user.is_authenticated and user.role in HANDLE_TICKETS


# Written out, not bound as parameters: SQLite uses a partial index only when the query repeats its condition
# literally (ticket_owner_open and ticket_open; with parameters it scans the table).
OPEN_SQL = "service_ticket.status IN ('new', 'open', 'waiting')"


def open_only(tickets):
    """The open tickets of a queryset, so that the partial indexes serve the lists."""
    return tickets.extra(where=[OPEN_SQL])  # noqa: S610 - a constant, no input


def visible_tickets(user):
    """Tickets of the customers the user may see; without team visibility (or for owners and managers) all of
    them, without a join to the customers (the work list's query stays on the ticket indexes)."""
    if user.role in (Role.OWNER, Role.MANAGER) or not settings.DRAHT_TEAM_VISIBILITY:
        return Ticket.objects.all()
    if user.team_id is None:
        return Ticket.objects.filter(customer__owner=user)
    return Ticket.objects.filter(customer__team_id=user.team_id)


def get_ticket_for(user, pk) -> Ticket:
    from django.http import Http404

    from draht.core.params import object_id

    if not can_handle_tickets(user):
        raise PermissionDenied
    pk = object_id(pk)
    ticket = visible_tickets(user).select_related("customer", "owner", "contact_person").filter(pk=pk).first() \
        if pk else None
    if ticket is None:
        raise Http404
    return ticket


def _rules():
    return {"hours": parse_business_hours(settings.DRAHT_SERVICE_HOURS), "zone": zone(settings.TIME_ZONE),
            "region": settings.DRAHT_SERVICE_HOLIDAY_REGION}


def _pauses(ticket: Ticket):
    return [(datetime.datetime.fromisoformat(a), datetime.datetime.fromisoformat(b)) for a, b in ticket.pauses]


def set_due_dates(ticket: Ticket) -> None:
    """The answer and solution deadlines from the opening time, the tier and priority targets, business hours
    and every pause so far."""
    first, resolve = targets(ticket.customer.tier, ticket.priority)
    rules = _rules() | {"pauses": _pauses(ticket)}
    ticket.first_response_due = add_business_minutes(ticket.created_at, first, **rules)
    ticket.resolution_due = add_business_minutes(ticket.created_at, resolve, **rules)


def available_agents():
    """Agents who work now (office or home office), fewest open tickets first, then longest without one."""
    away = AgentStatus.objects.filter(availability=Availability.AWAY).values("user_id")
    return (User.objects.filter(role=Role.AGENT, is_active=True).exclude(pk__in=away)
            .annotate(open_tickets=Count("tickets", filter=Q(tickets__status__in=OPEN_STATUSES)))
            .order_by("open_tickets", "id"))


def is_away(user) -> bool:
    return AgentStatus.objects.filter(user=user, availability=Availability.AWAY).exists()


def _rule_owner(rule, customer):
    """The person an assignment rule names for this customer, or None when they are away (or nobody works)."""
    from .models import AssignmentRule

    if rule.target == AssignmentRule.OWNER:
        person = customer.owner
    elif rule.target == AssignmentRule.PERSON:
        person = rule.person
    else:
        return available_agents().filter(team_id=rule.team_id).first()
    return person if person.is_active and can_handle_tickets(person) and not is_away(person) else None


def owner_by_rule(customer, kind: str, fallback):
    """The owner of a new ticket and why. The assignment rules first (the first that fits and gives somebody
    working); then complaints to the customer's own account manager when they are working (seed 003: clear
    responsibility); everything else round-robin to the agent with the fewest open tickets; nobody working: the
    person who opens it."""
    from .models import AssignmentRule
    from .rules import assignment_rules_for

    rules = AssignmentRule.objects.select_related("person")
    for rule in assignment_rules_for(rules, kind=kind, country=customer.country, subdivision=customer.subdivision):
        person = _rule_owner(rule, customer)
        if person is not None:
            return person, _("rule “%(rule)s”") % {"rule": rule.name}
    if kind == TicketKind.COMPLAINT and customer.owner.is_active and not is_away(customer.owner):
        return customer.owner, _("complaint: to the customer's account manager")
    agent = available_agents().first()
    if agent is not None:
        return agent, _("to the agent with the fewest open tickets")
    return fallback, _("nobody available: to the person who opened it")


@transaction.atomic
def open_ticket(customer, *, user, subject: str, kind=TicketKind.INQUIRY, priority="normal",
                channel=Channel.PHONE, description="", contact_person=None, owner=None) -> Ticket:
    if not can_handle_tickets(user) or not permissions.can_view_customer(user, customer):
        raise PermissionDenied
    reason = _("chosen when it was opened")
    if owner is None:
        owner, reason = owner_by_rule(customer, kind, user)
    elif is_away(owner):
        raise ValidationError({"owner": [_("%(name)s is away.") % {"name": owner}]})
    ticket = Ticket(customer=customer, contact_person=contact_person, kind=kind, priority=priority, channel=channel,
                    subject=subject.strip()[:300], description=description, owner=owner, created_by=user)
    set_due_dates(ticket)
    ticket.save()
    Handover.objects.create(ticket=ticket, from_user=None, to_user=owner, by=user, reason=reason)
    log_interaction(customer, user=user, channel=Channel.TICKET, direction=Direction.INBOUND, is_personal=False,
                    subject=subject[:300], body=description, source=Source.TICKET, source_ref=str(ticket.pk),
                    contact_persons=[contact_person] if contact_person else [])
    customer.log_action("draht.ticket.opened", user=user, obj=ticket,
                        data={"kind": kind, "priority": priority, "owner": owner.pk})
    emit("ticket.created", _payload(ticket))
    return ticket


@transaction.atomic
def hand_over(ticket: Ticket, *, to_user, by, reason: str, expected_owner_id: int) -> Ticket:
    """Give the ticket to someone else, with a reason. The owner must still be the one the page showed: two
    people taking it at once, one wins and the other is told (TakenMeanwhile)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why: the next person needs to know.")]})
    if not can_handle_tickets(to_user) or not to_user.is_active:
        raise ValidationError({"to_user": [_("%(name)s cannot own tickets.") % {"name": to_user}]})
    if is_away(to_user):
        raise ValidationError({"to_user": [_("%(name)s is away.") % {"name": to_user}]})
    changed = Ticket.objects.filter(pk=ticket.pk, owner_id=expected_owner_id).update(
        owner=to_user, version=F("version") + 1)
    if not changed:
        raise TakenMeanwhile
    Handover.objects.create(ticket=ticket, from_user_id=expected_owner_id, to_user=to_user, by=by,
                            reason=reason.strip()[:300])
    ticket.customer.log_action("draht.ticket.handed_over", user=by, obj=ticket,
                               data={"from": expected_owner_id, "to": to_user.pk, "reason": reason[:300]})
    ticket.refresh_from_db()
    emit("ticket.changed", _payload(ticket))
    return ticket


def take(ticket: Ticket, *, user, expected_owner_id: int) -> Ticket:
    return hand_over(ticket, to_user=user, by=user, reason=_("taken over"), expected_owner_id=expected_owner_id)


@transaction.atomic
def change_status(ticket: Ticket, *, to: str, user, now=None) -> Ticket:
    """Move along the workflow; waiting pauses the clocks, leaving it moves the deadlines by the pause."""
    now = now or timezone.now()
    ticket = (Ticket.objects.select_for_update(of=("self",)).select_related("customer", "contact_person", "owner")
              .get(pk=ticket.pk))
    if not may_change(ticket.status, to):
        raise ValidationError(_("A ticket that is %(current)s cannot become %(wanted)s.") % {
            "current": ticket.get_status_display(), "wanted": TicketStatus(to).label})
    if ticket.status == TicketStatus.WAITING:
        ticket.pauses = [*ticket.pauses, [ticket.waiting_since.isoformat(), now.isoformat()]]
        ticket.waiting_since = None
        set_due_dates(ticket)
    if to == TicketStatus.WAITING:
        ticket.waiting_since = now
    if ticket.first_response_at is None and to != TicketStatus.NEW:
        ticket.first_response_at = now
    if to == TicketStatus.SOLVED:
        ticket.solved_at = now
        from .feedback import ask

        person = ticket.contact_person
        ask(ticket.customer, agent=ticket.owner, email=(person.email if person else "") or ticket.customer.email,
            what=ticket.subject, ticket=ticket, contact_person=person)
    elif to == TicketStatus.OPEN:
        ticket.solved_at = None
    previous = ticket.status
    ticket.status = to
    ticket.version += 1
    ticket.save()
    ticket.customer.log_action("draht.ticket.status", user=user, obj=ticket, data={"from": previous, "to": to})
    emit("ticket.changed", _payload(ticket))
    return ticket


def _payload(ticket: Ticket) -> dict:
    return {"id": ticket.pk, "customer_id": ticket.customer_id, "kind": ticket.kind, "priority": ticket.priority,
            "status": ticket.status, "owner_id": ticket.owner_id, "subject": ticket.subject}


def soon_limit(now=None) -> datetime.datetime:
    """Two business hours from now: a deadline before it is "soon" (computed once per list)."""
    return add_business_minutes(now or timezone.now(), 120, **_rules())


def breach_state(ticket: Ticket, now=None, soon=None) -> str:
    """"breached", "soon" (within two business hours of a deadline) or "" for an open ticket."""
    if ticket.status not in OPEN_STATUSES or ticket.status == TicketStatus.WAITING:
        return ""
    now = now or timezone.now()
    due = ticket.first_response_due if ticket.first_response_at is None else ticket.resolution_due
    if due <= now:
        return "breached"
    if (soon or soon_limit(now)) >= due:
        return "soon"
    return ""


WARN_BATCH = 500


def tickets_to_warn(now: datetime.datetime, horizon: datetime.timedelta, *, unwarned: bool = True):
    """Open tickets (not waiting) whose next deadline falls before now + horizon (and, by default, whose owner was
    not warned yet)."""
    active = Ticket.objects.filter(status__in=[TicketStatus.NEW, TicketStatus.OPEN])
    if unwarned:
        active = active.filter(breach_warned_at__isnull=True)
    return active.filter(deadline_before(now + horizon))


def deadline_before(until: datetime.datetime) -> Q:
    """The ticket's next deadline (the answer while unanswered, else the solution) falls before `until`."""
    return Q(first_response_at__isnull=True, first_response_due__lte=until) | Q(resolution_due__lte=until)


def warn_breaches(now: datetime.datetime | None = None) -> int:
    """Every 15 minutes: each owner gets one e-mail about their tickets close to or past a target, once per
    ticket (claimed with a conditional UPDATE, so two workers never warn twice; given back if the mail server
    cannot be reached)."""
    import smtplib
    from itertools import groupby

    from draht.outbox.services import AcceptanceUnknown, smtp_send

    now = now or timezone.now()
    warned = 0
    while True:
        candidates = list(tickets_to_warn(now, datetime.timedelta(hours=2)).order_by("owner_id", "id")
                          .values_list("owner_id", "pk")[:WARN_BATCH])
        if not candidates:
            return warned
        for _owner_id, rows in groupby(candidates, key=lambda row: row[0]):
            ids = [pk for _owner, pk in rows]
            if not Ticket.objects.filter(pk__in=ids, breach_warned_at=None).update(breach_warned_at=now):
                continue
            tickets = list(Ticket.objects.filter(pk__in=ids, breach_warned_at=now).select_related("owner",
                                                                                                   "customer"))
            owner = tickets[0].owner
            warned += len(tickets)
            if not owner.email or not owner.is_active:
                continue
            try:
                smtp_send(breach_email(owner, tickets))
            except AcceptanceUnknown:
                pass
            except (OSError, smtplib.SMTPException):
                Ticket.objects.filter(pk__in=ids, breach_warned_at=now).update(breach_warned_at=None)
                warned -= len(tickets)
                return warned  # the mail server is down: the next run tries again
        if len(candidates) < WARN_BATCH:
            return warned


def breach_email(owner, tickets):
    from django.core.mail import EmailMessage
    from django.utils import formats, translation

    with translation.override(owner.language):
        lines = []
        for ticket in tickets:
            due = ticket.first_response_due if ticket.first_response_at is None else ticket.resolution_due
            what = _("answer") if ticket.first_response_at is None else _("solution")
            lines.append(f"- {ticket.subject} ({ticket.customer.name}): {what} "
                         f"{formats.date_format(timezone.localtime(due), 'SHORT_DATETIME_FORMAT')}\n"
                         f"  {settings.DRAHT_BASE_URL}/tickets/{ticket.pk}/")
        subject = _("Tickets close to their target: %(count)s") % {"count": len(tickets)}
        body = _("These tickets reach their target soon or have passed it:") + "\n\n" + "\n".join(lines)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[owner.email],
                        headers={"Auto-Submitted": "auto-generated"})


def request_goodwill(ticket: Ticket, *, user, amount, purchase_date: datetime.date):
    """Ask for a goodwill gesture: the policy's first fitting rule grants, declines or sends it to a manager (no
    rule fits: a manager decides). Raises ValidationError naming the field."""
    import decimal

    from .models import GoodwillRequest, GoodwillRule
    from .rules import goodwill_rule

    problems = {}
    try:
        amount = decimal.Decimal(str(amount)).quantize(decimal.Decimal("0.01"))
        if not decimal.Decimal("0") < amount <= decimal.Decimal("100000"):
            raise decimal.InvalidOperation
    except (decimal.InvalidOperation, ValueError):
        problems["amount"] = [_("Give an amount above 0 and at most 100,000 EUR.")]
    if not isinstance(purchase_date, datetime.date) or purchase_date > timezone.localdate():
        problems["purchase_date"] = [_("The purchase date cannot be in the future.")]
    if problems:
        raise ValidationError(problems)
    age = (timezone.localdate() - purchase_date).days
    rule = goodwill_rule(GoodwillRule.objects.all(), kind=ticket.kind, tier=ticket.customer.tier, amount=amount,
                         age_days=age)
    state = {None: GoodwillRequest.PENDING, GoodwillRule.GRANT: GoodwillRequest.GRANTED,
             GoodwillRule.APPROVAL: GoodwillRequest.PENDING, GoodwillRule.DECLINE: GoodwillRequest.DECLINED}[
        rule.decision if rule else None]
    with transaction.atomic():
        request = GoodwillRequest.objects.create(
            ticket=ticket, amount=amount, purchase_date=purchase_date, rule=rule, rule_name=rule.name if rule else "",
            state=state, requested_by=user,
            decided_at=timezone.now() if state != GoodwillRequest.PENDING else None)
        ticket.customer.log_action("draht.goodwill.requested", user=user, obj=request, data={
            "amount": str(amount), "rule": request.rule_name, "state": state})
    return request


@transaction.atomic
def decide_goodwill(request, *, user, approve: bool):
    """A manager approves or rejects a pending request; never the person who asked."""
    from .models import GoodwillRequest

    if user.role not in (Role.OWNER, Role.MANAGER):
        raise PermissionDenied
    request = GoodwillRequest.objects.select_for_update().get(pk=request.pk)
    if request.requested_by_id == user.pk:
        raise ValidationError(_("Someone else must decide on a request you made."))
    if request.state != GoodwillRequest.PENDING:
        raise ValidationError(_("This request is decided already."))
    request.state = GoodwillRequest.APPROVED if approve else GoodwillRequest.REJECTED
    request.approved_by, request.decided_at = user, timezone.now()
    request.save()
    request.ticket.customer.log_action("draht.goodwill.decided", user=user, obj=request,
                                       data={"amount": str(request.amount), "state": request.state})
    return request


CHECKLIST_SALT = "draht.service.checklist"


@transaction.atomic
def note_remote_attempt(ticket: Ticket, *, user, why: str) -> Ticket:
    """Remote first: write down why remote help is not enough (the condition for an on-site visit)."""
    if not why.strip():
        raise ValidationError({"why": [_("Say why remote help is not enough.")]})
    Ticket.objects.filter(pk=ticket.pk).update(remote_not_enough=why.strip()[:2000], remote_noted_by=user)
    ticket.customer.log_action("draht.ticket.remote_not_enough", user=user, obj=ticket, data={"why": why[:300]})
    ticket.refresh_from_db()
    return ticket


def missing_for(technician, customer, day: datetime.date) -> list[str]:
    from .models import Qualification, Requirement
    from .rules import missing_qualifications

    required = set(Requirement.objects.filter(Q(country=customer.country) | Q(customer=customer))
                   .values_list("name", flat=True))
    records = dict(Qualification.objects.filter(user=technician).values_list("name", "valid_until"))
    return missing_qualifications(required, records, day)


@transaction.atomic
def dispatch(ticket: Ticket, *, user, technician, window_start, window_end, site: str = "", base_url: str = ""):
    """An on-site visit: only after the remote attempt is noted, only to a technician who has every qualification
    the country or customer requires, valid on the visit day. The customer gets the pre-visit checklist to
    confirm by a signed link."""
    from .models import ChecklistItem, Dispatch

    ticket = (Ticket.objects.select_for_update(of=("self",)).select_related("customer", "contact_person")
              .get(pk=ticket.pk))
    if not ticket.remote_not_enough:
        raise ValidationError(_("Remote first: write down why remote help is not enough before sending someone."),
                              code="remote_first")
    if technician.role != Role.TECHNICIAN or not technician.is_active:
        raise ValidationError({"technician": [_("%(name)s is not a technician.") % {"name": technician}]})
    if window_end <= window_start:
        raise ValidationError({"window_end": [_("The time window must end after it starts.")]})
    missing = missing_for(technician, ticket.customer, window_start.astimezone(zone(settings.TIME_ZONE)).date())
    if missing:
        raise ValidationError({"technician": [_("%(name)s lacks or has an expired: %(missing)s.") % {
            "name": technician, "missing": ", ".join(missing)}]}, code="qualification")
    customer = ticket.customer
    site = site.strip() or ", ".join(filter(None, [customer.street.replace("\n", ", "),
                                                   f"{customer.postal_code} {customer.city}".strip()]))
    visit = Dispatch.objects.create(ticket=ticket, technician=technician, site=site[:300], window_start=window_start,
                                    window_end=window_end, created_by=user,
                                    checklist=list(ChecklistItem.objects.values_list("text", flat=True)))
    customer.log_action("draht.dispatch.planned", user=user, obj=visit,
                        data={"technician": technician.pk, "from": window_start.isoformat()})
    emit("dispatch.planned", {"id": visit.pk, "ticket_id": ticket.pk, "technician_id": technician.pk,
                              "window_start": window_start, "window_end": window_end})
    email = (ticket.contact_person.email if ticket.contact_person else "") or customer.email
    if email and visit.checklist:
        from django.core import signing

        from draht.outbox.services import queue_email

        when = timezone.localtime(window_start).strftime("%d.%m.%Y %H:%M")
        token = signing.dumps(visit.pk, salt=CHECKLIST_SALT)
        body = "\n".join([_("Our technician %(name)s comes on %(when)s to %(site)s.") % {
            "name": technician.get_full_name() or technician.username, "when": when, "site": site}, "",
            _("Before the visit, please:"), *[f"– {point}" for point in visit.checklist], "",
            _("Please confirm here: %(url)s") % {"url": f"{base_url}/checklist/{token}/"}, "", "{signature}"])
        queue_email(customer, user=user, to=[email], subject=_("Visit on %(when)s: please confirm") % {"when": when},
                    body=body, contact_person=ticket.contact_person, is_automated=True)
    return visit


def dispatch_from_link(token: str):
    from django.core import signing

    from .models import Dispatch

    try:
        pk = signing.loads(token, salt=CHECKLIST_SALT, max_age=datetime.timedelta(days=60))
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid."), code="bad_link") from None
    visit = Dispatch.objects.select_related("ticket__customer", "technician").filter(pk=pk).first()
    if visit is None:
        raise ValidationError(_("This link is not valid."), code="bad_link")
    if visit.state != "planned" or visit.window_end <= timezone.now():
        raise ValidationError(_("This visit is over or cancelled; nothing to confirm."), code="passed")
    return visit


def confirm_checklist(visit) -> bool:
    """The customer confirms the checklist; once (a second confirmation changes nothing)."""
    from .models import Dispatch

    done = Dispatch.objects.filter(pk=visit.pk, checklist_confirmed_at__isnull=True).update(
        checklist_confirmed_at=timezone.now())
    if done:
        visit.ticket.customer.log_action("draht.dispatch.checklist_confirmed", obj=visit)
    return bool(done)


SIGNATURE_PATH = __import__("re").compile(r"^[ML0-9 .,-]{3,20000}$")


@transaction.atomic
def complete_dispatch(visit, *, user, work_done: str, minutes: int, parts: str, signer_name: str, signature: str):
    """The technician's completion report: work, time, parts, the customer's name and drawn signature. The visit
    is personal contact (timeline, same transaction); the report goes to the customer as a PDF through the
    outbox; the customer is asked for a rating."""
    from .models import Dispatch

    visit = (Dispatch.objects.select_for_update(of=("self",))
             .select_related("ticket__customer", "ticket__contact_person", "technician").get(pk=visit.pk))
    if user.pk != visit.technician_id and user.role not in (Role.OWNER, Role.MANAGER):
        raise PermissionDenied
    if visit.state != Dispatch.PLANNED:
        raise ValidationError(_("This visit is completed or cancelled already."))
    problems = {}
    if not work_done.strip():
        problems["work_done"] = [_("Describe the work done.")]
    if not isinstance(minutes, int) or not 1 <= minutes <= 24 * 60:
        problems["minutes"] = [_("Give the time in minutes (1 to 1440).")]
    if not signer_name.strip():
        problems["signer_name"] = [_("Who signed?")]
    if not SIGNATURE_PATH.match(signature or ""):
        problems["signature"] = [_("Let the customer sign in the box.")]
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    visit.work_done, visit.minutes, visit.parts = work_done.strip(), minutes, parts.strip()
    visit.signer_name, visit.signature = signer_name.strip()[:200], signature
    visit.state, visit.completed_at = Dispatch.COMPLETED, now
    visit.save()
    ticket, customer = visit.ticket, visit.ticket.customer
    person = ticket.contact_person
    log_interaction(customer, user=visit.technician, users=[visit.technician], channel=Channel.ONSITE_MEETING,
                    direction=Direction.OUTBOUND, is_personal=True, occurred_at=now, duration_seconds=minutes * 60,
                    subject=_("Visit: %(subject)s") % {"subject": ticket.subject}, body=visit.work_done,
                    source=Source.TICKET, source_ref=f"dispatch:{visit.pk}",
                    contact_persons=[person] if person else [])
    customer.log_action("draht.dispatch.completed", user=user, obj=visit, data={"minutes": minutes})
    emit("dispatch.completed", {"id": visit.pk, "ticket_id": ticket.pk, "technician_id": visit.technician_id,
                                "minutes": minutes})
    email = (person.email if person else "") or customer.email
    if email:
        from draht.outbox.services import queue_email

        from .feedback import ask

        queue_email(customer, user=visit.technician, to=[email], contact_person=person, is_automated=True,
                    subject=_("Your service report: %(subject)s") % {"subject": ticket.subject},
                    body=_("Attached is the report of our visit, signed by %(name)s.") % {"name": visit.signer_name}
                    + "\n\n{signature}", attachments=[(f"bericht-{visit.pk}.pdf", "application/pdf",
                                                       report_pdf(visit))])
        ask(customer, agent=visit.technician, email=email, what=ticket.subject, ticket=ticket, contact_person=person)
    return visit


def report_pdf(visit) -> bytes:
    """The completion report as PDF (weasyprint): what was done, time, parts, the signature as SVG."""
    import weasyprint
    from django.template.loader import render_to_string

    html = render_to_string("service/report.html", {"visit": visit, "ticket": visit.ticket,
                                                    "customer": visit.ticket.customer})
    return weasyprint.HTML(string=html).write_pdf()


@transaction.atomic
def open_from_message(message, *, user, kind=TicketKind.INQUIRY, priority="normal") -> Ticket:
    """A ticket from a received message on a customer's timeline: its subject and text, its sender as contact
    person, its conversation (the customer's later replies join the ticket)."""
    from draht.inbox.services import thread_for

    if message.customer_id is None:
        raise ValidationError(_("Assign the message to a customer first."))
    other = ticket_of_thread(message.thread_id)
    if other is not None:
        raise ValidationError(_("This conversation belongs to ticket #%(number)s already.") % {"number": other.pk})
    ticket = open_ticket(message.customer, user=user, subject=message.subject or _("(no subject)"), kind=kind,
                         priority=priority, channel=message.channel, description=(message.text or "")[:20_000],
                         contact_person=message.contact_person)
    Ticket.objects.filter(pk=ticket.pk).update(thread_id=thread_for(message))
    ticket.refresh_from_db()
    return ticket


@transaction.atomic
def answer(ticket: Ticket, *, user, body: str, solve: bool = False):
    """Write to the customer from the ticket through the outbox (with the writer's signature), in the ticket's
    conversation; the first answer counts as the first response."""
    from draht.inbox.models import Message
    from draht.outbox.services import queue_email

    person = ticket.contact_person
    address = (person.email if person else "") or ticket.customer.email
    if not address:
        raise ValidationError(_("Neither the contact person nor the customer has an e-mail address."))
    if not body.strip():
        raise ValidationError({"body": [_("Write the answer.")]})
    latest = (Message.objects.filter(thread=ticket.thread, direction=Direction.INBOUND).order_by("-occurred_at")
              .first() if ticket.thread_id else None)
    email = queue_email(ticket.customer, user=user, to=[address], contact_person=person, reply_to=latest,
                        subject=f"[#{ticket.pk}] {ticket.subject}", body=body.rstrip() + "\n\n{signature}")
    Ticket.objects.filter(pk=ticket.pk, thread__isnull=True).update(thread=email.thread)
    ticket.refresh_from_db()
    if ticket.status in (TicketStatus.NEW, TicketStatus.WAITING):
        ticket = change_status(ticket, to=TicketStatus.OPEN, user=user)
    elif ticket.first_response_at is None:
        Ticket.objects.filter(pk=ticket.pk).update(first_response_at=timezone.now())
    if solve and ticket.status == TicketStatus.OPEN:
        change_status(ticket, to=TicketStatus.SOLVED, user=user)
    return email


def _call_for(user, call):
    if call.customer_id is None:
        raise ValidationError(_("The number belongs to no customer: add it to a customer first."))
    if not can_handle_tickets(user) or not permissions.can_view_customer(user, call.customer):
        raise PermissionDenied


@transaction.atomic
def open_from_call(call, *, user, kind=TicketKind.INQUIRY, priority="normal", subject: str = "") -> Ticket:
    """A ticket from a call (ringing, in progress or over): the caller's customer and contact person, the call as
    the ticket's first phone contact. A call that belongs to a ticket already is refused with its number."""
    from draht.telephony.models import Call

    _call_for(user, call)
    call = Call.objects.select_for_update(of=("self",)).select_related("customer", "contact_person").get(pk=call.pk)
    _not_joined(call)
    who = call.contact_person.full_name if call.contact_person else call.remote_number
    ticket = open_ticket(call.customer, user=user, subject=subject.strip() or _("Call from %(who)s") % {"who": who},
                         kind=kind, priority=priority, channel=Channel.PHONE, contact_person=call.contact_person)
    TicketCall.objects.create(ticket=ticket, call=call, joined_by=user)
    return ticket


def _not_joined(call) -> None:
    joined = TicketCall.objects.filter(call=call).values_list("ticket_id", flat=True).first()
    if joined is not None:
        raise ValidationError(_("This call belongs to ticket #%(number)s already.") % {"number": joined})


def _locked_open_ticket(ticket: Ticket, customer_id: int) -> Ticket:
    """The ticket, locked, when it can take another contact of this customer (a call, a message)."""
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("customer").get(pk=ticket.pk)
    if customer_id != ticket.customer_id:
        raise ValidationError(_("It is from another customer."))
    if ticket.status not in OPEN_STATUSES:
        raise ValidationError(_("The ticket is %(status)s: open a new ticket from it, or reopen this one "
                                "first.") % {"status": ticket.get_status_display()})
    return ticket


def _customer_came_back(ticket: Ticket, direction: str, user) -> Ticket:
    """The stated rule for the customer getting in touch about a ticket that waits for them: it is open again
    (as with a reply by e-mail)."""
    if ticket.status == TicketStatus.WAITING and direction == Direction.INBOUND:
        return change_status(ticket, to=TicketStatus.OPEN, user=user)
    return ticket


@transaction.atomic
def join_call(ticket: Ticket, call, *, user) -> Ticket:
    """Add a call to an open ticket of the same customer. Solved and closed tickets take no calls: a new call
    about them opens a new ticket (or the agent reopens the old one first)."""
    from draht.telephony.models import Call

    _call_for(user, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    ticket = _locked_open_ticket(ticket, call.customer_id)
    _not_joined(call)
    TicketCall.objects.create(ticket=ticket, call=call, joined_by=user)
    ticket.customer.log_action("draht.ticket.call_joined", user=user, obj=ticket, data={"call": call.call_id})
    return _customer_came_back(ticket, call.direction, user)


def ticket_of_thread(thread_id: int | None) -> Ticket | None:
    return Ticket.objects.filter(thread_id=thread_id).order_by("-id").first() if thread_id else None


@transaction.atomic
def join_message(ticket: Ticket, message, *, user) -> Ticket:
    """A received message (and its whole conversation) joins an open ticket of the same customer: the ticket's
    conversation takes it in, so later replies to it reach the ticket too. A conversation that belongs to another
    ticket is refused with its number."""
    from draht.inbox.services import merge_thread, thread_for

    if not can_handle_tickets(user) or message.customer_id is None \
            or not permissions.can_view_customer(user, message.customer):
        raise PermissionDenied
    ticket = _locked_open_ticket(ticket, message.customer_id)
    thread_id = thread_for(message)
    other = ticket_of_thread(thread_id)
    if other is not None and other.pk != ticket.pk:
        raise ValidationError(_("This conversation belongs to ticket #%(number)s already.") % {"number": other.pk})
    if ticket.thread_id is None:
        Ticket.objects.filter(pk=ticket.pk).update(thread_id=thread_id)
        ticket.thread_id = thread_id
    elif ticket.thread_id != thread_id:
        merge_thread(thread_id, ticket.thread_id)
    ticket.customer.log_action("draht.ticket.message_joined", user=user, obj=ticket, data={"message": message.pk})
    return _customer_came_back(ticket, message.direction, user)


def conversation(ticket: Ticket, limit: int = 100):
    """The messages of the ticket's conversation, oldest first."""
    from draht.inbox.models import Message

    if ticket.thread_id is None:
        return []
    return list(Message.objects.filter(thread_id=ticket.thread_id).only(
        "pk", "subject", "direction", "sender_name", "sender_address", "occurred_at", "channel")
        .order_by("occurred_at", "id")[:limit])


def calls_to_join(ticket: Ticket, days: int = 7):
    """The customer's calls of the last days that belong to no ticket yet, newest first."""
    from draht.telephony.models import Call

    since = timezone.now() - datetime.timedelta(days=days)
    return (Call.objects.filter(customer_id=ticket.customer_id, ringing_at__gte=since, ticket_link__isnull=True)
            .select_related("contact_person").order_by("-ringing_at")[:20])


def open_tickets_of(customer_ids) -> dict[int, list[Ticket]]:
    """Open tickets by customer, for the call pop-up (one query)."""
    found: dict[int, list[Ticket]] = {}
    for ticket in open_only(Ticket.objects.filter(customer_id__in=customer_ids)).only(
            "pk", "subject", "status", "customer_id").order_by("customer_id", "-created_at")[:50]:
        found.setdefault(ticket.customer_id, []).append(ticket)
    return found


def customer_replied(message) -> Ticket | None:
    """A message in a ticket's conversation from the customer: the ticket is theirs again. Stated rule: waiting,
    solved or closed tickets reopen (a reply never disappears); the reply is on the timeline already."""
    if message.thread_id is None or message.direction != Direction.INBOUND:
        return None
    ticket = ticket_of_thread(message.thread_id)
    if ticket is None:
        return None
    if ticket.status in (TicketStatus.WAITING, TicketStatus.SOLVED, TicketStatus.CLOSED):
        change_status(ticket, to=TicketStatus.OPEN, user=None)
        ticket.customer.log_action("draht.ticket.reopened_by_reply", obj=ticket, data={"message": message.pk})
    return ticket
