"""CSV import: format detection, mapping, dry run, background run, rejected rows, re-import, bad files, a kill."""

import codecs
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from draht.audit.models import AuditEntry
from draht.customers.models import ContactPerson, Customer
from draht.customers.search import search
from draht.transfer import importer
from draht.transfer.csvfile import CsvError, decode, detect_delimiter, propose_mapping, read_rows, safe_cell
from draht.transfer.models import ImportJob
from draht.transfer.rules import parse_row

from .conftest import client_for

DRAHT = str(Path(sys.executable).parent / "draht")

GERMAN_EXCEL = ("Kundennummer;Firma;Straße;PLZ;Ort;Land;Telefon;E-Mail;Vorname;Nachname;Geburtstag\r\n"
                "K1;Müller Bau GmbH;Hauptstraße 1;1010;Wien;Österreich;01 5123456;office@mueller.example;"
                "Anna;Müller;17.05.1980\r\n"
                "K2;\"Bäckerei \"\"Zum Korn\"\"\";\"Gasse 2\r\nHinterhof\";80331;München;DE;089 1234567;"
                "info@korn.example;Eva;Korn;\r\n"
                "K3;Kaputt AG;;;;Atlantis;123;kein-mail;;;\r\n")


# -- format rules ------------------------------------------------------------------------------------


def test_it_reads_utf8_with_and_without_bom_and_windows_1252():
    assert decode(codecs.BOM_UTF8 + "Müller".encode()) == ("Müller", "utf-8-sig")
    assert decode("Müller".encode()) == ("Müller", "utf-8")
    assert decode("Müller €".encode("cp1252")) == ("Müller €", "cp1252")
    assert decode(b"M\xfcller \x81") == ("Müller \x81", "latin-1")  # 0x81 is undefined in cp1252


def test_it_refuses_binary_and_empty_files():
    with pytest.raises(CsvError, match="not a CSV"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CsvError, match="empty"):
        decode(b"  \n ")


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_detects_the_delimiter(delimiter):
    text = delimiter.join(["Firma", "Ort", "Telefon"]) + "\n" + delimiter.join(['"A, B; C"', "Wien", "01 23"]) + "\n"
    assert detect_delimiter(text) == delimiter


def test_quoted_fields_may_hold_line_breaks_and_delimiters():
    rows = list(read_rows('Firma;Straße\n"A;B";"Zeile 1\nZeile 2"\nC;D\n', ";"))
    assert rows == [(1, ["Firma", "Straße"]), (3, ["A;B", "Zeile 1\nZeile 2"]), (4, ["C", "D"])]


def test_it_proposes_fields_for_german_and_english_headers():
    assert propose_mapping(["Firma", "Straße", "PLZ", "Ort", "Telefon", "E-Mail", "Unbekannt"]) == {
        0: "name", 1: "street", 2: "postal_code", 3: "city", 4: "phone", 5: "email"}
    assert propose_mapping(["Company", "Street", "ZIP", "City", "Phone", "Email", "Country"]) == {
        0: "name", 1: "street", 2: "postal_code", 3: "city", 4: "phone", 5: "email", 6: "country"}


def test_first_and_last_name_in_a_company_list_belong_to_the_contact_person():
    assert propose_mapping(["Firma", "Vorname", "Nachname"]) == {
        0: "name", 1: "contact_first_name", 2: "contact_last_name"}
    assert propose_mapping(["Vorname", "Nachname", "Telefon"]) == {0: "first_name", 1: "last_name", 2: "phone"}


@given(st.text())
def test_no_exported_cell_can_start_a_formula(value):
    assert not safe_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe_cell(value).removeprefix("'") in (value, value.removeprefix("'"))


