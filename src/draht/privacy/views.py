import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.core.params import object_id

from . import duplicates, erasure, merging
from .access import get_person_for, get_records_to_merge
from .consents import record_consent
from .forms import ConsentForm, EraseForm
from .models import Merge, RetentionCandidate


@login_required
def person(request, kind, pk):
    subject = get_person_for(request.user, kind, pk)
    consent_form = ConsentForm(request.POST or None, prefix="consent")
    if request.method == "POST" and consent_form.is_valid():
        record_consent(subject, user=request.user, **consent_form.cleaned_data)
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
    erasure.log_export(subject, kind, user=request.user, form="html" if request.GET.get("format") == "html" else "json",
                       data=data)
    if request.GET.get("format") == "html":
        from django.utils.dateparse import parse_datetime

        from .readable import document

        return render(request, "privacy/export.html", {
            "sections": document(data, kind), "subject": subject, "kind": kind,
            "exported_at": parse_datetime(data["exported_at"])})
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
    customer = subject.customer if kind == "contact" else None
    erasure.erase_person(subject, user=request.user)
    if customer is not None:
        messages.success(request, _("The contact person was erased."))
        return redirect("customers:detail", pk=customer.pk)
    messages.success(request, _("The customer was erased."))
    return redirect("customers:list")


@login_required
def duplicate_list(request):
    permissions.require(permissions.can_manage_data(request.user))
    return render(request, "privacy/duplicates.html", {
        "customer_groups": duplicates.customer_duplicates(request.user),
        "contact_groups": duplicates.contact_duplicates(request.user),
        "merges": Merge.objects.select_related("merged_by")[:20],
    })


@login_required
@require_POST
def merge(request, kind):
    keep_id = object_id(request.POST.get("keep"))
    other_ids = [object_id(v) for v in request.POST.getlist("other")]
    if keep_id is None or None in other_ids:
        messages.error(request, _("Choose the record to keep."))
        return redirect("privacy:duplicates")
    keep, others = get_records_to_merge(request.user, kind, keep_id, other_ids)
    try:
        merging.merge_all(keep, others, user=request.user)
    except merging.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Merged. You can take it back for %(days)s days below.") % {
            "days": settings.DRAHT_MERGE_UNDO_DAYS})
    return redirect("privacy:duplicates")


@login_required
@require_POST
def undo_merge(request, pk):
    permissions.require(permissions.can_manage_data(request.user))
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
    permissions.require(permissions.can_manage_data(request.user))
    candidates = RetentionCandidate.objects.select_related("customer", "customer__owner")[:500]
    return render(request, "privacy/retention.html", {"candidates": candidates})
