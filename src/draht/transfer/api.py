import datetime
from enum import Enum
from typing import Annotated

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, StrictBool

from draht.accounts import permissions
from draht.api.core import ERRORS, Input, bounded_int
from draht.customers.rules import validate_country

from . import importer
from .csvfile import FIELDS, CsvError, check_mapping
from .tasks import run_import
from .views import get_job_for

router = Router(tags=["import"])


class ImportOut(Schema):
    id: int
    original_name: str
    encoding: str
    delimiter: str
    headers: list[str]
    mapping: dict[str, str]
    default_owner_id: int
    default_country: str
    status: str
    dry_run: bool
    total_rows: int
    processed_rows: int
    percent: int
    created_count: int
    updated_count: int
    unchanged_count: int
    rejected_count: int
    contacts_created: int
    error: str
    can_resume: bool
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class UploadForm(Schema):
    # Form fields arrive as text: a plain bounded int, not the API's strict Id. Leave it out for yourself.
    default_owner_id: Annotated[int, Field(ge=1, le=2**62)] = None
    default_country: Annotated[str, Field(min_length=2, max_length=2)] = "DE"


@router.post("/imports", response={202: ImportOut, **ERRORS})
def upload(request, form: Form[UploadForm], file: File[UploadedFile] = None):
    """Upload a CSV (UTF-8 or Windows-1252; ; , or tab) or vCard file. The worker reads it: poll
    `GET /imports/{id}` until `status` is `uploaded` (with the detected format and the proposed column mapping) or
    `failed` (with the reason in `error`). Nothing is imported yet."""
    if not permissions.can_manage_data(request.user):
        raise PermissionDenied
    owner_id = form.default_owner_id or request.user.pk
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None or not permissions.can_be_owner(owner):
        raise ValidationError({"default_owner_id": [_("Choose a user who can own customers.")]})
    country = validate_country(form.default_country)
    if file is None:  # also an empty file: Django's form parser drops those
        raise ValidationError({"file": [_("The file is empty.")]})
    try:
        job = importer.store_upload(file, name=file.name or "import.csv", user=request.user, default_owner=owner,
                                    default_country=country)
    except CsvError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    return Status(202, job)


@router.get("/imports/{import_id}", response={200: ImportOut, **ERRORS})
def get_import(request, import_id: int):
    """Status and progress of an import."""
    return get_job_for(request.user, import_id)


ImportField = Enum("ImportField", {name: name for name in FIELDS}, type=str)


class ColumnMapping(Input):
    column: bounded_int(0, 199)
    field: ImportField


class RunIn(Input):
    dry_run: StrictBool = True
    mapping: list[ColumnMapping] | None = Field(default=None, max_length=200)


@router.post("/imports/{import_id}/run", response={202: ImportOut, **ERRORS})
def run(request, import_id: int, payload: RunIn):
    """Check (dry_run, the default) or import in the background; poll GET /imports/{id} for progress."""
    job = get_job_for(request.user, import_id)
    if job.status == "analysing" or not job.headers:
        raise ValidationError([_("The file is still being read (or could not be read); see its status.")])
    if job.is_active or not job.file:
        raise ValidationError([_("This import is running or finished; upload the file again to repeat it.")])
    if payload.mapping is not None:
        try:
            mapping = check_mapping([(m.column, m.field.value) for m in payload.mapping], len(job.headers))
        except ValidationError as exc:
            raise ValidationError({"mapping": exc.messages}) from None
        job.mapping = mapping
        job.save(update_fields=["mapping"])
    importer.start_import(job, dry_run=payload.dry_run)
    language = get_language()
    transaction.on_commit(lambda: run_import.enqueue(job.pk, payload.dry_run, language))
    job.refresh_from_db()
    return Status(202, job)


class RejectionOut(Schema):
    line: int
    reason: str
    cells: list[str]


@router.get("/imports/{import_id}/rejected", response={200: list[RejectionOut], **ERRORS})
def rejected(request, import_id: int, limit: Annotated[int, Field(ge=1, le=1000)] = 100):
    """The rows the import could not take, with the reason (the first `limit`)."""
    return list(get_job_for(request.user, import_id).rejections.order_by("line")[:limit])
