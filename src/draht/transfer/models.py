import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ImportStatus


def import_upload_path(instance, filename):
    return f"imports/{uuid.uuid4().hex}.csv"


def import_source_path(instance, filename):
    return f"imports/{uuid.uuid4().hex}.source"


class ImportJob(models.Model):
    """One CSV file being brought in: its detected format, the column mapping, and how far the import got.

    Rows are written in chunks, each in one transaction together with `processed_rows`; a worker killed
    mid-import leaves whole customers and a cursor to resume from, never half a customer.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=import_upload_path)
    # A spreadsheet as uploaded (`file` is its chosen sheet as CSV): kept until the import is done, to choose another
    source = models.FileField(_("uploaded spreadsheet"), upload_to=import_source_path, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    sheets = models.JSONField(_("sheets"), default=list, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=20)
    detected_format = models.CharField(_("recognised as"), max_length=60, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1)
    headers = models.JSONField(_("columns"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict, help_text=_("column index → field"))
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("default owner"), on_delete=models.PROTECT, related_name="+"
    )
    default_country = models.CharField(_("default country"), max_length=2, default="DE")
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    dry_run = models.BooleanField(_("dry run"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    contacts_created = models.PositiveIntegerField(_("contact persons created"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    runner = models.CharField(_("running in"), max_length=64, blank=True, editable=False,
                              help_text=_("host:pid:start of the process that runs the import"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_active(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def is_stalled(self) -> bool:
        """Running, but its process has ended (on this machine), or no progress for a while (its worker died
        elsewhere). The import can be resumed."""
        if self.status != ImportStatus.RUNNING:
            return False
        from draht.core.processes import is_gone

        if self.runner and is_gone(self.runner):
            return True
        last = self.heartbeat_at or self.started_at or self.created_at
        return (timezone.now() - last).total_seconds() > settings.DRAHT_IMPORT_STALLED_SECONDS

    @property
    def can_resume(self) -> bool:
        return self.is_stalled or (self.status == ImportStatus.FAILED and not self.dry_run)


class ImportRejection(models.Model):
    """A row the import could not take, with the reason; downloadable as CSV to fix and import again."""

    job = models.ForeignKey(ImportJob, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField(_("line"))
    reason = models.TextField(_("reason"))
    cells = models.JSONField(_("cells"), default=list)

    class Meta:
        ordering = ["job", "line"]
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        indexes = [models.Index(fields=["job", "line"], name="importrejection_job_line")]

    def __str__(self):
        return f"{self.job_id}:{self.line}"
