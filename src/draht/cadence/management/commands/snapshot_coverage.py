from django.core.management.base import BaseCommand

from draht.cadence.tasks import record_coverage_snapshot


class Command(BaseCommand):
    help = "Queue today's coverage snapshot for the worker (run daily, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="record it here instead of queueing it")

    def handle(self, *args, **options):
        if options["now"]:
            from draht.cadence.coverage import record_snapshot

            self.stdout.write(f"{record_snapshot()} snapshot rows written")
        else:
            result = record_coverage_snapshot.enqueue()
            self.stdout.write(f"queued {result.id}")
