"""Duplicates and merging, DSGVO export and erasure (checked against full database dumps), retention,
consent records, backup and restore."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from draht.audit.models import AuditEntry
from draht.customers.choices import CustomerKind, Fact
from draht.customers.models import ContactPerson, Customer
from draht.customers.search import search
from draht.customers.services import confirm_facts, create_contact, update_contact
from draht.privacy import merging
from draht.privacy.duplicates import contact_duplicates, customer_duplicates
from draht.privacy.models import Consent, Erasure, Merge, RetentionCandidate
from draht.privacy.rules import duplicate_evidence, match_name
from draht.timeline.models import Interaction
from draht.timeline.services import log_interaction

from .conftest import client_for, days_ago, make_customer

DRAHT = str(Path(sys.executable).parent / "draht")


# -- duplicates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Müller Bau GmbH", "Mueller Bau Ges.m.b.H."),
    ("Huber KG", "huber"),
    ("Dr. Anna Gruber", "Gruber Anna"),
    ("Schmid & Co. KG", "Schmid"),
    ("Bäckerei Weiß AG", "Baeckerei Weiss GesmbH"),
])
def test_names_alike_after_removing_umlauts_titles_and_legal_forms(a, b):
    assert match_name(a) == match_name(b)


def test_different_names_stay_apart():
    assert match_name("Müller Bau GmbH") != match_name("Müller Holz GmbH")


def firm(name, **fields):
    return {"name": match_name(name), "email": "", "phones": [], "postal_code": "", "city": ""} | fields


@pytest.mark.parametrize("a, b, kinds", [
    (firm("Müller Bau GmbH", email="office@mueller.example"), firm("Ganz anders", email="Office@Mueller.example"),
     ["email"]),
    (firm("A", phones=["+4315123456"]), firm("B", phones=["", "+4315123456"]), ["phone"]),
    (firm("Müller Bau GmbH", postal_code="1010"), firm("Mueller Bau Ges.m.b.H.", postal_code="1010 "),
     ["name_postcode"]),
    (firm("Dr. Anna Gruber", city="St. Pölten"), firm("Gruber Anna", city="st poelten"), ["name_city"]),
    (firm("Huber KG", email="a@x.example", phones=["+431"], city="Wien"),
     firm("Huber", email="a@x.example", phones=["+431"], city="Wien"), ["email", "phone", "name_city"]),
    ({"name": "juergen huber", "customer_id": 1, "phones": []}, {"name": "juergen huber", "customer_id": 1},
     ["name_customer"]),
])
def test_pairs_that_are_the_same(a, b, kinds):
    assert [e.kind for e in duplicate_evidence(a, b)] == kinds
    assert [e.kind for e in duplicate_evidence(b, a)] == kinds


@pytest.mark.parametrize("a, b", [
    (firm("Müller Bau GmbH", city="Wien"), firm("Müller Bau KG", city="Graz")),  # one trade, one surname, two towns
    (firm("Müller Bau GmbH"), firm("Müller Bau KG")),  # nowhere to tell: not proposed
    (firm("Müller Bau GmbH", postal_code="1010", city="Wien"), firm("Müller Holz GmbH", postal_code="1010",
                                                                    city="Wien")),
    (firm("A", email="", phones=[""]), firm("B", email="", phones=[""])),  # empty values are not shared values
    ({"name": "anna huber", "customer_id": 1}, {"name": "anna huber", "customer_id": 2}),  # two Anna Hubers
])
def test_pairs_that_are_not(a, b):
    assert duplicate_evidence(a, b) == []


def test_the_demo_proposes_only_its_planted_duplicates(db):
    from draht.accounts.models import User
    from draht.core.demo import create_demo

    create_demo()
    owner = User.objects.get(username="inhaber")
    groups = customer_duplicates(owner)
    assert len(groups) == 2 and len(contact_duplicates(owner)) == 1
    assert {g.strong for g in groups} == {True, False}
    assert all(len(g.records) == 2 for g in groups)


def test_the_page_says_why_in_words_and_chooses_nothing(cast):
    make_customer(cast.alice, name="Müller Bau GmbH", postal_code="1010", email="office@mueller.example")
    make_customer(cast.alice, name="Mueller Bau KG", postal_code="1010", email="office@mueller.example")
    make_customer(cast.alice, name="Müller Bau GmbH", country="AT", city="Graz", postal_code="8010")
    html = client_for(cast.owner).get("/privacy/duplicates/").content.decode()
    assert "the same e-mail address office@mueller.example" in html
    assert "names alike and the same postcode 1010" in html and "likely the same" in html
    assert "Graz" not in html  # the namesake in another town is not proposed
    assert "checked" not in html and 'name="keep"' in html and "required" in html
    response = client_for(cast.owner).post("/privacy/duplicates/merge/customer/", {"other": ["1", "2"]})
    assert response.status_code == 302 and not Customer.objects.filter(is_archived=True).exists()


def test_the_duplicate_page_finds_same_email_phone_and_similar_names(cast):
    a = make_customer(cast.alice, name="Müller Bau GmbH", email="office@mueller.example")
    b = make_customer(cast.bob, name="Mueller Bau Ges.m.b.H.")
    c = make_customer(cast.alice, name="Ganz Anders OG", email="office@mueller.example")
    d = make_customer(cast.alice, name="Telefon KG", phone="+4315123456")
    e = make_customer(cast.alice, name="Noch eine KG", phone="+4315123456")
    groups = {(g.reason, tuple(sorted(r.pk for r in g.records))) for g in customer_duplicates(cast.owner)}
    assert ("email", (a.pk, c.pk)) in groups and ("phone", (d.pk, e.pk)) in groups
    assert ("name", (a.pk, b.pk)) in groups
    create_contact(a, user=cast.alice, first_name="Jürgen", last_name="Huber", email="jh@x.example")
    create_contact(a, user=cast.alice, first_name="Juergen", last_name="Huber")
    create_contact(c, user=cast.alice, first_name="Eva", last_name="Other", email="jh@x.example")
    reasons = {g.reason for g in contact_duplicates(cast.owner)}
    assert reasons == {"email", "name"}
    page = client_for(cast.manager).get("/privacy/duplicates/")
    assert page.status_code == 200 and "Mueller Bau Ges.m.b.H." in page.content.decode()
    assert client_for(cast.alice).get("/privacy/duplicates/").status_code == 403


@pytest.fixture
def twins(cast):
    keep = make_customer(cast.alice, name="Müller Bau GmbH", email="office@mueller.example", tags=[])
    other = make_customer(cast.bob, name="Mueller Bau", phone="+4315123456", street="Ring 1")
    person = create_contact(other, user=cast.bob, first_name="Eva", last_name="Korn")
    log_interaction(other, user=cast.bob, channel="onsite_meeting", occurred_at=days_ago(3), contact_persons=[person],
                    is_personal=True)
    confirm_facts(other, user=cast.bob, confirmed=[Fact.ADDRESS])
    return keep, other, person


def test_merging_keeps_interactions_contacts_facts_and_history_and_can_be_taken_back(twins, cast):
    keep, other, person = twins
    history = AuditEntry.objects.filter(customer=other).count()
    response = client_for(cast.manager).post("/privacy/duplicates/merge/customer/", {"keep": keep.pk,
                                                                                     "other": [keep.pk, other.pk]})
    assert response.status_code == 302
    keep.refresh_from_db()
    other.refresh_from_db()
    assert other.is_archived and keep.phone == "+4315123456" and keep.street == "Ring 1"
    assert list(keep.contact_persons.all()) == [person] and keep.interactions.count() == 1
    assert keep.last_personal_contact_at is not None and keep.fact_checks.filter(fact=Fact.ADDRESS).exists()
    assert AuditEntry.objects.filter(customer=keep).count() >= history + 1
    assert [e.customer for e in search("korn", cast.owner)] == [keep]
    merge = Merge.objects.get()
    assert AuditEntry.objects.filter(action="draht.customer.merged", customer=keep).exists()

    client_for(cast.manager).post(f"/privacy/merges/{merge.pk}/undo/")
    keep.refresh_from_db()
    other.refresh_from_db()
    assert not other.is_archived and other.interactions.count() == 1 and keep.interactions.count() == 0
    assert keep.phone == "" and keep.street == "" and list(other.contact_persons.all()) == [person]
    assert keep.last_personal_contact_at is None and other.last_personal_contact_at is not None
    assert [e.customer for e in search("korn", cast.owner)] == [other]


def test_a_merge_can_be_taken_back_for_30_days_only(twins, cast):
    keep, other, _person = twins
    merge = merging.merge_customers(keep, other, user=cast.manager)
    Merge.objects.filter(pk=merge.pk).update(merged_at=timezone.now() - datetime.timedelta(days=31))
    merge.refresh_from_db()
    with pytest.raises(merging.MergeError):
        merging.undo_merge(merge, user=cast.manager)


def test_merging_contact_persons(customer, cast):
    first = customer.main_contact
    second = create_contact(customer, user=cast.alice, first_name="Maria", last_name="Mueller", mobile="+436761234567")
    visit = log_interaction(customer, user=cast.alice, channel="onsite_meeting", contact_persons=[second])
    merge = merging.merge_contacts(first, second, user=cast.manager)
    first.refresh_from_db()
    assert first.mobile == "+436761234567" and list(visit.contact_persons.all()) == [second, first] or \
        set(visit.contact_persons.all()) == {first, second}
    assert not ContactPerson.objects.get(pk=second.pk).is_active
    merging.undo_merge(merge, user=cast.manager)
    first.refresh_from_db()
    assert first.mobile == "" and list(visit.contact_persons.all()) == [second]
    assert ContactPerson.objects.get(pk=second.pk).is_active


# -- DSGVO -----------------------------------------------------------------------------------------------


@pytest.fixture
def private_person(cast):
    person = make_customer(cast.alice, name="Zacharias Quellmalz", kind=CustomerKind.PERSON, first_name="Zacharias",
                           last_name="Quellmalz", email="zq@quellmalz.example", phone="+436649876543",
                           street="Quellmalzgasse 7")
    log_interaction(person, user=cast.alice, channel="phone", outcome="reached",
                    body="Herr Quellmalz ruft zurück, Tel. +436649876543")
    Consent.objects.create(customer=person, method="double_opt_in", text_version="2026-01",
                           text="Ja, ich möchte den Newsletter.")
    return person


def test_the_dsgvo_export_holds_every_datum_as_json_and_as_a_page(private_person, cast):
    client = client_for(cast.manager)
    data = json.loads(client.get(f"/privacy/person/customer/{private_person.pk}/export/").content)
    assert data["person"]["email"] == "zq@quellmalz.example" and len(data["interactions"]) == 1
    assert data["consents"][0]["text"] == "Ja, ich möchte den Newsletter." and data["changes"]
    assert data["messages"] == [] and data["emails_written"] == []
    page = client.get(f"/privacy/person/customer/{private_person.pk}/export/?format=html").content.decode()
    assert "Quellmalzgasse 7" in page and "ruft zurück" in page
    assert client_for(cast.alice).get(f"/privacy/person/customer/{private_person.pk}/export/").status_code == 403


def dump_database() -> str:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    db = connection.settings_dict
    env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    return subprocess.run(["pg_dump", "-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432),
                           "-U", db.get("USER") or "postgres", db["NAME"]], env=env, capture_output=True,
                          text=True, check=True).stdout


def assert_gone(dump: str, *values):
    for value in values:
        escaped = json.dumps(value)[1:-1]
        assert value.lower() not in dump.lower() and escaped.lower() not in dump.lower(), value


@pytest.mark.django_db(transaction=True)
def test_erasing_a_private_customer_leaves_nothing_in_a_full_dump(private_person, cast):
    identifiers = ["Quellmalz", "zq@quellmalz.example", "+436649876543", "06649876543", "436649876543"]
    before = dump_database()
    assert all(v in before for v in identifiers[:3])
    response = client_for(cast.manager).post(f"/privacy/person/customer/{private_person.pk}/erase/",
                                             {"confirm": "on"})
    assert response.status_code == 302
    assert_gone(dump_database(), *identifiers)
    erased = Erasure.objects.get()
    assert erased.counts["interactions"] == 1 and erased.counts["by_channel"] == {"phone": 1}
    assert AuditEntry.objects.filter(action="draht.privacy.erased").exists()
    assert not search("quellmalz", cast.owner)


@pytest.mark.django_db(transaction=True)
def test_erasing_a_contact_person_removes_them_from_index_texts_and_history(customer, cast):
    person = create_contact(customer, user=cast.alice, first_name="Ottokar", last_name="Wunderlich",
                            email="ottokar@wunderlich.example", mobile="+436601234567")
    update_contact(person, user=cast.alice, version=person.version, position="Einkauf")
    log_interaction(customer, user=cast.alice, channel="onsite_meeting", contact_persons=[person],
                    subject="Besuch bei Ottokar Wunderlich", body="Mail an ottokar@wunderlich.example")
    client_for(cast.owner).post(f"/privacy/person/contact/{person.pk}/erase/", {"confirm": "on"})
    assert_gone(dump_database(), "Wunderlich", "ottokar@wunderlich.example", "+436601234567", "06601234567")
    assert Customer.objects.filter(pk=customer.pk).exists()  # the organisation stays, with its interaction
    assert Interaction.objects.get(subject__contains="Besuch").subject == "Besuch bei [gelöscht]"


def test_erasure_needs_confirmation_and_the_right_role(private_person, cast):
    client_for(cast.manager).post(f"/privacy/person/customer/{private_person.pk}/erase/", {})
    assert Customer.objects.filter(pk=private_person.pk).exists()
    assert client_for(cast.alice).post(f"/privacy/person/customer/{private_person.pk}/erase/",
                                       {"confirm": "on"}).status_code == 403
    organisation = make_customer(cast.alice, name="Firma GmbH")
    assert client_for(cast.owner).get(f"/privacy/person/customer/{organisation.pk}/").status_code == 404


def test_consent_is_recorded_with_what_when_how_and_text(private_person, cast):
    response = client_for(cast.manager).post(f"/privacy/person/customer/{private_person.pk}/", {
        "consent-method": "written", "consent-given_at": "2026-11-01T10:00", "consent-text_version": "v3",
        "consent-text": "Ich möchte den Newsletter erhalten."})
    assert response.status_code == 302
    consent = Consent.objects.get(text_version="v3")
    assert (consent.purpose, consent.method, consent.recorded_by) == ("newsletter", "written", cast.manager)


def test_retention_lists_prospects_without_interactions_for_years(cast, settings):
    settings.DRAHT_RETENTION_PROSPECT_YEARS = 3
    old = make_customer(cast.alice, name="Alter Interessent")
    Customer.objects.filter(pk=old.pk).update(created_at=days_ago(4 * 365))
    active = make_customer(cast.alice, name="Aktiver Interessent")
    Customer.objects.filter(pk=active.pk).update(created_at=days_ago(4 * 365))
    log_interaction(active, user=cast.alice, channel="phone", outcome="reached", occurred_at=days_ago(30))
    client = make_customer(cast.alice, name="Kunde", customer_since=datetime.date(2020, 1, 1))
    Customer.objects.filter(pk=client.pk).update(created_at=days_ago(4 * 365))
    from django.core.management import call_command

    call_command("retention", verbosity=0)
    call_command("retention", verbosity=0)  # idempotent
    assert list(RetentionCandidate.objects.values_list("customer_id", flat=True)) == [old.pk]
    page = client_for(cast.owner).get("/privacy/retention/").content.decode()
    assert "Alter Interessent" in page and "Aktiver" not in page


# -- backup ----------------------------------------------------------------------------------------------


def backup_round_trip(tmp_path, env):
    """Demo data, a backup, changes to rows and files, a restore: rows and files as they were."""
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([DRAHT, "demo", "--customers", "40"], env=env, check=True, timeout=120, capture_output=True)
    (tmp_path / "var" / "media" / "imports").mkdir(parents=True)
    (tmp_path / "var" / "media" / "imports" / "kept.csv").write_text("Firma\nA\n")
    sample = ("from draht.customers.models import Customer as C; "
              "print([(c.pk, c.name, c.phone, c.due_at.isoformat()) for c in C.objects.order_by('pk')[:5]], "
              "C.objects.count())")
    before = subprocess.run([DRAHT, "shell", "-c", sample], env=env, capture_output=True, text=True).stdout
    made = subprocess.run([DRAHT, "backup", str(tmp_path / "backups")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    archive = made.stdout.strip().splitlines()[-1]
    subprocess.run([DRAHT, "shell", "-c", "from draht.customers.models import Customer as C; "
                    "C.objects.filter(pk__in=list(C.objects.values_list('pk', flat=True)[:5])).update(name='weg')"],
                   env=env, check=True)
    (tmp_path / "var" / "media" / "imports" / "kept.csv").unlink()
    restored = subprocess.run([DRAHT, "restore", archive, "--yes"], env=env, capture_output=True, text=True,
                              timeout=120)
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    after = subprocess.run([DRAHT, "shell", "-c", sample], env=env, capture_output=True, text=True).stdout
    assert after == before and "weg" not in after
    assert (tmp_path / "var" / "media" / "imports" / "kept.csv").read_text() == "Firma\nA\n"


def test_backup_and_restore_round_trip_on_sqlite(tmp_path):
    backup_round_trip(tmp_path, os.environ | {"DRAHT_VAR": str(tmp_path / "var"), "DATABASE_URL": ""})


@pytest.mark.postgresql
def test_backup_and_restore_round_trip_on_postgresql(tmp_path):
    db = connection.settings_dict
    server = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432),
              "-U", db.get("USER") or "postgres"]
    name = f"draht_backup_test_{os.getpid()}"
    pg_env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    subprocess.run(["dropdb", *server, "--if-exists", name], env=pg_env, check=True)
    subprocess.run(["createdb", *server, name], env=pg_env, check=True)
    try:
        url = f"postgres://{db.get('USER') or 'postgres'}:{db.get('PASSWORD') or ''}@{server[1]}:{server[3]}/{name}"
        backup_round_trip(tmp_path, os.environ | {"DRAHT_VAR": str(tmp_path / "var"), "DATABASE_URL": url})
    finally:
        subprocess.run(["dropdb", *server, "--if-exists", name], env=pg_env, check=True)


def test_a_backup_taken_while_someone_writes_is_one_consistent_snapshot(tmp_path):
    import sqlite3
    import time

    env = os.environ | {"DRAHT_VAR": str(tmp_path / "var"), "DATABASE_URL": ""}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    writer = subprocess.Popen([DRAHT, "shell", "-c", "from draht.customers.models import Tag\n"
                               "for i in range(200000):\n    Tag.objects.create(name=f't{i}')\n"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        database = sqlite3.connect(tmp_path / "var" / "draht.sqlite3", timeout=20)
        deadline = time.monotonic() + 30
        while database.execute("SELECT COUNT(*) FROM customers_tag").fetchone()[0] < 200:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        made = subprocess.run([DRAHT, "backup", str(tmp_path / "backups")], env=env, capture_output=True, text=True,
                              timeout=120)
        assert made.returncode == 0, made.stderr
    finally:
        writer.kill()
        writer.wait(timeout=10)
    written = database.execute("SELECT COUNT(*) FROM customers_tag").fetchone()[0]
    restored = subprocess.run([DRAHT, "restore", made.stdout.strip().splitlines()[-1], "--yes"], env=env,
                              capture_output=True, text=True, timeout=120)
    assert restored.returncode == 0, restored.stderr  # the manifest's counts are the snapshot's
    database = sqlite3.connect(tmp_path / "var" / "draht.sqlite3")
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 200 <= database.execute("SELECT COUNT(*) FROM customers_tag").fetchone()[0] < written


@pytest.mark.django_db(transaction=True)
def test_erasure_removes_the_persons_e_mails_sent_and_received_with_their_attachment_files(private_person, cast,
                                                                                           settings, tmp_path):
    from draht.inbox.models import Blob
    from draht.inbox.services import store_email
    from draht.outbox.services import queue_email

    settings.MEDIA_ROOT = tmp_path
    raw = (b"From: Zacharias Quellmalz <zq@quellmalz.example>\r\nTo: office@draht.example\r\nSubject: Rechnung\r\n"
           b"Message-ID: <q-1@quellmalz.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b"
           b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nGruss, Z. Quellmalz\r\n--b\r\nContent-Type: text/plain\r\n"
           b"Content-Disposition: attachment; filename=quellmalz.txt\r\n\r\nQuellmalzgasse 7\r\n--b--\r\n")
    message = store_email(raw, source="upload").message
    assert message.customer_id == private_person.pk
    blob = Blob.objects.get(raw_messages=None)
    original = message.raw  # the message as it came, compressed
    assert original is not None and original.path.exists()
    queue_email(private_person, user=cast.alice, to=["zq@quellmalz.example"], subject="Ihre Rechnung, Herr Quellmalz",
                body="Guten Tag Herr Quellmalz")
    exported = json.loads(client_for(cast.manager).get(f"/privacy/person/customer/{private_person.pk}/export/").content)
    assert exported["messages"][0]["subject"] == "Rechnung"
    assert exported["emails_written"][0]["to"] == ["zq@quellmalz.example"]
    client_for(cast.manager).post(f"/privacy/person/customer/{private_person.pk}/erase/", {"confirm": "on"})
    assert_gone(dump_database(), "Quellmalz", "zq@quellmalz.example")
    assert not blob.path.exists() and Erasure.objects.get().counts["messages"] == 1
    assert not original.path.exists() and not Blob.objects.filter(pk=original.pk).exists()


def test_a_merge_moves_messages_and_e_mails_and_keeps_one_thread_head(twins, cast, settings, tmp_path):
    from draht.inbox.models import Message
    from draht.inbox.services import assign, store_email
    from draht.outbox.models import OutgoingEmail
    from draht.outbox.services import queue_email

    settings.MEDIA_ROOT = tmp_path
    keep, other, person = twins
    first = store_email(b"From: x@y.example\r\nSubject: Frage\r\nMessage-ID: <m-1@y.example>\r\n\r\nA\r\n",
                        source="upload").message
    reply = store_email(b"From: x@y.example\r\nSubject: AW: Frage\r\nMessage-ID: <m-2@y.example>\r\n"
                        b"In-Reply-To: <m-1@y.example>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\nB\r\n",
                        source="upload").message
    assign(first, keep, None, user=cast.alice)
    assign(reply, other, None, user=cast.bob)  # one conversation, booked to both twins
    queue_email(other, user=cast.bob, to=["x@y.example"], subject="S", body="B")
    merge = merging.merge_customers(keep, other, user=cast.manager)
    assert set(Message.objects.values_list("customer_id", flat=True)) == {keep.pk}
    assert OutgoingEmail.objects.get().customer_id == keep.pk
    heads = Interaction.objects.filter(customer=keep, thread_id=first.thread_id, is_thread_head=True)
    assert heads.count() == 1 and heads.get().thread_size == 2
    merging.undo_merge(merge, user=cast.manager)
    assert Message.objects.get(pk=reply.pk).customer_id == other.pk
    assert Interaction.objects.get(customer=keep, thread_id=first.thread_id).is_thread_head
