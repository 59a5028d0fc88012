from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from draht.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup (database + uploaded files) while draht runs."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(settings.VAR_DIR / "backups"))

    def handle(self, *args, **options):
        try:
            archive = backup(Path(options["directory"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(archive))
        from draht.core.backup import key_source

        self.stderr.write(f"Keep {key_source()} (for SECRET_KEY: {settings.VAR_DIR / 'secret_key'} unless set) safe "
                          "apart from the backup: the mailbox passwords in it need that key.")
