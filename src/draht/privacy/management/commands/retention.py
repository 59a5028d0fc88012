from django.core.management.base import BaseCommand

from draht.privacy.tasks import list_prospects_for_erasure


class Command(BaseCommand):
    help = "List prospects due for erasure under the retention rule (run daily; --queue hands it to the worker)."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true")

    def handle(self, *args, **options):
        if options["queue"]:
            list_prospects_for_erasure.enqueue()
            self.stdout.write("queued")
        else:
            self.stdout.write(f"{list_prospects_for_erasure.call()} prospects listed for erasure")
