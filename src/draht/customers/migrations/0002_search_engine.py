"""The search index behind draht.customers.search: FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE customers_searchentry_fts USING fts5("
    "text, content='customers_searchentry', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER customers_searchentry_ai AFTER INSERT ON customers_searchentry BEGIN "
    "INSERT INTO customers_searchentry_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER customers_searchentry_ad AFTER DELETE ON customers_searchentry BEGIN "
    "INSERT INTO customers_searchentry_fts(customers_searchentry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER customers_searchentry_au AFTER UPDATE ON customers_searchentry BEGIN "
    "INSERT INTO customers_searchentry_fts(customers_searchentry_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO customers_searchentry_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS customers_searchentry_au",
    "DROP TRIGGER IF EXISTS customers_searchentry_ad",
    "DROP TRIGGER IF EXISTS customers_searchentry_ai",
    "DROP TABLE IF EXISTS customers_searchentry_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS customers_searchentry_text_trgm ON customers_searchentry "
    "USING gin (text gin_trgm_ops)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS customers_searchentry_text_trgm"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
