"""draht import FILE: the CSV import from the command line (same rules as the page), with progress."""

import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from draht.transfer import importer
from draht.transfer.csvfile import FIELDS, CsvError
from draht.transfer.models import ImportJob


class Command(BaseCommand):
    help = "Import customers and contact persons from a CSV file (or resume a stalled import)."
    requires_system_checks = []  # a third of a second per import; migrate, serve and the worker run them

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV file (UTF-8 or Windows-1252; ; , or tab)")
        parser.add_argument("--owner", help="username of the owner of new customers (default: the first owner)")
        parser.add_argument("--as", dest="user", help="username recorded as the importer (default: --owner)")
        parser.add_argument("--country", default="DE", help="country for rows that name none (default DE)")
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                            help="map a column (header or 1-based number) to a field; repeatable")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--resume", type=int, metavar="JOB", help="continue a stalled or failed import")
        parser.add_argument("--queue", action="store_true", help="hand the import to the worker instead")

    def handle(self, *args, **options):
        if options["resume"]:
            job = ImportJob.objects.filter(pk=options["resume"]).first()
            if job is None or not importer.requeue(job):
                raise CommandError(f"import {options['resume']} does not exist or is not stalled or failed")
            return self.run(job, dry_run=False, queue=options["queue"], resume=True)
        if not options["file"]:
            raise CommandError("name a CSV file, or --resume JOB")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > settings.DRAHT_IMPORT_MAX_BYTES:
            raise CommandError(f"{path}: larger than {filesizeformat(settings.DRAHT_IMPORT_MAX_BYTES)}; split it "
                               "into smaller files (or raise DRAHT_IMPORT_MAX_BYTES)")
        users = get_user_model().objects
        owner = (users.filter(username=options["owner"]).first() if options["owner"]
                 else users.filter(role="owner", is_active=True).order_by("id").first())
        if owner is None:
            raise CommandError("no such owner; pass --owner USERNAME")
        user = users.filter(username=options["user"]).first() if options["user"] else owner
        try:
            job = importer.create_job(path.read_bytes(), name=path.name, user=user, default_owner=owner,
                                      default_country=options["country"].upper())
        except CsvError as exc:
            raise CommandError(f"{path}: {exc}") from None
        if options["map"]:
            job.mapping.update(self.parse_map(job, options["map"]))
            job.save(update_fields=["mapping"])
        columns = sorted(job.mapping.items(), key=lambda item: int(item[0]))
        mapped = ", ".join(f"{job.headers[int(i)]} → {f}" for i, f in columns)
        self.stdout.write(f"import {job.pk}: {job.total_rows} rows, {job.encoding}, delimiter {job.delimiter!r}")
        self.stdout.write(f"columns: {mapped}")
        return self.run(job, dry_run=options["dry_run"], queue=options["queue"])

    def parse_map(self, job, items):
        mapping = {}
        for item in items:
            column, _sep, field = item.partition("=")
            if field not in FIELDS:
                raise CommandError(f"unknown field {field!r}; fields: {', '.join(FIELDS)}")
            if column.isdigit():
                index = int(column) - 1
            elif column in job.headers:
                index = job.headers.index(column)
            else:
                raise CommandError(f"no column {column!r} in the file")
            for key in [k for k, v in job.mapping.items() if v == field]:
                del job.mapping[key]
            mapping[str(index)] = field
        return mapping

    def run(self, job, *, dry_run, queue, resume=False):
        if queue:
            from draht.transfer.tasks import run_import

            if not resume:
                importer.start_import(job, dry_run=dry_run)
            run_import.enqueue(job.pk, dry_run)
            self.stdout.write(f"import {job.pk} queued; `draht worker` runs it")
            return
        if not resume:
            importer.start_import(job, dry_run=dry_run)

        def progress(done, total):
            if sys.stdout.isatty() or done == total:
                self.stdout.write(f"\r{done}/{total} rows", ending="")
                self.stdout.flush()

        try:
            job = importer.execute(job.pk, dry_run=dry_run, progress=progress)
        except CsvError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("")
        verb = "would create" if dry_run else "created"
        self.stdout.write(f"{verb} {job.created_count} customers ({job.contacts_created} contact persons), "
                          f"updated {job.updated_count}, rejected {job.rejected_count}")
        for rejection in job.rejections.all()[:20]:
            self.stdout.write(f"  line {rejection.line}: {rejection.reason}")
        if job.rejected_count > 20:
            self.stdout.write(f"  … {job.rejected_count - 20} more: download them from the import page")
