from django_tasks_db.management.commands import db_worker

from draht.core.processes import process_tag
from draht.core.worker import ResilientWorker


class Command(db_worker.Command):
    help = "The task worker of the database backend: survives database outages, with a heartbeat."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id="w:" + process_tag())

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, max_tasks, worker_id,
               exclude_queues, **options):
        self.configure_logging(verbosity)
        worker = ResilientWorker(
            queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [])
        worker.configure_signals()
        worker.run()
