"""Django's PostgreSQL backend, with the web request's deadline (core/deadline.py) also on the health check that
Django runs before reusing a connection: against a hanging server it would otherwise wait forever."""

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

from draht.core import deadline


class DatabaseWrapper(PostgresDatabaseWrapper):
    def is_usable(self):
        if not deadline.active():
            return super().is_usable()
        try:
            with deadline.limit():
                return super().is_usable()
        except deadline.Expired:
            return False  # Django closes it and connects anew (with connect_timeout)
