"""Backoff for work retried by the worker (webhook deliveries, outgoing e-mail)."""

BACKOFF_MINUTES = [1, 5, 30, 120, 360, 1440]  # then it is given up


def backoff_minutes(attempts: int) -> int | None:
    """Minutes until the next try after this many failed attempts; None once it is time to give up."""
    return BACKOFF_MINUTES[attempts - 1] if attempts <= len(BACKOFF_MINUTES) else None
