from django.core.management.base import BaseCommand, CommandError

from draht.inbox.imap import fetch_new, poll_mailbox
from draht.inbox.models import Mailbox


class Command(BaseCommand):
    help = "Fetch new mail from the IMAP mailboxes now (the worker does it every DRAHT_MAIL_POLL_MINUTES)."

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", type=int, help="only this mailbox (its id)")
        parser.add_argument("--force", action="store_true",
                            help="fetch even if another poller holds the mailbox (e.g. after a crash)")

    def handle(self, *args, **options):
        mailboxes = Mailbox.objects.filter(is_active=True)
        if options["mailbox"]:
            mailboxes = mailboxes.filter(pk=options["mailbox"])
            if not mailboxes.exists():
                raise CommandError(f"no active mailbox {options['mailbox']}")
        for mailbox in mailboxes:
            result = fetch_new(mailbox) if options["force"] else poll_mailbox(mailbox.pk)
            if result is None:
                self.stdout.write(f"{mailbox.name}: being fetched by another worker")
            elif result.error:
                self.stderr.write(f"{mailbox.name}: {result.error}")
            else:
                self.stdout.write(f"{mailbox.name}: {result.stored} new, {result.known} known, "
                                  f"{result.refused} not stored")
