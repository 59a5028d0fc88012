"""Database helpers shared by every app."""

import contextlib
import datetime
import json
import sqlite3

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone


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
    start = highest_id(model) + 1
    return list(range(start, start + count))


def highest_id(model) -> int:
    """The highest primary key handed out for the table so far (0 if none): on PostgreSQL its sequence's last
    value, taken by any transaction; on SQLite the highest committed (or, in the writing transaction, written)
    id. Another session's new row raises it."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s)::regclass)",
                           [table, model._meta.pk.column])
        else:
            cursor.execute(f'SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), '
                           f'COALESCE((SELECT MAX(id) FROM "{table}"), 0))', [table])
        return cursor.fetchone()[0] or 0


class CopyText:
    """Rows as lines of PostgreSQL's COPY text format: values joined by tabs, NULL as \\N."""

    def __init__(self):
        def text(value):
            if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
                return value.translate(COPY_ESCAPES)
            return value

        self.by_type = {str: text, int: str, type(None): lambda _v: "\\N", bool: lambda v: "t" if v else "f",
                        datetime.date: datetime.date.isoformat, datetime.datetime: datetime.datetime.isoformat}

    def value(self, value) -> str:
        convert = self.by_type.get(type(value))
        if convert is not None:
            return convert(value)
        if isinstance(value, str):  # a choices member
            return self.by_type[str](str.__str__(value))
        if isinstance(value, (dict, list)):
            return json.dumps(value).translate(COPY_ESCAPES)
        return str(value).translate(COPY_ESCAPES)

    def row(self, values) -> str:
        by_type, value = self.by_type, self.value
        return "\t".join([(by_type.get(type(v)) or value)(v) for v in values])

    @staticmethod
    def join(first: str, rest: str) -> str:
        return f"{first}\t{rest}"


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class SqliteValues:
    """Rows as tuples of the values SQLite stores: dates as ISO text, datetimes as Django writes them (UTC),
    JSON as text."""

    PLAIN = frozenset([str, int, float, type(None), bool, bytes])

    def value(self, value):
        if type(value) in self.PLAIN:
            return value
        if isinstance(value, str):
            return str.__str__(value)
        if isinstance(value, datetime.datetime):
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return value

    def row(self, values) -> tuple:
        plain, value = self.PLAIN, self.value
        return tuple([v if type(v) in plain else value(v) for v in values])

    @staticmethod
    def join(first: tuple, rest: tuple) -> tuple:
        return first + rest


def row_format() -> CopyText | SqliteValues:
    """How insert_prepared() takes rows on this database. Works without a connection (in a forked process)."""
    return CopyText() if connection.vendor == "postgresql" else SqliteValues()


ONE_STATEMENT_MAX_COLUMNS = 8


def insert_prepared(model, columns: list[str], rows: list) -> None:
    """Insert many new rows made by row_format().row() for `columns` (attnames): COPY on PostgreSQL, one prepared
    INSERT on SQLite. Without "id" among the columns the database numbers the rows.

    For imports: Django's bulk_create compiles every value into the SQL string and builds a model instance per
    row, which costs more than the database does (decision 0003).
    """
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(meta.get_field(name).column) for name in columns)  # get_field knows attnames too
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream instead of a statement per row
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write("\n".join(rows))
                copy.write("\n")
            return
        # Narrow rows go in with one statement for the whole batch: SQLite runs each statement of an executemany
        # in its own statement journal, and FTS5 (customers_searchentry's trigger) writes its pending index data
        # out at every one of them: 67 µs per search entry instead of 19. Wide rows stay with executemany: before
        # SQLite 3.45 every `value->>i` parses the row's JSON again.
        rows_json = None
        if len(columns) <= ONE_STATEMENT_MAX_COLUMNS and sqlite3.sqlite_version_info >= (3, 38):  # ->> since 3.38
            try:
                rows_json = json.dumps(rows, separators=(",", ":"))
            except TypeError:  # a value JSON cannot carry (bytes)
                pass
        if rows_json is None:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)
        else:
            values = ", ".join(f"value->>{i}" for i in range(len(columns)))
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {values} FROM json_each(%s)", [rows_json])
        if "id" in columns:  # keep AUTOINCREMENT from handing out these ids again
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT MAX(id) FROM " + table + ")) "
                           "WHERE name = %s", [meta.db_table])


