import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.accounts.models import Team, User
from draht.core.pagination import keyset_page
from draht.customers.access import get_customer_for
from draht.customers.models import Customer
from draht.customers.services import snooze
from draht.promises.services import due_soon as promises_due_soon
from draht.timeline.choices import Channel, Direction, Outcome
from draht.timeline.services import log_interaction

from .charts import line_chart
from .coverage import CoverageRow, coverage_by, overall, record_snapshot
from .duelist import cached_occasions, due_customers
from .forms import ReachedForm, SnoozeForm
from .models import CoverageSnapshot
from .rows import due_rows_html

SCOPES = ("mine", "team", "all")
OCCASIONS_SHOWN = 10
PROMISES_SHOWN = 5


def _scope(request) -> str:
    scope = request.GET.get("scope")
    if scope in SCOPES:
        return scope
    return "mine" if permissions.can_be_owner(request.user) else "all"


@login_required
def due_list(request):
    scope = _scope(request)
    page = keyset_page(due_customers(request.user, scope), ["due_at", "id"], request.GET.get("after"),
                       settings.DRAHT_PAGE_SIZE)
    now = timezone.now()
    upcoming, more = cached_occasions(request.user, scope, OCCASIONS_SHOWN) if not request.GET.get("after") else ([], 0)
    context = {"page": page, "scope": scope, "rows": due_rows_html(page.items, scope, now),
               "occasions": upcoming, "more_occasions": more}
    if request.htmx and request.GET.get("fragment") == "rows":
        return render(request, "cadence/due_rows.html", context)
    if not request.GET.get("after"):  # "what did we promise": the user's promises that are close or overdue
        context["promises"] = promises_due_soon(request.user, PROMISES_SHOWN + 1)
        context["today"] = timezone.localdate()
    return render(request, "cadence/due_list.html", context)


def _row_response(request, customer, message):
    return render(request, "cadence/due_row_done.html", {"customer": customer, "message": message})


def _back(request) -> str:
    return "customer" if (request.GET.get("back") or request.POST.get("back")) == "customer" else ""


def _done(request, customer, message):
    """After an outcome: the row's confirmation (htmx), else back to where the thumb came from (the customer
    page asks with back=customer; a fixed choice, never a URL) with the message."""
    if request.htmx:
        return _row_response(request, customer, message)
    messages.success(request, message)
    if request.POST.get("back") == "customer":
        return redirect("customers:detail", pk=customer.pk)
    return redirect("cadence:due_list")


@login_required
def reached(request, pk):
    """Step two of three: the inline note form (GET), then the logged call (POST)."""
    customer = get_customer_for(request.user, pk, log=True)
    form = ReachedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        log_interaction(customer, user=request.user, users=[request.user], channel=Channel.PHONE,
                        direction=Direction.OUTBOUND, outcome=Outcome.REACHED, is_personal=True,
                        occurred_at=timezone.now(), subject=_("Call"), body=form.cleaned_data["note"],
                        contact_persons=[customer.main_contact] if customer.main_contact else [])
        message = _("Call with %(name)s logged as personal contact.") % {"name": customer.name}
        return _done(request, customer, message)
    return render(request, "cadence/reached_form.html", {"customer": customer, "form": form,
                                                         "back": _back(request)})


@login_required
@require_POST
def not_reached(request, pk):
    customer = get_customer_for(request.user, pk, log=True)
    log_interaction(customer, user=request.user, users=[request.user], channel=Channel.PHONE,
                    direction=Direction.OUTBOUND, outcome=Outcome.NOT_REACHED, is_personal=False,
                    occurred_at=timezone.now(), subject=_("Call attempt"))
    message = _("Attempt logged; %(name)s stays on the list.") % {"name": customer.name}
    return _done(request, customer, message)


@login_required
def snooze_view(request, pk):
    customer = get_customer_for(request.user, pk, log=True)
    initial = {"until": timezone.localdate() + datetime.timedelta(days=7)}
    form = SnoozeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        snooze(customer, user=request.user, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"])
        message = _("%(name)s snoozed until %(date)s.") % {
            "name": customer.name, "date": formats.date_format(form.cleaned_data["until"], "SHORT_DATE_FORMAT")}
        return _done(request, customer, message)
    return render(request, "cadence/snooze_form.html", {"customer": customer, "form": form, "back": _back(request)},
                  status=422 if request.method == "POST" else 200)


def coverage_tables(user):
    customers = permissions.visible_customers(user, Customer.objects.all())
    now = timezone.now()
    owners = {u.pk: str(u) for u in User.objects.all()}
    teams = {t.pk: t.name for t in Team.objects.all()}
    by_owner = [CoverageRow(k, owners.get(k, "?"), t, c)
                for k, (t, c) in coverage_by(customers, "owner_id", now).items()]
    by_team = [CoverageRow(k, teams.get(k, _("No team")), t, c)
               for k, (t, c) in coverage_by(customers, "team_id", now).items()]
    total, covered = overall(customers, now)
    return CoverageRow(None, _("Everyone"), total, covered), sorted(by_owner, key=lambda r: r.share), sorted(
        by_team, key=lambda r: r.share)


@login_required
def coverage(request):
    if not permissions.can_see_coverage(request.user):
        raise PermissionDenied
    everyone, by_owner, by_team = coverage_tables(request.user)
    if not CoverageSnapshot.objects.filter(day=timezone.localdate(), scope="all").exists():
        record_snapshot()
    since = timezone.localdate() - datetime.timedelta(days=730)
    if request.user.sees_everything:
        history = CoverageSnapshot.objects.filter(scope="all", day__gte=since)
    else:
        history = CoverageSnapshot.objects.filter(scope="team", team_id=request.user.team_id, day__gte=since)
    points = [(s.day.strftime("%m/%y"), s.share) for s in history]
    chart = line_chart(points, label=_("Coverage over time"))
    return render(request, "cadence/coverage.html",
                  {"everyone": everyone, "by_owner": by_owner, "by_team": by_team, "chart": chart})
