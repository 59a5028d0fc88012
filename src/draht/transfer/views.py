from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from draht.accounts import permissions
from draht.audit.models import log_action
from draht.customers.access import get_customer_for
from draht.customers.models import ContactPerson, Customer

from . import exports, importer, vcards
from .choices import ExportFormat, ImportStatus
from .csvfile import FIELDS, CsvError
from .forms import ImportMappingForm, ImportUploadForm
from .models import ImportJob
from .tasks import run_import


def get_job_for(user, pk) -> ImportJob:
    permissions.require(permissions.can_manage_data(user))
    return get_object_or_404(ImportJob.objects.select_related("default_owner", "created_by"), pk=pk)


@login_required
def import_list(request):
    permissions.require(permissions.can_manage_data(request.user))
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importer.store_upload(upload, name=upload.name, user=request.user,
                                        default_owner=form.cleaned_data["default_owner"],
                                        default_country=form.cleaned_data["default_country"])
        except CsvError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("transfer:import_mapping", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return render(request, "transfer/import_list.html", {"form": form, "jobs": jobs},
                  status=400 if form.errors else 200)


@login_required
def import_mapping(request, pk):
    job = get_job_for(request.user, pk)
    if job.status == ImportStatus.ANALYSING or (job.status == ImportStatus.FAILED and not job.headers):
        template = "transfer/_import_analysing.html" if request.htmx else "transfer/import_analysing.html"
        return render(request, template, {"job": job})
    if request.htmx and request.htmx.target == "analysing":  # the waiting page's poll: the file is read now
        return HttpResponse(headers={"HX-Refresh": "true"})
    if job.is_active or not job.file:
        return redirect("transfer:import_job", pk=job.pk)
    form = ImportMappingForm(request.POST or None, job=job, user=request.user)
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        form.save()
        importer.start_import(job, dry_run=dry_run)
        transaction.on_commit(lambda: run_import.enqueue(job.pk, dry_run, get_language()))
        return redirect("transfer:import_job", pk=job.pk)
    try:
        rows = importer.preview(job)
    except CsvError as exc:
        messages.error(request, str(exc))
        rows = []
    return render(request, "transfer/import_mapping.html", {
        "job": job, "form": form, "rows": rows, "fields": FIELDS,
    })


@login_required
@require_POST
def import_sheet(request, pk):
    """Another sheet of an uploaded spreadsheet: read again by the worker, then mapped as before."""
    job = get_job_for(request.user, pk)
    if job.is_active or request.POST.get("sheet") not in job.sheets:
        raise Http404
    importer.choose_sheet(job, request.POST["sheet"])
    return redirect("transfer:import_mapping", pk=job.pk)


@login_required
def import_job(request, pk):
    job = get_job_for(request.user, pk)
    template = "transfer/_import_progress.html" if request.htmx else "transfer/import_job.html"
    return render(request, template, {"job": job, "now": timezone.now()})


@login_required
@require_POST
def import_resume(request, pk):
    job = get_job_for(request.user, pk)
    if not importer.requeue(job):
        messages.error(request, _("This import is not stalled; it cannot be resumed."))
        return redirect("transfer:import_job", pk=job.pk)
    transaction.on_commit(lambda: run_import.enqueue(job.pk, False, get_language()))
    messages.success(request, _("The import continues from row %(row)s.") % {"row": job.processed_rows + 1})
    return redirect("transfer:import_job", pk=job.pk)


@login_required
def import_rejected(request, pk):
    job = get_job_for(request.user, pk)
    excel = request.GET.get("format", ExportFormat.EXCEL) == ExportFormat.EXCEL
    return _csv_response(exports.rejected_rows(job, excel=excel, user=request.user), f"rejected-{job.pk}.csv")


def _csv_response(chunks, filename: str) -> HttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_csv(request, what):
    permissions.require(permissions.can_export(request.user))
    if what not in exports.EXPORTS:
        raise Http404
    excel = request.GET.get("format") == ExportFormat.EXCEL
    chunks = exports.EXPORTS[what](request.user, request.GET, excel=excel)
    stamp = timezone.localdate().isoformat()
    return _csv_response(chunks, f"draht-{what}-{stamp}.csv")


def _vcard_response(cards, filename: str) -> HttpResponse:
    response = HttpResponse(vcards.serialize(cards), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _version(request) -> str:
    return request.GET.get("version") if request.GET.get("version") in vcards.VERSIONS else "3.0"


@login_required
def vcard_contact(request, pk, contact_pk):
    customer = get_customer_for(request.user, pk)
    person = get_object_or_404(ContactPerson, pk=contact_pk, customer=customer)
    log_action("draht.export.vcard", obj=person, user=request.user, customer=customer, data={"cards": 1})
    return _vcard_response([vcards.contact_card(person, customer, _version(request))], f"contact-{person.pk}.vcf")


@login_required
def vcard_customer(request, pk):
    customer = get_customer_for(request.user, pk)
    version = _version(request)
    cards = [vcards.customer_card(customer, version)]
    cards += [vcards.contact_card(p, customer, version) for p in customer.contact_persons.all()]
    log_action("draht.export.vcard", obj=customer, user=request.user, customer=customer, data={"cards": len(cards)})
    return _vcard_response(cards, f"customer-{customer.pk}.vcf")


@login_required
def vcard_all(request):
    permissions.require(permissions.can_export(request.user))
    version = _version(request)

    def cards():
        for batch in exports.audited(exports._batches(exports.customers_for(request.user, request.GET), ["id"]),
                                     user=request.user, what="vcards", details=exports._filters(request.GET)):
            customers = Customer.objects.in_bulk([c["id"] for c in batch])
            people = ContactPerson.objects.filter(customer_id__in=customers).order_by("customer_id", "id")
            by_customer = {}
            for person in people:
                by_customer.setdefault(person.customer_id, []).append(person)
            for customer_id in sorted(customers):
                customer = customers[customer_id]
                yield vcards.customer_card(customer, version).serialize().encode()
                for person in by_customer.get(customer_id, []):
                    yield vcards.contact_card(person, customer, version).serialize().encode()

    response = StreamingHttpResponse(cards(), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="draht-contacts.vcf"'
    return response
