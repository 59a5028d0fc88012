from django_tasks import task

from .coverage import record_snapshot


@task()
def record_coverage_snapshot() -> int:
    """Today's coverage figures for the history chart; idempotent, safe to run any number of times."""
    return record_snapshot()
