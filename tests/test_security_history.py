"""Honest history: who may change a timeline entry, recorded entries stay as recorded, every edit (the text too)
and every export (CSV, vCard, DSGVO) is in the audit log; CSV cells can never run as formulas."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from draht.audit.models import AuditEntry
from draht.timeline.services import log_interaction
from draht.transfer import importer
from draht.transfer.csvfile import is_formula_like, safe_cell

from .conftest import api_for, client_for


def note(customer, user, **fields):
    values = {"channel": "note", "direction": "internal", "body": "Rückruf vereinbart"} | fields
    return log_interaction(customer, user=user, **values)


def edit(client, entry, body="geändert"):
    return client.post(f"/timeline/{entry.pk}/edit/", {
        "channel": entry.channel, "direction": entry.direction, "occurred_at": "2026-11-30T10:00", "outcome": "",
        "subject": entry.subject, "body": body, "version": entry.version})


def test_the_author_the_customers_owner_and_managers_may_edit_an_entry(cast, customer):
    entry = note(customer, cast.agent)  # agent wrote it; alice owns the customer
    assert edit(client_for(cast.bob), entry).status_code == 403  # another account manager
    assert edit(client_for(cast.tech), entry).status_code == 403
    for user in (cast.agent, cast.alice, cast.manager):
        entry.refresh_from_db()
        assert edit(client_for(user), entry, body=f"von {user.username}").status_code == 302, user.username
    assert client_for(cast.bob).post(f"/timeline/{entry.pk}/delete/").status_code == 403
    assert api_for(cast.bob).patch(f"/interactions/{entry.pk}", {"version": 4, "body": "x"}).status_code == 403
    assert api_for(cast.bob).delete(f"/interactions/{entry.pk}").status_code == 403


@pytest.mark.parametrize("source, channel", [("email_message", "email"), ("call", "phone"), ("inbound", "chat")])
def test_recorded_entries_are_not_editable_by_anyone(cast, customer, source, channel):
    entry = note(customer, cast.alice, channel=channel, direction="in", source=source)
    for user in (cast.alice, cast.owner):
        assert client_for(user).get(f"/timeline/{entry.pk}/edit/").status_code == 403
        assert edit(client_for(user), entry).status_code == 403
        assert api_for(user).patch(f"/interactions/{entry.pk}", {"version": 1, "body": "x"}).status_code == 403
        assert api_for(user).delete(f"/interactions/{entry.pk}").status_code == 403
    page = client_for(cast.owner).get(f"/customers/{customer.pk}/").content.decode()
    assert f"/timeline/{entry.pk}/edit/" not in page


def test_an_inbound_message_makes_a_recorded_entry(cast, customer):
    from draht.inbox.services import assign, store_inbound

    stored = store_inbound({"channel": "chat", "direction": "in", "id": "c-1", "text": "Hallo",
                            "sender": {"name": "Unbekannt", "handle": "unbekannt"}})
    entry = assign(stored.message, customer, None, user=cast.alice).interaction
    assert entry.source == "inbound"


def test_every_edit_is_audited_with_the_old_and_new_text(cast, customer):
    entry = note(customer, cast.alice, body="alt")
    edit(client_for(cast.alice), entry, body="neu")
    change = AuditEntry.objects.get(action="draht.interaction.changed", object_id=entry.pk)
    assert change.data["changes"]["body"] == ["alt", "neu"]


def test_csv_vcard_and_dsgvo_exports_are_audited_with_who_what_and_how_many(cast, customer, bobs_customer):
    client = client_for(cast.owner)
    b"".join(client.get("/data/export/customers.csv?country=AT").streaming_content)
    b"".join(client.get("/data/export/contacts.csv").streaming_content)
    b"".join(client.get("/data/vcards/all.vcf").streaming_content)
    client.get(f"/data/vcards/customer/{customer.pk}.vcf")
    person = customer.contact_persons.get()
    client.get(f"/privacy/person/contact/{person.pk}/export/")
    api_for(cast.owner).get(f"/privacy/contact/{person.pk}")
    entries = {e.action: e for e in AuditEntry.objects.filter(action__startswith="draht.export.", user=cast.owner)}
    assert entries["draht.export.customers"].data == {"rows": 1, "complete": True, "filters": {"country": "AT"}}
    assert entries["draht.export.contacts"].data["rows"] == 1
    assert entries["draht.export.vcards"].data["rows"] == 1  # one batch of customers
    assert entries["draht.export.vcard"].data == {"cards": 2}
    dsgvo = AuditEntry.objects.filter(action="draht.export.dsgvo", user=cast.owner)
    assert {e.data["format"] for e in dsgvo} == {"json", "api"} and all(e.customer_id == customer.pk for e in dsgvo)


def test_the_rejected_rows_file_neutralises_the_echoed_header(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = b"Firma;=HYPERLINK(\"http://x\";\"y\")\n;egal\n"
    job = importer.create_job(data, name="böse.csv", user=cast.owner, default_owner=cast.alice)
    importer.start_import(job, dry_run=False)
    importer.execute(job.pk, dry_run=False)
    body = b"".join(client_for(cast.owner).get(f"/data/imports/{job.pk}/rejected.csv").streaming_content)
    assert b"'=HYPERLINK" in body and b';=HYPERLINK' not in body and b'"=HYPERLINK' not in body
    assert AuditEntry.objects.filter(action="draht.export.rejected_rows").exists()


# --- formula injection ------------------------------------------------------------------------------------------
INVISIBLE = ["", " ", "  ", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u2060", "\t", "\n", "\r", "\u3000"]
SIGNS = ["=", "+", "-", "@", "＝", "＋", "－", "＠"]


def spreadsheet_reads_a_formula(cell: str) -> bool:
    """A model of what spreadsheet programs do with a cell: text after an apostrophe is text; otherwise they look
    past blanks and invisible characters and read full-width signs as plain ones."""
    if cell.startswith("'"):
        return False
    rest = cell.lstrip("".join(INVISIBLE) + " \u2000\u2001\u2002\u2003\u2009\u200a\u200c\u200e\u200f")
    return (bool(rest) and unicodedata.normalize("NFKC", rest[0])[:1] in "=+-@") or (
        bool(cell) and cell[0] in "\t\r\n")


@given(st.sampled_from(INVISIBLE), st.sampled_from(SIGNS), st.text(max_size=30))
def test_a_formula_behind_blanks_or_in_full_width_is_neutralised(blank, sign, rest):
    assert not spreadsheet_reads_a_formula(safe_cell(blank + sign + rest))


@given(st.text(max_size=40))
def test_no_generated_cell_runs_and_only_an_apostrophe_is_ever_added(value):
    cell = safe_cell(value)
    assert not spreadsheet_reads_a_formula(cell)
    assert cell in (value, "'" + value)


@pytest.mark.parametrize("value", ["Müller GmbH", "1010 Wien", "a-b", "info@huber.at", "", "  Huber", "2026-12-02"])
def test_ordinary_cells_stay_as_they_are(value):
    assert safe_cell(value) == value and not is_formula_like(value) or value == ""
