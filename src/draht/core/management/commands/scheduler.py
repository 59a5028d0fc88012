import signal
import time

from django.core.management.base import BaseCommand

from draht.core.scheduler import JOBS, describe, queue_due_jobs


class Command(BaseCommand):
    help = "Queue the periodic jobs (coverage, retention, mail polling, outbox) for the worker when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit (for cron)")
        parser.add_argument("--interval", type=float, default=30, help="seconds between checks")

    def handle(self, *args, **options):
        frequent = {job.name for job in JOBS if job.every}
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        if not options["once"]:
            self.stdout.write("scheduler: " + ", ".join(describe(j) for j in JOBS))
        while True:
            for name in queue_due_jobs():
                if name not in frequent:  # mail polling and the outbox sweep would fill the console
                    self.stdout.write(f"queued {name}")
            if options["once"] or stopping:
                return
            deadline = time.monotonic() + options["interval"]
            while time.monotonic() < deadline and not stopping:
                time.sleep(0.2)
            if stopping:
                return