def test_a_row_names_every_problem_with_its_field():
    row = parse_row(4, ["Kaputt AG", "Atlantis", "123", "kein-mail"], {0: "name", 1: "country", 2: "phone",
                                                                          3: "email"}, "DE")
    assert any(e.startswith("Country:") and "Atlantis" in e for e in row.errors)
    assert any(e.startswith("E-mail:") for e in row.errors)
    ok = parse_row(2, ["Huber", "Österreich", "0664 1234567"], {0: "name", 1: "country", 2: "phone"}, "DE")
    assert ok.errors == [] and ok.customer["phone"] == "+436641234567" and ok.customer["country"] == "AT"


# -- the import ----------------------------------------------------------------------------------------


def upload(client, data: bytes, name="kunden.csv", **extra):
    """Upload on the page, then read the file as the worker would next."""
    response = client.post("/data/imports/", {"file": SimpleUploadedFile(name, data), "default_owner": extra.get(
        "owner", ""), "default_country": "DE"})
    for job in ImportJob.objects.filter(status="analysing"):
        importer.analyse(job)
    return response


def run_queued_tasks():
    call_command("db_worker", batch=True, interval=0, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_whole_import_from_upload_to_rejected_rows(cast):
    client = client_for(cast.manager)
    response = upload(client, GERMAN_EXCEL.encode("cp1252"), owner=cast.alice.pk)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/data/imports/{job.pk}/mapping/"
    assert (job.encoding, job.delimiter, job.total_rows) == ("cp1252", ";", 3)

    page = client.get(response.url).content.decode()
    assert "Atlantis" in page and "rejected" in page  # the preview names the problems per row
    mapping = {f"column_{i}": f for i, f in job.mapping.items()}
    response = client.post(response.url, {**mapping, "default_owner": cast.alice.pk, "default_country": "DE",
                                          "action": "check"})
    assert response.status_code == 302
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count, job.rejected_count) == ("checked", 2, 0, 1)
    assert not Customer.objects.exists()  # a dry run writes nothing

    client.post(f"/data/imports/{job.pk}/mapping/", {**mapping, "default_owner": cast.alice.pk,
                                                     "default_country": "DE", "action": "import"})
    progress = client.get(f"/data/imports/{job.pk}/", headers={"HX-Request": "true"})
    assert b"<progress" in progress.content and b"hx-trigger" in progress.content
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count, job.contacts_created, job.rejected_count) == (
        "done", 3, 2, 2, 1)
    mueller = Customer.objects.get(external_id="K1")
    assert (mueller.name, mueller.country, mueller.phone, mueller.owner, mueller.team) == (
        "Müller Bau GmbH", "AT", "+4315123456", cast.alice, cast.wien)
    assert mueller.main_contact.full_name == "Anna Müller" and mueller.main_contact.birthday.isoformat() == "1980-05-17"
    assert Customer.objects.get(external_id="K2").street == "Gasse 2\nHinterhof"
    assert [e.customer for e in search("mueller bau", cast.owner)] == [mueller]
    assert AuditEntry.objects.filter(action="draht.customer.imported", customer=mueller).exists()

    rejected = client.get(f"/data/imports/{job.pk}/rejected.csv")
    text = b"".join(rejected.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("reason;line;Kundennummer;Firma")
    assert "Kaputt AG" in text and "Atlantis" in text and "K1" not in text


@pytest.mark.django_db(transaction=True)
def test_importing_the_same_file_again_updates_instead_of_duplicating(cast, tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_bytes(GERMAN_EXCEL.encode("utf-8"))
    call_command("import", str(path), owner="alice", verbosity=0)
    assert Customer.objects.count() == 2 and ContactPerson.objects.count() == 2
    path.write_bytes(GERMAN_EXCEL.replace("Hauptstraße 1", "Ring 9").encode("utf-8"))
    call_command("import", str(path), owner="alice", verbosity=0)
    assert Customer.objects.count() == 2 and ContactPerson.objects.count() == 2
    mueller = Customer.objects.get(external_id="K1")
    assert mueller.street == "Ring 9" and mueller.version == 2
    assert AuditEntry.objects.filter(action="draht.customer.changed", customer=mueller).exists()


@pytest.mark.django_db(transaction=True)
def test_rows_match_by_email_then_phone_but_never_across_external_ids(cast, tmp_path):
    existing = Customer.objects.create(name="Alt", owner=cast.alice, email="office@mueller.example",
                                       cadence_days=365, due_at="2026-01-01T00:00Z")
    Customer.objects.create(name="Andere", owner=cast.alice, phone="+498912345670", external_id="X9",
                            cadence_days=365, due_at="2026-01-01T00:00Z")
    path = tmp_path / "k.csv"
    path.write_text("Kundennummer;Firma;E-Mail;Telefon\nK1;Müller;office@mueller.example;\n"
                    "K7;Korn;;089 12345670\n")
    call_command("import", str(path), owner="alice", verbosity=0)
    existing.refresh_from_db()
    assert existing.external_id == "K1"  # matched by e-mail, the id filled in
    assert Customer.objects.filter(external_id="K7").exists()  # same phone as X9, but another id: a new customer


def test_the_page_and_the_api_of_imports_are_for_owners_and_managers(cast):
    for user in (cast.alice, cast.agent, cast.comms):
        assert client_for(user).get("/data/imports/").status_code == 403
    assert client_for(cast.owner).get("/data/imports/").status_code == 200
    assert client_for(cast.manager).get("/data/imports/9999/").status_code == 404


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not a CSV file"),
    (b"", "empty"),
    (b"foo;bar;baz\n1;2;3\n", "None of the columns was recognised"),
    (b"Firma;Ort\n", "no data rows"),
    (b"just one line of text\n", "No columns found"),
])
def test_bad_files_get_a_clear_message_and_nothing_is_stored(cast, data, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.manager)
    response = upload(client, data, owner=cast.alice.pk)
    if response.status_code == 302:  # read by the worker: the waiting page then names the problem
        response = client.get(response.url)
        job = ImportJob.objects.get()
        assert job.status == "failed" and not job.file and not list(tmp_path.rglob("*.csv"))
    else:
        assert response.status_code == 400 and not ImportJob.objects.exists()
    assert message in response.content.decode()


