"""The `draht` command: one entry point for every management command.

    draht serve      web server and task worker together (Ctrl-C stops both)
    draht worker     the task worker, with the scheduler of periodic jobs beside it
                     (--no-scheduler leaves it out; --batch / --burst drain the queue and exit)
    draht demo       demo data (once)
    draht createuser a user with a role
    draht import     customers from CSV or vCard (also on the import page)
    draht backup     a consistent snapshot of database and files; draht restore brings it back
    draht <any manage.py command>
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.umask(0o077)  # the database, keys, backups and customers' files: readable by their owner only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "draht.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "worker":
        from django.conf import settings

        # Under DEBUG the worker reloads itself in a child process (RUN_MAIN): only the first one schedules.
        with_scheduler = ("--no-scheduler" not in argv and not {"--batch", "--burst"} & set(argv)
                          and os.environ.get("RUN_MAIN") != "true")
        argv = [a for a in argv if a != "--no-scheduler"]
        if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
            argv[1:2] = ["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        else:
            argv[1:2] = ["worker_db"]  # django-tasks-db's db_worker, surviving database outages (core/worker.py)
        if with_scheduler:
            return _with_scheduler(lambda: execute_from_command_line(argv))
    execute_from_command_line(argv)


def _with_scheduler(run_worker) -> None:
    """Run the worker here and the scheduler of periodic jobs as a child that ends with it (several workers
    may each run one: every job slot is claimed once)."""
    import subprocess

    from draht.core.processes import parent_watch

    scheduler = subprocess.Popen([sys.executable, "-m", "draht.cli", "scheduler"], preexec_fn=parent_watch())
    try:
        run_worker()
    finally:
        if scheduler.poll() is None:
            scheduler.terminate()
            try:
                scheduler.wait(timeout=10)
            except subprocess.TimeoutExpired:
                scheduler.kill()


if __name__ == "__main__":
    main()