def insert_values(model, fields: list[str], rows: list[list], ids: list[int] | None = None) -> list[int]:
    """Insert many new rows given as value lists for `fields` (attnames), primary keys allocated first (or
    given); returns the new ids in row order."""
    if not rows:
        return []
    ids = ids or allocate_ids(model, len(rows))
    fmt = row_format()
    insert_prepared(model, ["id", *fields], [fmt.row([pk, *values]) for pk, values in zip(ids, rows, strict=True)])
    return ids


def insert_rows(objects, fields: list[str] | None = None) -> None:
    """insert_values() for model instances (all concrete fields unless named); sets their pk, unless all have
    one already (reserved with allocate_ids(), e.g. to point rows at each other before inserting them)."""
    objects = list(objects)
    if not objects:
        return
    meta = objects[0]._meta
    model_fields = [meta.get_field(name) for name in fields] if fields else [
        f for f in meta.concrete_fields if not f.primary_key]
    auto = [f.attname for f in model_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    now = timezone.now()
    for obj in objects:
        for attname in auto:
            setattr(obj, attname, now)
    attnames = [f.attname for f in model_fields]
    rows = [[getattr(obj, name) for name in attnames] for obj in objects]
    reserved = [obj.pk for obj in objects] if all(obj.pk for obj in objects) else None
    for obj, pk in zip(objects, insert_values(type(objects[0]), attnames, rows, reserved), strict=True):
        obj.pk = pk


def refresh_statistics(models) -> None:
    """Let PostgreSQL's planner see what a bulk write added (ANALYZE samples each table; a fraction of a second
    for a million rows). Without it the planner takes a grown table for its old size, or for an empty one when
    it was never analysed, and plans lookups of many keys as sequential scans; autovacuum catches up only
    after a while, and may be switched off. SQLite plans these lookups from the indexes alone: nothing to do."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quote(model._meta.db_table) for model in models))


def commit_without_waiting() -> None:
    """Let the current transaction's commit return before its WAL reaches the disk (PostgreSQL's
    synchronous_commit = off, for this transaction only). Only for work that is done again when it is lost and
    that carries its own cursor, such as an import chunk: a power failure can lose the last commits of this kind
    (never half of one), and none that an ordinary commit followed, which waits for all WAL before it. SQLite
    gains nothing measurable from the like (its WAL is synced in a fraction of the time): nothing to do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


@contextlib.contextmanager
def point_lookups():
    """A transaction for many lookups of single keys by index (select_in() with thousands of values). PostgreSQL's
    default page cost is made for spinning disks: with 2,000 keys for a table of 100,000 rows it plans a
    sequential scan, 15–25 ms where the index takes 4. Within this block it plans with the page cost usual for
    SSDs (1.1), or the server's own if that is lower; inside an outer transaction, until that one ends (SET LOCAL).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('random_page_cost', "
                               "LEAST(current_setting('random_page_cost')::float, 1.1)::text, true)")
        yield


def select_in(sql: str, values, batch: int = 900) -> list[tuple]:
    """Run `sql` (with one `IN %s` placeholder) for many values, in batches, without building querysets.

    Django resolves every value of an `__in` lookup as an expression, which costs more than the query
    for thousands of values; imports look up a few thousand keys per chunk.
    """
    values = list(values)
    rows = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter: no statement text per value
            cursor.execute(sql.replace("IN %s", "= ANY(%s)"), [values])
            return cursor.fetchall()
        for start in range(0, len(values), batch):
            part = values[start:start + batch]
            cursor.execute(sql.replace("IN %s", "IN (" + ", ".join(["%s"] * len(part)) + ")"), part)
            rows += cursor.fetchall()
    return rows


def json_rows(columns: list[str], from_where: str, order_by: str) -> RawSQL:
    """A correlated subquery for an annotation: the rows of `from_where` (FROM … WHERE …, referring to the
    outer table by its name) as one JSON array of [column, …] arrays, in `order_by` order; read it with
    json_list(). A page's small per-row lists (the people at each timeline entry, a customer's tags) then come
    with the rows themselves instead of costing a query of their own."""
    values = ", ".join(columns)
    if connection.vendor == "postgresql":
        sql = f"(SELECT json_agg(json_build_array({values}) ORDER BY {order_by}) {from_where})"
    else:  # SQLite 3.40 has no ORDER BY inside an aggregate: the ordered subquery feeds it in order
        sql = (f"(SELECT json_group_array(json(r)) FROM (SELECT json_array({values}) AS r {from_where} "
               f"ORDER BY {order_by}))")
    return RawSQL(sql, [], output_field=TextField())


def json_list(value) -> list:
    """What json_rows() gave for one row: a list (empty when nothing matched)."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value