def test_a_file_over_the_limit_is_refused_on_the_page_and_by_the_command(cast, settings, tmp_path):
    settings.DRAHT_IMPORT_MAX_BYTES = 100 * 1024 * 1024
    big = tmp_path / "big.csv"
    with big.open("wb") as f:  # 200 MB, sparse: no time spent writing it
        f.truncate(200 * 1024 * 1024)
    with pytest.raises(CommandError, match="larger than 100.0.MB"):
        call_command("import", str(big), owner="alice")
    settings.DRAHT_IMPORT_MAX_BYTES = 1024
    response = upload(client_for(cast.manager), b"Firma\n" + b"x\n" * 1000, owner=cast.alice.pk)
    assert response.status_code == 400 and "larger than 1.0" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_mapping_without_a_name_column_is_refused(cast):
    job = importer.create_job(b"Firma;Ort\nA;Wien\n", name="a.csv", user=cast.manager, default_owner=cast.alice)
    response = client_for(cast.manager).post(f"/data/imports/{job.pk}/mapping/", {
        "column_0": "", "column_1": "city", "default_owner": cast.alice.pk, "default_country": "DE",
        "action": "import"})
    assert response.status_code == 200
    assert "Choose the column with the company or person name." in response.content.decode()
    job.refresh_from_db()
    assert job.status == "uploaded"


