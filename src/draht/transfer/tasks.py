from django.utils import translation
from django_tasks import task

from . import importer


@task()
def analyse_import(job_id: int, language: str = "de") -> str:
    """Read an uploaded file's format, columns and rows (the mapping page waits for this)."""
    from .models import ImportJob

    with translation.override(language):
        job = ImportJob.objects.filter(pk=job_id, status="analysing").first()
        return importer.analyse(job).status if job else "gone"


@task()
def run_import(job_id: int, dry_run: bool, language: str = "de") -> int:
    """Check (dry run) or import one uploaded CSV file; resumes from the job's cursor after a crash."""
    with translation.override(language):
        job = importer.execute(job_id, dry_run=dry_run)
    return job.processed_rows
