from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from draht.core.backup import BackupError, restore, row_counts


class Command(BaseCommand):
    help = "Restore a backup written by `draht backup` (stop `draht serve` first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")
        parser.add_argument("--forget-mailbox-passwords", action="store_true",
                            help="restore a backup made with another key; the mailbox passwords are entered again")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        if not options["yes"] and input("This replaces all data of draht. Type yes to go on: ").strip() != "yes":
            raise CommandError("nothing restored")
        try:
            manifest = restore(archive, forget_mailbox_passwords=options["forget_mailbox_passwords"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = row_counts()
        differing = {t: (n, counts.get(t)) for t, n in manifest["counts"].items() if counts.get(t) != n}
        if differing:
            raise CommandError(f"restored, but row counts differ: {differing}")
        self.stdout.write(f"restored {archive.name}: {sum(counts.values())} rows in {len(counts)} tables")