def test_a_killed_worker_leaves_whole_customers_and_the_import_resumes(tmp_path):
    """The worker is killed with SIGKILL mid-import: every customer written has its contact person and its
    search entries; resuming finishes the rest without a duplicate."""
    rows = 6000
    csv_path = tmp_path / "kunden.csv"
    subprocess.run([sys.executable, "bench/make_import_csv.py", str(rows), str(csv_path)], check=True,
                   cwd=Path(__file__).parent.parent)
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "DRAHT_IMPORT_CHUNK_ROWS": "100",
                        "TASKS_BACKEND": "db"}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([DRAHT, "createuser", "chefin", "--role", "owner", "--password", "x" * 12], env=env, check=True,
                   timeout=60, capture_output=True)
    subprocess.run([DRAHT, "import", str(csv_path), "--owner", "chefin", "--queue"], env=env, check=True,
                   timeout=60, capture_output=True)
    db = sqlite3.connect(tmp_path / "draht.sqlite3", timeout=20)

    def progress():
        return db.execute("SELECT processed_rows FROM transfer_importjob").fetchone()[0]

    worker = subprocess.Popen([DRAHT, "worker", "--interval", "0.1"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while progress() < 500:
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.02)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)

    done = progress()
    customers, contacts, without_contact, entries = db.execute(
        "SELECT (SELECT COUNT(*) FROM customers_customer), (SELECT COUNT(*) FROM customers_contactperson), "
        "(SELECT COUNT(*) FROM customers_customer c WHERE NOT EXISTS (SELECT 1 FROM customers_contactperson p "
        " WHERE p.customer_id = c.id AND c.main_contact_id = p.id)), "
        "(SELECT COUNT(*) FROM customers_searchentry)").fetchone()
    assert 0 < done < rows
    assert customers == contacts == done  # whole chunks: every written customer has its contact person
    assert without_contact == 0 and entries == 2 * done
    assert db.execute("SELECT status FROM transfer_importjob").fetchone()[0] == "running"

    job_id = db.execute("SELECT id FROM transfer_importjob").fetchone()[0]
    # at once: its process is gone, so there is no need to wait DRAHT_IMPORT_STALLED_SECONDS (120) for it
    resumed = subprocess.run([DRAHT, "import", "--resume", str(job_id)], env=env, capture_output=True, text=True,
                             timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT external_id) FROM customers_customer").fetchone() == (
        rows, rows)
    assert db.execute("SELECT COUNT(*) FROM customers_contactperson").fetchone()[0] == rows
    assert db.execute("SELECT status, processed_rows FROM transfer_importjob").fetchone() == ("done", rows)


@pytest.mark.django_db(transaction=True)
def test_imported_records_carry_the_time_of_the_import(cast, tmp_path):
    from django.utils import timezone

    path = tmp_path / "k.csv"
    path.write_text("Firma;Vorname;Nachname\nA GmbH;Eva;Korn\n")
    before = timezone.now()
    call_command("import", str(path), owner="alice", verbosity=0)
    customer = Customer.objects.get()
    person = customer.main_contact
    assert customer.created_at >= before and customer.updated_at >= before and person.created_at >= before
    assert customer.due_at == customer.created_at and customer.cadence_days == 365 and customer.version == 1


@pytest.mark.django_db(transaction=True)
def test_an_imported_customer_equals_one_made_on_the_page(cast, tmp_path):
    """The import writes rows directly (docs/decisions/0003); every derived field must match the services."""
    import datetime

    from draht.customers.models import SearchEntry
    from draht.customers.services import create_contact, create_customer

    path = tmp_path / "k.csv"
    path.write_text("Firma;Ort;PLZ;Land;Telefon;E-Mail;Kunde seit;Kategorie;Vorname;Nachname;Mobil;Geburtstag\n"
                    "Müller Bau GmbH;Wien;1010;AT;01 5123456;office@mueller.example;01.03.2015;A;Anna;Huber;"
                    "0664 1234567;17.05.1980\n")
    call_command("import", str(path), owner="alice", verbosity=0)
    imported = Customer.objects.get()
    made = create_customer(user=cast.alice, name="Müller Bau GmbH", city="Wien", postal_code="1010", country="AT",
                           phone="+4315123456", email="office@mueller.example", owner=cast.alice,
                           customer_since=datetime.date(2015, 3, 1), tier="A")
    create_contact(made, user=cast.alice, first_name="Anna", last_name="Huber", mobile="+436641234567",
                   birthday=datetime.date(1980, 5, 17))
    made.refresh_from_db()
    fields = ["kind", "tier", "cadence_days", "team_id", "anniversary_mmdd", "match_name", "country", "language",
              "newsletter_status", "home_office_status", "is_archived", "version", "last_personal_contact_at",
              "contact_due_at", "facts_verified_at"]
    assert {f: getattr(imported, f) for f in fields} == {f: getattr(made, f) for f in fields}
    assert imported.due_at == imported.created_at and made.due_at == made.created_at
    texts = {c: sorted(SearchEntry.objects.filter(customer=c).values_list("text", flat=True))
             for c in (imported, made)}
    assert texts[imported] == texts[made]
    contacts = [c.main_contact for c in (imported, made)]
    assert [(p.first_name, p.last_name, p.mobile, p.birthday_mmdd, p.is_active, p.version) for p in contacts][0] == \
        [(p.first_name, p.last_name, p.mobile, p.birthday_mmdd, p.is_active, p.version) for p in contacts][1]


