import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts.models import User
from draht.core.pagination import keyset_page
from draht.core.params import object_id
from draht.customers.access import get_customer_for

from .choices import OPEN_STATUSES, Availability, TicketKind, TicketStatus
from .forms import TicketForm
from .models import AgentStatus
from .rules import FLOW
from .services import (
    TakenMeanwhile,
    breach_state,
    calls_to_join,
    can_handle_tickets,
    change_status,
    conversation,
    get_ticket_for,
    hand_over,
    open_only,
    open_ticket,
    soon_limit,
    visible_tickets,
)

SCOPES = ("mine", "all")


@login_required
def work_list(request):
    """The agent's work list: open tickets by the deadline that comes first, the ones close to it marked."""
    if not can_handle_tickets(request.user):
        raise PermissionDenied
    scope = request.GET.get("scope") if request.GET.get("scope") in SCOPES else "mine"
    # customers and owners in their own queries: joined, SQLite's planner walks the customers first
    # names in one light query each (joined, SQLite's planner would walk the customers first)
    tickets = open_only(visible_tickets(request.user))
    if scope == "mine":
        tickets = tickets.filter(owner=request.user)
    due_soon = request.GET.get("due") == "soon"
    if due_soon:  # the breach-warning list: answer or solution due within two hours, or past
        from .services import deadline_before

        tickets = tickets.filter(status__in=["new", "open"]).filter(
            deadline_before(timezone.now() + datetime.timedelta(hours=2)))
    page = keyset_page(tickets, ["resolution_due", "id"], request.GET.get("after"), settings.DRAHT_PAGE_SIZE)
    now = timezone.now()
    soon = soon_limit(now)
    for ticket in page.items:
        ticket.breach = breach_state(ticket, now, soon)
    from draht.customers.models import Customer

    from .rows import ticket_rows_html

    customer_names = dict(Customer.objects.filter(pk__in={t.customer_id for t in page.items})
                          .values_list("pk", "name")) if page.items else {}
    owner_ids = {t.owner_id for t in page.items}
    owner_names = {request.user.pk: str(request.user)} if owner_ids <= {request.user.pk} else {
        u.pk: str(u) for u in User.objects.filter(pk__in=owner_ids).only("pk", "username", "first_name",
                                                                        "last_name")}
    status = AgentStatus.objects.filter(user=request.user).first()
    return render(request, "service/list.html", {
        "page": page, "scope": scope, "due_soon": due_soon,
        "rows": ticket_rows_html(page.items, customer_names, owner_names),
        "availability": status.availability if status else Availability.OFFICE, "availabilities": Availability.choices})


@login_required
@require_POST
def set_availability(request):
    if not can_handle_tickets(request.user) or request.POST.get("availability") not in Availability.values:
        raise PermissionDenied
    AgentStatus.objects.update_or_create(user=request.user, defaults={
        "availability": request.POST["availability"], "changed_at": timezone.now()})
    messages.success(request, _("Your availability is saved."))
    return redirect("service:list")


@login_required
def detail(request, pk):
    ticket = get_ticket_for(request.user, pk)
    ticket.breach = breach_state(ticket)
    return render(request, "service/detail.html", {
        "ticket": ticket, "customer": ticket.customer, "handovers": ticket.handovers.select_related(
            "from_user", "to_user", "by"), "next_statuses": [(s, TicketStatus(s).label) for s in
                                                               sorted(FLOW.get(ticket.status, ()))],
        "people": User.objects.filter(is_active=True, role__in=["owner", "manager", "account_manager", "agent"]),
        "goodwill": ticket.goodwill.select_related("requested_by", "approved_by"),
        "dispatches": ticket.dispatches.select_related("technician"),
        "calls": ticket.calls.select_related("call__contact_person", "joined_by"),
        "conversation": conversation(ticket),
        "calls_to_join": calls_to_join(ticket) if ticket.status in OPEN_STATUSES else (),
        "technicians": User.objects.filter(is_active=True, role="technician"),
        "can_decide": request.user.role in ("owner", "manager")})


@login_required
@require_POST
def status(request, pk):
    ticket = get_ticket_for(request.user, pk)
    try:
        change_status(ticket, to=request.POST.get("to", ""), user=request.user)
    except (ValidationError, ValueError) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else _("Unknown status."))
    else:
        messages.success(request, _("Status changed."))
    return redirect("service:detail", ticket.pk)


