"""The task worker of the database backend (django-tasks-db's, made to survive outages): a database that is
stopped, restarting or hanging costs only the time it is away. The worker waits with growing pauses and carries
on by itself; a heartbeat thread tells the recovery job it is alive."""

import logging
import threading
import time

from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

log = logging.getLogger("draht.worker")
HEARTBEAT_SECONDS = 30


def beat(worker_id: str) -> None:
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})


class ResilientWorker(Worker):
    def run(self) -> None:
        if not self.batch:
            self._start_heartbeat()
        pause = 1.0
        while self.running:
            try:
                from .recovery import recover_orphaned_tasks

                # a worker killed on this machine before, or this one's task when the database went away
                recover_orphaned_tasks(idle_worker=self.worker_id)
                return super().run()
            except DatabaseError as exc:
                log.warning("database unreachable (%s: %s); trying again in %.0f s", type(exc).__name__,
                            str(exc).strip().splitlines()[0][:200] if str(exc).strip() else "", pause)
                self._forget_connections()
                deadline = time.monotonic() + pause
                while self.running and time.monotonic() < deadline:
                    time.sleep(0.2)
                pause = min(pause * 2, 30.0)
                self.startup_delay = False

    @staticmethod
    def _forget_connections() -> None:
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseError:
                connection.connection = None

    def _start_heartbeat(self) -> None:
        def loop():
            while self.running:
                try:
                    beat(self.worker_id)
                except DatabaseError:
                    pass  # the main loop reports the outage
                finally:
                    close_old_connections()
                    for connection in connections.all(initialized_only=True):
                        connection.close()
                for _ in range(HEARTBEAT_SECONDS * 5):
                    if not self.running:
                        return
                    time.sleep(0.2)

        threading.Thread(target=loop, name="draht-heartbeat", daemon=True).start()
