from django_tasks import task

from .erasure import list_retention_candidates


@task()
def list_prospects_for_erasure() -> int:
    """Retention rule: list prospects without any interaction for DRAHT_RETENTION_PROSPECT_YEARS (idempotent)."""
    return list_retention_candidates()
