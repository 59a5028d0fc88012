"""The import's write path (draht.core.db, decision 0003): rows prepared in the database's own form read back
exactly as given, on SQLite and on PostgreSQL; planner statistics and point lookups on PostgreSQL."""

import datetime

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from draht.audit.models import AuditEntry
from draht.core.db import allocate_ids, insert_prepared, point_lookups, refresh_statistics, row_format
from draht.customers.choices import CustomerKind
from draht.customers.models import ContactPerson, Customer
from draht.transfer.importer import (
    CONTACT_DYNAMIC,
    CONTACT_STATIC,
    CUSTOMER_DYNAMIC,
    CUSTOMER_STATIC,
    contact_static_values,
    customer_static_values,
)

# Any text a cell can hold, apart from NUL (which neither database stores in a text column).
cell_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)


@settings(max_examples=60, deadline=None)
@given(action=cell_text, object_type=st.text(max_size=40).filter(lambda t: "\x00" not in t), data=st.one_of(
    st.just({}), st.dictionaries(cell_text, st.one_of(st.none(), st.integers(-10**6, 10**6), cell_text), max_size=3)))
@pytest.mark.django_db
def test_prepared_rows_read_back_as_written(action, object_type, data):
    fmt = row_format()
    now = datetime.datetime(2026, 12, 1, 20, 1, 3, 109259, tzinfo=datetime.UTC)
    AuditEntry.objects.all().delete()
    insert_prepared(AuditEntry, ["action", "object_type", "object_id", "data", "created_at", "customer_id"],
                    [fmt.row((action, object_type, None, data, now, None))])
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id, entry.data, entry.created_at, entry.customer_id) == (
        action, object_type, None, data, now, None)


@pytest.mark.django_db(transaction=True)
def test_prepared_rows_carry_dates_booleans_and_nulls_and_point_at_each_other(cast):
    """A customer and its contact person written with ids reserved first, each naming the other."""
    fmt = row_format()
    when = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    stamp = fmt.value(when)
    customer_id, = allocate_ids(Customer, 1)
    person_id, = allocate_ids(ContactPerson, 1)
    with transaction.atomic():
        insert_prepared(Customer, CUSTOMER_DYNAMIC + CUSTOMER_STATIC, [fmt.join(
            fmt.row((customer_id, person_id, cast.alice.pk, None, stamp, stamp, stamp)),
            fmt.row(customer_static_values({"name": "Tab\tund\\Zeile\nzwei", "kind": CustomerKind.ORGANISATION,
                                            "customer_since": datetime.date(2015, 3, 1)})))])
        insert_prepared(ContactPerson, CONTACT_DYNAMIC + CONTACT_STATIC, [fmt.join(
            fmt.row((person_id, customer_id, stamp)),
            fmt.row(contact_static_values({"last_name": "Huber", "birthday": datetime.date(1980, 5, 17)})))])
    customer = Customer.objects.select_related("main_contact").get()
    assert customer.name == "Tab\tund\\Zeile\nzwei" and customer.customer_since == datetime.date(2015, 3, 1)
    assert customer.is_archived is False and customer.snoozed_until is None and customer.team_id is None
    assert customer.kind == "organisation" and customer.anniversary_mmdd == 301 and customer.main_contact.version == 1
    assert customer.main_contact.birthday == datetime.date(1980, 5, 17) and customer.main_contact.is_active is True
    assert customer.created_at == when
    # The database numbers what it is given no ids for, after the reserved ones.
    assert Customer.objects.create(name="Next", owner=cast.alice, cadence_days=1, due_at=when).pk > customer_id


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_an_import_leaves_fresh_planner_statistics(cast, tmp_path):
    """Without them PostgreSQL plans the next import's lookups as sequential scans (autovacuum may be off)."""
    from django.core.management import call_command

    path = tmp_path / "k.csv"
    path.write_text("Firma;E-Mail\n" + "".join(f"Firma {n};f{n}@example.com\n" for n in range(1200)))
    call_command("import", str(path), owner="alice", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        analysed = {name for (name,) in cursor.fetchall()}
    assert {"customers_customer", "customers_contactperson", "customers_searchentry"} <= analysed


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_point_lookups_plan_with_an_ssd_page_cost_only_inside_the_block():
    def page_cost():
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            return float(cursor.fetchone()[0])

    before = page_cost()
    with point_lookups():
        assert page_cost() == min(before, 1.1)
    assert page_cost() == before
    refresh_statistics([Customer])  # and refreshing statistics works outside any transaction


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_import_chunks_commit_without_waiting_for_the_disk_and_nothing_else_does(cast, tmp_path):
    """synchronous_commit = off holds for each chunk's transaction only (SET LOCAL): the connection's other
    work, and the run's last transaction that marks the job done, wait for the disk as usual."""
    from django.core.management import call_command

    from draht.core.db import commit_without_waiting

    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    with transaction.atomic():
        commit_without_waiting()
        assert setting() == "off"
    assert setting() == "on"
    path = tmp_path / "k.csv"
    path.write_text("Firma;Ort\nA GmbH;Wien\n")
    call_command("import", str(path), owner="alice", verbosity=0)
    assert setting() == "on" and Customer.objects.count() == 1
