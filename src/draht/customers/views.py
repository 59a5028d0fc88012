import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.accounts.models import Team, User
from draht.core.display import MAIN_COUNTRIES, country_name
from draht.core.pagination import keyset_page
from draht.core.params import object_id
from draht.timeline.choices import Channel
from draht.timeline.rows import timeline_items_html
from draht.timeline.views import timeline_page

from . import page as customer_page
from .access import get_customer_for
from .choices import Fact
from .filters import CustomerFilter
from .forms import CheckInForm, ContactPersonForm, CustomerForm
from .models import ContactPerson, Customer
from .search import search as run_search
from .services import (
    EditConflict,
    confirm_facts,
    create_contact,
    create_customer,
    update_contact,
    update_customer,
)


@login_required
def customer_list(request):
    filters = CustomerFilter.from_query(request.GET)
    qs = filters.apply(permissions.visible_customers(request.user, Customer.objects.all())).select_related("owner")
    page = keyset_page(qs, ["sort_name", "id"], request.GET.get("after"), settings.DRAHT_PAGE_SIZE)
    return render(request, "customers/list.html", {
        "page": page, "filters": filters,
        "owners": User.objects.filter(is_active=True, role__in=list(permissions.OWN_CUSTOMERS)),
        "teams": Team.objects.all(),
        "can_create": request.user.role in permissions.CHANGE_CUSTOMERS,
        "can_export": permissions.can_export(request.user),
        "can_manage_data": permissions.can_manage_data(request.user),
        "exports": [("customers", _("Customers")), ("contacts", _("Contact persons")),
                    ("interactions", _("Interactions"))],
        "countries": [(code, country_name(code)) for code in MAIN_COUNTRIES],
    })


@login_required
def customer_detail(request, pk):
    fragment = request.htmx and request.GET.get("fragment") == "timeline"  # "show older": the entries only
    customer = get_customer_for(request.user, pk, queryset=customer_page.customers(with_sidebar=not fragment))
    channel = request.GET.get("channel") if request.GET.get("channel") in Channel.values else None
    timeline = timeline_page(customer, channel, request.GET.get("after"))
    can_log = permissions.can_log_contact(request.user, customer)
    context = {"customer": customer, "timeline": timeline, "channel": channel,
               "timeline_rows": timeline_items_html(timeline.items, can_log,
                                                    editor=(request.user.pk, request.user.role, customer.owner_id))}
    if fragment:
        return render(request, "timeline/timeline_items.html", context)
    contacts = customer_page.contacts(customer)
    main = next((p for p in contacts if p.pk == customer.main_contact_id), None)
    context |= {
        "contacts": contacts,
        "call_number": (main and (main.phone or main.mobile)) or customer.phone,
        "tags": customer_page.tag_names(customer),
        "channels": Channel.choices,
        "can_change": permissions.can_change_customer(request.user, customer),
        "can_log": can_log,
        "audit": customer.audit_entries.select_related("user")[:30]
        if permissions.can_see_audit(request.user) else None,
        "facts_stale": facts_stale(customer),
        "can_manage_data": permissions.can_manage_data(request.user),
        "outbox": customer_page.unsent_emails(customer),
        "promises": customer_page.open_promises(customer, request.user),
        "meetings": customer_page.coming_meetings(customer),
        "can_handle_tickets": request.user.role in ("owner", "manager", "account_manager", "agent"),
    }
    return render(request, "customers/detail.html", context)


@login_required
def customer_create(request):
    if request.user.role not in permissions.CHANGE_CUSTOMERS:
        raise PermissionDenied
    initial = {"owner": request.user.pk if permissions.can_be_owner(request.user) else None, "country": "DE"}
    form = CustomerForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.changed_values()
        customer = create_customer(user=request.user, tags=form.tags(), **values)
        messages.success(request, _("Customer “%(name)s” was created.") % {"name": customer.name})
        return redirect("customers:detail", customer.pk)
    return render(request, "customers/form.html", {"form": form})


