import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.customers.choices import CustomerKind
from draht.customers.models import ContactPerson, Customer

from . import duplicates, erasure, merging
from .forms import ConsentForm, EraseForm
from .models import Merge, RetentionCandidate


def _require_data_manager(user):
    if not permissions.can_manage_data(user):
        raise PermissionDenied


def get_person_for(user, kind: str, pk: int):
    """The contact person or private customer, if the user may manage data and see the customer."""
    _require_data_manager(user)
    if kind == "contact":
        person = get_object_or_404(ContactPerson.objects.select_related("customer"), pk=pk)
        customer = person.customer
    elif kind == "customer":
        person = customer = get_object_or_404(Customer, pk=pk, kind=CustomerKind.PERSON)
    else:
        raise Http404
    if not permissions.can_view_customer(user, customer):
        raise Http404
    return person


@login_required
def person(request, kind, pk):
    subject = get_person_for(request.user, kind, pk)
    consent_form = ConsentForm(request.POST or None, prefix="consent")
    if request.method == "POST" and consent_form.is_valid():
        consent = consent_form.save(commit=False)
        consent.customer = subject.customer if kind == "contact" else subject
        consent.contact_person = subject if kind == "contact" else None
        consent.recorded_by = request.user
        with transaction.atomic():
            consent.save()
            consent.customer.log_action("draht.privacy.consent_recorded", user=request.user, obj=consent,
                                        data={"purpose": consent.purpose, "method": consent.method,
                                              "text_version": consent.text_version})
        messages.success(request, _("The consent was recorded."))
        return redirect("privacy:person", kind=kind, pk=pk)
    data = erasure.export_person(subject)
    return render(request, "privacy/person.html", {
        "kind": kind, "subject": subject, "data": data, "consent_form": consent_form, "erase_form": EraseForm(),
        "customer": subject.customer if kind == "contact" else subject,
    })


@login_required
def export(request, kind, pk):
    subject = get_person_for(request.user, kind, pk)
    data = erasure.export_person(subject)
    if request.GET.get("format") == "html":
        return render(request, "privacy/export.html", {"data": data, "subject": subject})
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="dsgvo-{kind}-{pk}.json"'
    return response


@login_required
@require_POST
def erase(request, kind, pk):
    subject = get_person_for(request.user, kind, pk)
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm the erasure first."))
        return redirect("privacy:person", kind=kind, pk=pk)
    if kind == "contact":
        customer = subject.customer
        erasure.erase_contact(subject, user=request.user)
        messages.success(request, _("The contact person was erased."))
        return redirect("customers:detail", pk=customer.pk)
    erasure.erase_customer(subject, user=request.user)
    messages.success(request, _("The customer was erased."))
    return redirect("customers:list")


@login_required
def duplicate_list(request):
    _require_data_manager(request.user)
    return render(request, "privacy/duplicates.html", {
        "customer_groups": duplicates.customer_duplicates(request.user),
        "contact_groups": duplicates.contact_duplicates(request.user),
        "merges": Merge.objects.select_related("merged_by")[:20],
    })


@login_required
@require_POST
def merge(request, kind):
    _require_data_manager(request.user)
    model = Customer if kind == "customer" else ContactPerson if kind == "contact" else None
    if model is None:
        raise Http404
    try:
        keep_id = int(request.POST.get("keep", ""))
        other_ids = [int(v) for v in request.POST.getlist("other") if int(v) != keep_id]
    except ValueError:
        messages.error(request, _("Choose the record to keep."))
        return redirect("privacy:duplicates")
    keep = get_object_or_404(model, pk=keep_id)
    others = list(model.objects.filter(pk__in=other_ids))
    visible = [keep.customer if kind == "contact" else keep] + [o.customer if kind == "contact" else o for o in others]
    if not others or not all(permissions.can_view_customer(request.user, c) for c in visible):
        raise Http404
    try:
        with transaction.atomic():
            for other in others:
                if kind == "customer":
                    merging.merge_customers(keep, other, user=request.user)
                else:
                    merging.merge_contacts(keep, other, user=request.user)
    except merging.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Merged. You can take it back for %(days)s days below.") % {
            "days": merging.settings_days()})
    return redirect("privacy:duplicates")


@login_required
@require_POST
def undo_merge(request, pk):
    _require_data_manager(request.user)
    record = get_object_or_404(Merge, pk=pk)
    try:
        merging.undo_merge(record, user=request.user)
    except merging.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The merge was taken back."))
    return redirect("privacy:duplicates")


@login_required
def retention(request):
    _require_data_manager(request.user)
    candidates = RetentionCandidate.objects.select_related("customer", "customer__owner")[:500]
    return render(request, "privacy/retention.html", {"candidates": candidates})
