from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from draht.inbox.upload import store_file


class Command(BaseCommand):
    help = "Store saved e-mails (.eml, .mbox) as the upload page does; prints what happened to each file."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, **options):
        failed = False
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                self.stderr.write(f"{path}: no such file")
                failed = True
                continue
            if path.stat().st_size > settings.DRAHT_IMPORT_MAX_BYTES:
                self.stderr.write(f"{path}: larger than {settings.DRAHT_IMPORT_MAX_BYTES // (1024 * 1024)} MB, "
                                  "not read (raise DRAHT_IMPORT_MAX_BYTES or split it)")
                failed = True
                continue
            result = store_file(str(path), path.name)
            self.stdout.write(f"{path}: {result.stored} stored, {result.known} already there, "
                              f"{len(result.refused)} refused")
            for reason in result.refused[:50]:
                self.stdout.write(f"  refused {reason}")
            failed = failed or bool(result.refused)
        if failed:
            raise CommandError("some messages or files were not stored (see above)")