@pytest.mark.django_db(transaction=True)
def test_an_import_queued_twice_runs_once(cast):
    job = importer.create_job(GERMAN_EXCEL.encode(), name="k.csv", user=cast.manager, default_owner=cast.alice)
    importer.start_import(job, dry_run=False)
    from draht.transfer.tasks import run_import

    run_import.enqueue(job.pk, False)
    run_import.enqueue(job.pk, False)
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 2) and Customer.objects.count() == 2


def test_only_a_stalled_or_failed_import_can_be_resumed(cast, settings):
    job = importer.create_job(GERMAN_EXCEL.encode(), name="k.csv", user=cast.manager, default_owner=cast.alice)
    client = client_for(cast.manager)
    client.post(f"/data/imports/{job.pk}/resume/")
    job.refresh_from_db()
    assert job.status == "uploaded"
    ImportJob.objects.filter(pk=job.pk).update(status="running", processed_rows=1, heartbeat_at=None,
                                               started_at="2026-01-01T00:00Z")
    page = client.get(f"/data/imports/{job.pk}/").content.decode()
    assert "stalled" in page and "Resume from row 2" in page
    assert client.post(f"/data/imports/{job.pk}/resume/").status_code == 302
    job.refresh_from_db()
    assert job.status == "queued"
    assert client_for(cast.alice).post(f"/data/imports/{job.pk}/resume/").status_code == 403


def test_a_customer_added_during_a_first_import_is_still_matched(cast):
    """Into an empty database the import skips its match lookups while every customer came from itself; a
    customer somebody adds meanwhile switches them back on."""
    from draht.customers.services import create_customer

    data = "Firma;E-Mail\nErste GmbH;erste@example.com\nZweite GmbH;zweite@example.com\n"
    job = importer.create_job(data.encode(), name="k.csv", user=cast.manager, default_owner=cast.alice)
    importer.start_import(job, dry_run=False)
    run = importer.Importer(job, write=True, chunk_rows=1)
    assert run.started_empty

    def somebody_adds_the_second(position, total):
        if position == 1:
            assert run._only_ours()
            create_customer(user=cast.alice, owner=cast.alice, name="Zweite", email="zweite@example.com")
            assert not run._only_ours()

    done = run.run(somebody_adds_the_second)
    assert done.created_count == 1 and Customer.objects.count() == 2  # matched, not a duplicate


