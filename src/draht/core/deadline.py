"""A deadline for what a web request waits on PostgreSQL (DRAHT_DB_TIMEOUT_SECONDS). A server that hangs (stopped
process, full disk, network partition) never answers, and neither the server's statement_timeout nor TCP
keepalives help on a connection whose peer's kernel still acknowledges: only the client can stop waiting. An
interval timer (SIGALRM) needs the main thread, which is where gunicorn's sync workers serve requests."""

import contextlib
import signal
import threading

from django.conf import settings
from django.db import OperationalError

_state = {"active": False}


class DatabaseTimeout(OperationalError):
    """The database did not answer in time (it hangs, or a query is far too slow)."""


class Expired(BaseException):
    """Raised by the alarm; BaseException so that no `except Exception` on the way swallows it."""


def _on_alarm(signum, frame):
    raise Expired


def usable() -> bool:
    return threading.current_thread() is threading.main_thread() and bool(settings.DRAHT_DB_TIMEOUT_SECONDS)


def active() -> bool:
    return _state["active"]


@contextlib.contextmanager
def request_scope():
    """Statements in this block (a web request) get the deadline."""
    _state["active"] = True
    try:
        yield
    finally:
        _state["active"] = False


@contextlib.contextmanager
def limit():
    """Raise Expired when the block takes longer than DRAHT_DB_TIMEOUT_SECONDS (unless another alarm is set)."""
    if signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, settings.DRAHT_DB_TIMEOUT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def with_deadline(execute, sql, params, many, context):
    """An execute_wrapper: the statement, or DatabaseTimeout (and the connection, mid-statement, is dropped)."""
    try:
        with limit():
            return execute(sql, params, many, context)
    except Expired:
        context["connection"].close()
        raise DatabaseTimeout(f"the database did not answer within {settings.DRAHT_DB_TIMEOUT_SECONDS} s") from None
