from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    ANALYSING = "analysing", _("reading the file")
    UPLOADED = "uploaded", _("uploaded")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    CHECKED = "checked", _("checked")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ExportFormat(models.TextChoices):
    UTF8 = "utf8", _("CSV (UTF-8, comma)")
    EXCEL = "excel", _("CSV for Excel (German: semicolon, BOM)")
