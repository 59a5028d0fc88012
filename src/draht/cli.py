"""The `draht` command: one entry point for every management command.

    draht serve      web server and task worker together (Ctrl-C stops both)
    draht worker     the task worker alone
    draht demo       demo data (once)
    draht createuser a user with a role
    draht import     customers from CSV or vCard (also on the import page)
    draht backup     a consistent snapshot of database and files; draht restore brings it back
    draht <any manage.py command>
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "draht.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "worker":
        from django.conf import settings

        if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
            argv[1:2] = ["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        else:
            argv[1:2] = ["db_worker"]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
