"""Database helpers shared by every app."""

from django.db import connection


def on_connection_created(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def update_rows(objects, fields: list[str]) -> None:
    """Save the given fields of many rows with one prepared UPDATE run for each (executemany).

    Django's bulk_update builds a CASE expression per field over the whole batch, which costs seconds for
    a thousand rows; a prepared statement costs milliseconds on SQLite and PostgreSQL alike.
    """
    objects = list(objects)
    if not objects:
        return
    meta = objects[0]._meta
    model_fields = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in model_fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in model_fields] + [obj.pk]
              for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def allocate_ids(model, count: int) -> list[int]:
    """Reserve `count` primary keys for rows about to be inserted. Call inside the writing transaction."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, model._meta.pk.column, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: transactions are IMMEDIATE, so this one holds the write lock until it commits.
        cursor.execute(f'SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), '
                       f'COALESCE((SELECT MAX(id) FROM "{table}"), 0))', [table])
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


SIMPLE_TYPES = {"CharField", "TextField", "EmailField", "IntegerField", "BigIntegerField", "PositiveIntegerField",
                "PositiveSmallIntegerField", "ForeignKey", "BigAutoField", "AutoField", "SlugField"}


def insert_rows(objects, fields: list[str] | None = None) -> None:
    """Insert many new rows with one prepared INSERT (executemany), primary keys allocated first.

    For imports: Django's bulk_create compiles every value into the SQL string, which costs more than the
    database does. Fields default to all concrete ones; objects get their pk set.
    """
    objects = list(objects)
    if not objects:
        return
    meta = objects[0]._meta
    for obj, pk in zip(objects, allocate_ids(type(objects[0]), len(objects)), strict=True):
        obj.pk = pk
    model_fields = [meta.get_field(name) for name in fields] if fields else list(meta.concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in model_fields)
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(model_fields))})")
    converters = [None if f.get_internal_type() in SIMPLE_TYPES else f for f in model_fields]
    attnames = [f.attname for f in model_fields]
    params = []
    for obj in objects:
        row = []
        for attname, field in zip(attnames, converters, strict=True):
            value = getattr(obj, attname)
            row.append(value if field is None else field.get_db_prep_save(field.pre_save(obj, True), connection))
        params.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # keep AUTOINCREMENT from handing out these ids again
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                           [objects[-1].pk, meta.db_table])