@login_required
@require_POST
def handover(request, pk):
    ticket = get_ticket_for(request.user, pk)
    to_user = User.objects.filter(pk=object_id(request.POST.get("to_user")) or 0).first()
    expected = object_id(request.POST.get("expected_owner"))
    if to_user is None or expected is None:
        messages.error(request, _("Choose who takes it."))
        return redirect("service:detail", ticket.pk)
    try:
        hand_over(ticket, to_user=to_user, by=request.user, reason=request.POST.get("reason", ""),
                  expected_owner_id=expected)
    except TakenMeanwhile:
        messages.error(request, _("Meanwhile someone else changed the owner; see who has it now."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Handed over to %(name)s.") % {"name": to_user})
    return redirect("service:detail", ticket.pk)


@login_required
def create(request, pk):
    customer = get_customer_for(request.user, pk)
    if not can_handle_tickets(request.user):
        raise PermissionDenied
    form = TicketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ticket = open_ticket(customer, user=request.user, **form.cleaned_data)
        messages.success(request, _("Ticket opened; %(name)s owns it.") % {"name": ticket.owner})
        return redirect("service:detail", ticket.pk)
    return render(request, "service/form.html", {"form": form, "customer": customer},
                  status=400 if form.errors else 200)


def feedback_page(request, token):
    """The customer's one-time rating page (no login)."""
    from .feedback import answer, from_link

    try:
        feedback = from_link(token)
    except ValidationError as exc:
        return render(request, "service/feedback_done.html", {"message": exc.messages[0]}, status=400)
    if feedback.answered_at is not None:
        return render(request, "service/feedback_done.html", {"message": _(
            "Thank you — your rating is already with us.")})
    if request.method == "POST":
        csat = object_id(request.POST.get("csat"))
        nps_text = request.POST.get("nps", "").strip()
        nps = int(nps_text) if nps_text.isdigit() else (None if not nps_text else -1)
        if csat is None or not 1 <= csat <= 5 or (nps is not None and not 0 <= nps <= 10):
            return render(request, "service/feedback.html", {"feedback": feedback, "error": _(
                "Choose how satisfied you are, from 1 to 5.")}, status=400)
        stored = answer(feedback, csat=csat, nps=nps, text=request.POST.get("text", ""))
        return render(request, "service/feedback_done.html", {"message": _("Thank you for your rating!") if stored
                                                              else _("Thank you — your rating is already with us.")})
    return render(request, "service/feedback.html", {"feedback": feedback})


@login_required
def feedback_results(request):
    """Response rate and averages per person and team, over the last 90 days."""
    from draht.accounts import permissions

    from .feedback import results

    if not permissions.can_see_coverage(request.user):
        raise PermissionDenied
    return render(request, "service/feedback_results.html", results(timezone.now() - datetime.timedelta(days=90)))


@login_required
@require_POST
def goodwill(request, pk):
    from .services import request_goodwill

    ticket = get_ticket_for(request.user, pk)
    try:
        purchase = datetime.date.fromisoformat(request.POST.get("purchase_date", ""))
    except ValueError:
        purchase = None
    try:
        made = request_goodwill(ticket, user=request.user, amount=request.POST.get("amount", "").replace(",", "."),
                                purchase_date=purchase)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            messages.error(request, f"{_('amount') if field == 'amount' else _('purchased on')}: {' '.join(errors)}")
    else:
        messages.success(request, _("Goodwill: %(state)s (%(rule)s).") % {
            "state": made.get_state_display(), "rule": made.rule_name or _("no rule fits")})
    return redirect("service:detail", ticket.pk)


@login_required
@require_POST
def goodwill_decide(request, pk):
    from .models import GoodwillRequest
    from .services import decide_goodwill

    made = GoodwillRequest.objects.select_related("ticket").filter(pk=object_id(request.POST.get("request")) or 0,
                                                                   ticket_id=pk).first()
    get_ticket_for(request.user, pk)
    if made is None:
        raise PermissionDenied
    try:
        decide_goodwill(made, user=request.user, approve=request.POST.get("approve") == "1")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Decided."))
    return redirect("service:detail", pk)


def _rules_page(request, model, form_class, template: str, url_name: str):
    """A policy table in order (first line that fits decides): owners and managers add and remove lines."""
    if request.user.role not in ("owner", "manager"):
        raise PermissionDenied
    form = form_class(request.POST or None) if request.POST.get("action") != "delete" else form_class()
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            model.objects.filter(pk=object_id(request.POST.get("rule")) or 0).delete()
            messages.success(request, _("Rule removed."))
            return redirect(url_name)
        if form.is_valid():
            form.save()
            messages.success(request, _("Rule added."))
            return redirect(url_name)
    return render(request, template, {"rules": model.objects.all(), "form": form},
                  status=400 if form.errors else 200)


@login_required
def goodwill_rules(request):
    """The goodwill policy: its lines in order; owners and managers add and remove them."""
    from django.forms import modelform_factory

    from .models import GoodwillRule

    form_class = modelform_factory(GoodwillRule, fields=["position", "name", "ticket_kind", "tier", "max_amount",
                                                         "max_age_days", "decision", "template"])
    return _rules_page(request, GoodwillRule, form_class, "service/goodwill_rules.html", "service:goodwill_rules")


@login_required
def assignment_rules(request):
    """Who gets new tickets: the lines in order; owners and managers add and remove them."""
    from .forms import AssignmentRuleForm
    from .models import AssignmentRule

    return _rules_page(request, AssignmentRule, AssignmentRuleForm, "service/assignment_rules.html",
                       "service:assignment_rules")


@login_required
@require_POST
def remote(request, pk):
    from .services import note_remote_attempt

    ticket = get_ticket_for(request.user, pk)
    try:
        note_remote_attempt(ticket, user=request.user, why=request.POST.get("why", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Noted: an on-site visit can be planned."))
    return redirect("service:detail", ticket.pk)


@login_required
@require_POST
def plan_dispatch(request, pk):
    from draht.meetings.rules import local_datetime

    from .services import dispatch

    ticket = get_ticket_for(request.user, pk)
    technician = User.objects.filter(pk=object_id(request.POST.get("technician")) or 0).first()
    try:
        start = local_datetime(datetime.datetime.fromisoformat(request.POST.get("start", "")), settings.TIME_ZONE)
        end = local_datetime(datetime.datetime.fromisoformat(request.POST.get("end", "")), settings.TIME_ZONE)
        if technician is None:
            raise ValidationError({"technician": [_("Choose a technician.")]})
        dispatch(ticket, user=request.user, technician=technician, window_start=start, window_end=end,
                 site=request.POST.get("site", ""), base_url=request.build_absolute_uri("/")[:-1])
    except ValueError:
        messages.error(request, _("Give the time window as date and time."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Visit planned; the customer is asked to confirm the checklist."))
    return redirect("service:detail", ticket.pk)


@login_required
def visits(request):
    """Planned on-site visits: a technician's own, everyone's for the desk."""
    from .models import Dispatch

    if request.user.role == "technician":
        planned = Dispatch.objects.filter(technician=request.user)
    elif can_handle_tickets(request.user):
        planned = Dispatch.objects.all()
    else:
        raise PermissionDenied
    planned = planned.filter(state="planned").select_related("ticket__customer", "technician")[:200]
    return render(request, "service/visits.html", {"visits": planned})


def checklist(request, token):
    """The customer confirms the pre-visit checklist (no login)."""
    from .services import confirm_checklist, dispatch_from_link

    try:
        visit = dispatch_from_link(token)
    except ValidationError as exc:
        return render(request, "service/feedback_done.html", {"message": exc.messages[0]}, status=400)
    if request.method == "POST":
        confirm_checklist(visit)
        return render(request, "service/feedback_done.html", {"message": _(
            "Thank you — the checklist is confirmed. See you at the visit.")})
    return render(request, "service/checklist.html", {"visit": visit})


@login_required
def complete_visit(request, pk):
    """The technician's completion report, made on a phone: work, time, parts, the customer's signature."""
    from .models import Dispatch
    from .services import complete_dispatch

    visit = Dispatch.objects.select_related("ticket__customer", "technician").filter(pk=pk).first()
    if visit is None:
        from django.http import Http404

        raise Http404
    if request.user.pk != visit.technician_id and request.user.role not in ("owner", "manager"):
        raise PermissionDenied
    errors = {}
    if request.method == "POST":
        minutes = object_id(request.POST.get("minutes"))
        try:
            complete_dispatch(visit, user=request.user, work_done=request.POST.get("work_done", ""),
                              minutes=minutes if minutes is not None else -1, parts=request.POST.get("parts", ""),
                              signer_name=request.POST.get("signer_name", ""),
                              signature=request.POST.get("signature", ""))
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            messages.success(request, _("Visit completed; the report goes to the customer."))
            return redirect("service:visits")
    return render(request, "service/complete.html", {"visit": visit, "errors": errors, "data": request.POST},
                  status=400 if errors else 200)


@login_required
@require_POST
def from_message(request, pk):
    from draht.inbox.views import get_message_for

    from .services import open_from_message

    message = get_message_for(request.user, pk)
    if not can_handle_tickets(request.user):
        raise PermissionDenied
    if request.POST.get("ticket"):  # the message joins one of the customer's open tickets
        from .services import join_message

        ticket = get_ticket_for(request.user, request.POST["ticket"])
        try:
            join_message(ticket, message, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("inbox:message", message.pk)
        messages.success(request, _("The message is now part of this ticket."))
        return redirect("service:detail", ticket.pk)
    try:
        ticket = open_from_message(message, user=request.user,
                                   kind=request.POST.get("kind") if request.POST.get("kind") in (
                                       "inquiry", "incident", "complaint", "request") else "inquiry")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("inbox:message", message.pk)
    messages.success(request, _("Ticket opened; %(name)s owns it.") % {"name": ticket.owner})
    return redirect("service:detail", ticket.pk)


def _call_for(user, pk):
    """A call whose customer this user may see, for the ticket desk; 404 otherwise (also for unknown numbers)."""
    from django.http import Http404

    from draht.accounts import permissions
    from draht.telephony.models import Call

    if not can_handle_tickets(user):
        raise PermissionDenied
    call = Call.objects.select_related("customer", "contact_person").filter(pk=object_id(pk) or 0).first()
    if call is None or call.customer is None or not permissions.can_view_customer(user, call.customer):
        raise Http404
    return call


@login_required
@require_POST
def from_call(request, pk):
    """From the call pop-up: a new ticket from the call, or the call joins the customer's open ticket."""
    from .services import join_call, open_from_call

    call = _call_for(request.user, pk)
    try:
        if request.POST.get("ticket"):
            ticket = get_ticket_for(request.user, request.POST["ticket"])
            join_call(ticket, call, user=request.user)
            messages.success(request, _("The call is now part of this ticket."))
        else:
            kind = request.POST.get("kind") if request.POST.get("kind") in TicketKind.values else TicketKind.INQUIRY
            ticket = open_from_call(call, user=request.user, kind=kind)
            messages.success(request, _("Ticket opened; %(name)s owns it.") % {"name": ticket.owner})
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("customers:detail", call.customer_id)
    return redirect("service:detail", ticket.pk)


@login_required
@require_POST
def join_a_call(request, pk):
    """On the ticket page: one of the customer's recent calls joins the ticket."""
    from .services import join_call

    ticket = get_ticket_for(request.user, pk)
    call = _call_for(request.user, request.POST.get("call"))
    try:
        join_call(ticket, call, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The call is now part of this ticket."))
    return redirect("service:detail", ticket.pk)


@login_required
@require_POST
def reply(request, pk):
    from .services import answer

    ticket = get_ticket_for(request.user, pk)
    try:
        answer(ticket, user=request.user, body=request.POST.get("body", ""), solve=request.POST.get("solve") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The answer is in the outbox."))
    return redirect("service:detail", ticket.pk)


@login_required
def checklist_points(request):
    """The company's pre-visit checklist (owners and managers)."""
    from .models import ChecklistItem

    if request.user.role not in ("owner", "manager"):
        raise PermissionDenied
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            ChecklistItem.objects.filter(pk=object_id(request.POST.get("point")) or 0).delete()
            messages.success(request, _("Point removed."))
        elif request.POST.get("text", "").strip():
            ChecklistItem.objects.create(text=request.POST["text"].strip()[:300],
                                         position=object_id(request.POST.get("position")) or 10)
            messages.success(request, _("Point added."))
        return redirect("service:checklist_points")
    return render(request, "service/checklist_points.html", {"points": ChecklistItem.objects.all()})


@login_required
def qualifications(request, pk):
    """A technician's qualifications and health records: owners keep them; the technician sees their own."""
    from .models import Qualification

    technician = User.objects.filter(pk=pk, role="technician").first()
    if technician is None:
        from django.http import Http404

        raise Http404
    if request.user.role != "owner" and request.user.pk != technician.pk:
        raise PermissionDenied
    if request.method == "POST":
        if request.user.role != "owner":
            raise PermissionDenied
        if request.POST.get("action") == "delete":
            Qualification.objects.filter(user=technician, pk=object_id(request.POST.get("record")) or 0).delete()
        else:
            try:
                until = datetime.date.fromisoformat(request.POST["valid_until"]) if request.POST.get(
                    "valid_until") else None
            except ValueError:
                until = None
                messages.error(request, _("Give the date as a date."))
            name = request.POST.get("name", "").strip()[:100]
            if name:
                Qualification.objects.update_or_create(user=technician, name=name, defaults={
                    "kind": "health" if request.POST.get("kind") == "health" else "qualification",
                    "valid_until": until})
        return redirect("service:qualifications", technician.pk)
    return render(request, "service/qualifications.html", {
        "technician": technician, "records": technician.qualifications.all(),
        "can_edit": request.user.role == "owner"})
