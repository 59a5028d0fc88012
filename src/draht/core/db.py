"""Database helpers shared by every app."""

from django.db import connection


def on_connection_created(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
