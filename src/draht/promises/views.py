from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.core.pagination import keyset_page
from draht.core.params import object_id
from draht.customers.access import get_customer_for
from draht.timeline.models import Interaction

from .choices import PromiseStatus
from .forms import PromiseForm
from .rules import standing
from .services import get_promise_for, record_promise, reliability_table, resolve_promise, visible_promises

SCOPES = ("mine", "team", "all")


@login_required
def create(request, pk):
    customer = get_customer_for(request.user, pk, log=True)
    made_in = None
    if object_id(request.GET.get("from")) is not None:
        made_in = Interaction.objects.filter(pk=object_id(request.GET["from"]), customer=customer).first()
    form = PromiseForm(request.POST or None, initial={"owner": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            record_promise(customer, user=request.user, interaction=made_in, **form.cleaned_data)
        except ValidationError as exc:  # the rules of services.check_promise, shown at their fields
            form.add_error(None, exc)
        else:
            messages.success(request, _("Promise recorded; %(owner)s is reminded before the date.")
                             % {"owner": form.cleaned_data["owner"]})
            return redirect("customers:detail", customer.pk)
    return render(request, "promises/form.html", {"form": form, "customer": customer, "made_in": made_in},
                  status=400 if form.errors else 200)


def _scope(request) -> str:
    scope = request.GET.get("scope")
    return scope if scope in SCOPES else "mine"


@login_required
def promise_list(request):
    scope = _scope(request)
    status = request.GET.get("status") if request.GET.get("status") in PromiseStatus.values else "open"
    in_scope = visible_promises(request.user, scope)
    promises = in_scope.filter(status=status).select_related("customer", "owner")
    page = keyset_page(promises, ["due_on", "id"], request.GET.get("after"), settings.DRAHT_PAGE_SIZE)
    today = timezone.localdate()
    for promise in page.items:
        promise.standing = standing(promise.status, promise.due_on, promise.resolved_on, today)
        promise.can_resolve = permissions.can_resolve_promise(request.user, promise, promise.customer)
    context = {"page": page, "scope": scope, "status": status, "statuses": PromiseStatus.choices,
               "kept_label": pgettext("promise", "kept"), "broken_label": pgettext("promise", "broken")}
    if request.htmx and request.GET.get("fragment") == "rows":
        return render(request, "promises/rows.html", context)
    if permissions.can_see_coverage(request.user):
        context["reliability"] = reliability_table(in_scope, today)
    return render(request, "promises/list.html", context)


@login_required
@require_POST
def resolve(request, pk):
    promise = get_promise_for(request.user, pk, resolve=True)
    kept = request.POST.get("outcome") == "kept"
    if request.POST.get("outcome") not in ("kept", "broken"):
        messages.error(request, _("Choose kept or broken."))
    else:
        try:
            resolve_promise(promise, user=request.user, kept=kept)
            messages.success(request, _("Marked kept.") if kept else _("Marked broken."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    if request.POST.get("back") == "customer":
        return redirect("customers:detail", promise.customer_id)
    return redirect("promises:list")