@login_required
def customer_edit(request, pk):
    customer = get_customer_for(request.user, pk, change=True)
    form = CustomerForm(request.POST or None, instance=customer, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.changed_values()
        if not permissions.can_reassign_owner(request.user):
            values.pop("owner_id", None)
        try:
            update_customer(customer, user=request.user, version=form.cleaned_data["version"] or 0,
                            tags=form.tags(), **values)
        except EditConflict as conflict:
            messages.error(request, str(conflict))
            form = CustomerForm(instance=conflict.current, user=request.user)
            return render(request, "customers/form.html", {"form": form, "customer": customer, "conflict": True},
                          status=409)
        messages.success(request, _("Saved."))
        return redirect("customers:detail", customer.pk)
    return render(request, "customers/form.html", {"form": form, "customer": customer})


@login_required
def contact_form(request, pk, contact_pk=None):
    customer = get_customer_for(request.user, pk, change=True)
    person = get_object_or_404(ContactPerson, pk=contact_pk, customer=customer) if contact_pk else None
    form = ContactPersonForm(request.POST or None, instance=person, customer=customer)
    if request.method == "POST" and form.is_valid():
        try:
            if person:
                update_contact(person, user=request.user, version=form.cleaned_data["version"] or 0, **form.values())
            else:
                create_contact(customer, user=request.user, **form.values())
        except EditConflict as conflict:
            messages.error(request, str(conflict))
            form = ContactPersonForm(instance=conflict.current, customer=customer)
            return render(request, "customers/contact_form.html",
                          {"form": form, "customer": customer, "person": person}, status=409)
        messages.success(request, _("Saved."))
        return redirect("customers:detail", customer.pk)
    return render(request, "customers/contact_form.html", {"form": form, "customer": customer, "person": person})


def stale_before() -> datetime.datetime:
    """Facts verified before this moment are stale (DRAHT_FACT_STALE_DAYS)."""
    return timezone.now() - datetime.timedelta(days=settings.DRAHT_FACT_STALE_DAYS)


def facts_stale(customer: Customer) -> bool:
    """Whether any check-in fact is stale, from the stored oldest verification (no query)."""
    return customer.facts_verified_at is None or customer.facts_verified_at < stale_before()


def stale_facts(customer: Customer) -> list[str]:
    """Facts never verified or verified longer ago than the stale age."""
    limit = stale_before()
    fresh = set(customer.fact_checks.filter(verified_at__gte=limit).values_list("fact", flat=True))
    return [fact for fact in Fact.values if fact not in fresh]


@login_required
def check_in(request, pk):
    customer = get_customer_for(request.user, pk, change=True)
    stale = stale_facts(customer)
    show = Fact.values if request.GET.get("all") else stale
    form = CheckInForm(request.POST or None, customer=customer)
    if request.method == "POST" and form.is_valid():
        values = form.corrected_values()
        corrected = form.corrected_facts(values)
        confirmed = [f for f in form.cleaned_data["confirmed"] if f not in corrected]
        try:
            if values:
                version = object_id(request.POST.get("version")) or 0
                update_customer(customer, user=request.user, version=version, **values)
            confirm_facts(customer, user=request.user, confirmed=confirmed, corrected=corrected)
        except EditConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("customers:check_in", customer.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("customers:check_in", customer.pk)
        count = len(confirmed) + len(corrected)
        messages.success(request, ngettext("%(count)s fact verified.", "%(count)s facts verified.", count)
                         % {"count": count})
        return redirect("customers:detail", customer.pk)
    steps = [{"fact": fact, "label": Fact(fact).label, "fields": [form[f] for f in CheckInForm.FACT_FIELDS[fact]],
              "check": next(c for c in form["confirmed"] if c.data["value"] == fact)} for fact in show]
    checks = {c.fact: c for c in customer.fact_checks.select_related("verified_by")}
    for step in steps:
        step["last"] = checks.get(step["fact"])
    return render(request, "customers/check_in.html", {
        "customer": customer, "form": form, "steps": steps, "stale": stale,
        "contacts": customer.contact_persons.filter(is_active=True),
    })


@login_required
def stale_list(request):
    limit = stale_before()
    qs = permissions.visible_customers(request.user, Customer.objects.filter(is_archived=False))
    if request.GET.get("mine"):
        qs = qs.filter(owner=request.user)
    qs = qs.filter(Q(facts_verified_at__isnull=True) | Q(facts_verified_at__lt=limit)).select_related("owner")
    page = keyset_page(qs, ["id"], request.GET.get("after"), settings.DRAHT_PAGE_SIZE)
    return render(request, "customers/stale.html", {"page": page, "mine": bool(request.GET.get("mine"))})


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    results = run_search(query, request.user, limit=50) if query else []
    too_short = bool(query) and not results and all(len(t) < 3 for t in query.split())
    return render(request, "customers/search.html",
                  {"results": results, "search_query": query, "too_short": too_short})


@login_required
@require_POST
def archive(request, pk):
    customer = get_customer_for(request.user, pk, change=True)
    update_customer(customer, user=request.user, version=customer.version, is_archived=not customer.is_archived)
    return redirect("customers:detail", customer.pk)