def large_file(rows: int) -> bytes:
    """A file large enough for the parsing process (importer.PARALLEL_FROM_ROWS)."""
    return ("Firma;E-Mail\n" + "".join(f"Firma {n};f{n}@example.com\n" for n in range(rows))).encode()


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_parsing_process_fails_the_import_with_its_message_and_leaves_it_resumable(cast, monkeypatch):
    parse = importer.prepared_row

    def fails_on_line_5802(line, *args):
        if line == 5802:
            raise ValueError("cannot read line 5802")
        return parse(line, *args)

    monkeypatch.setattr(importer, "prepared_row", fails_on_line_5802)  # inherited by the forked parsing process
    job = importer.create_job(large_file(6000), name="k.csv", user=cast.manager, default_owner=cast.alice)
    importer.start_import(job, dry_run=False)
    with pytest.raises(ValueError, match="cannot read line 5802"):
        importer.execute(job.pk, dry_run=False)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "cannot read line 5802" and job.can_resume
    assert Customer.objects.count() == job.processed_rows == 5000  # the chunks before it, whole

    monkeypatch.setattr(importer, "prepared_row", parse)
    assert importer.requeue(job)
    job = importer.execute(job.pk, dry_run=False)
    assert job.status == "done" and Customer.objects.count() == 6000


@pytest.mark.django_db(transaction=True)
def test_a_parsing_process_that_dies_fails_the_import_instead_of_hanging(cast, monkeypatch):
    monkeypatch.setattr(importer.Importer, "_parse_into", lambda self, *args: os._exit(3))
    job = importer.create_job(large_file(6000), name="k.csv", user=cast.manager, default_owner=cast.alice)
    importer.start_import(job, dry_run=False)
    with pytest.raises(RuntimeError, match=r"Reading the file stopped unexpectedly \(exit code 3\)"):
        importer.execute(job.pk, dry_run=False)
    job.refresh_from_db()
    assert job.status == "failed" and "Resume the import" in job.error and not Customer.objects.exists()


@given(day=st.integers(0, 40), month=st.integers(0, 14), year=st.integers(0, 12000),
       pad=st.sampled_from(["{}", "{:02d}", " {}"]))
def test_dates_read_as_strptime_reads_them(day, month, year, pad):
    """parse_date reads 31.12.1970 without strptime; the answer must stay strptime's, pattern by pattern."""
    import datetime

    from django.core.exceptions import ValidationError

    from draht.transfer.rules import parse_date

    def by_strptime(text):
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
            try:
                return datetime.datetime.strptime(text.strip(), pattern).date()
            except ValueError:
                continue
        return "refused"

    for text in (f"{pad.format(day)}.{pad.format(month)}.{year}", f"{pad.format(day)}.{pad.format(month)}.{year:04d}"):
        try:
            got = parse_date(text)
        except ValidationError:
            got = "refused"
        assert got == by_strptime(text), text


def test_the_parsing_process_ends_with_an_import_killed_on_its_own(tmp_path):
    """SIGKILL to the importing process alone (not its group): its parsing process must not live on, blocked
    on a full queue."""
    csv_path = tmp_path / "kunden.csv"
    csv_path.write_bytes(large_file(60000))
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "DRAHT_IMPORT_CHUNK_ROWS": "100"}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([DRAHT, "createuser", "chefin", "--role", "owner", "--password", "x" * 12], env=env, check=True,
                   timeout=60, capture_output=True)
    importing = subprocess.Popen([DRAHT, "import", str(csv_path), "--owner", "chefin"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = Path(f"/proc/{importing.pid}/task/{importing.pid}/children")
    parser = None
    try:
        deadline = time.monotonic() + 60
        while not children.read_text().split():  # the parsing process has started
            assert time.monotonic() < deadline and importing.poll() is None
            time.sleep(0.02)
        parser = int(children.read_text().split()[0])
        os.kill(importing.pid, signal.SIGKILL)
        importing.wait(timeout=10)
        deadline = time.monotonic() + 10
        while psutil.pid_exists(parser) and psutil.Process(parser).status() != psutil.STATUS_ZOMBIE:
            assert time.monotonic() < deadline, "the parsing process outlived the import"
            time.sleep(0.05)
    finally:
        if importing.poll() is None:
            importing.kill()
        if parser and Path(f"/proc/{parser}").exists():  # the test failed: leave nothing running
            os.kill(parser, signal.SIGKILL)
