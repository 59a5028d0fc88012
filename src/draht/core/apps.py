from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "draht.core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .db import on_connection_created

        connection_created.connect(on_connection_created)
