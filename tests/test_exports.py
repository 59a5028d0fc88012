"""CSV exports (UTF-8 and Excel-German, formula injection) and vCards (3.0/4.0 out, 2.1/3.0/4.0 in)."""

import csv
import io

import pytest
import vobject

from draht.customers.models import ContactPerson, Customer
from draht.customers.services import create_contact
from draht.timeline.services import log_interaction
from draht.transfer import importer

from .conftest import client_for, make_customer


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_of(data: bytes, delimiter=","):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_customers_export_as_utf8_and_as_excel_german(customer, cast):
    client = client_for(cast.manager)
    plain = body(client.get("/data/export/customers.csv"))
    assert not plain.startswith(b"\xef\xbb\xbf")
    rows = rows_of(plain)
    assert rows[0][:4] == ["draht_id", "external_id", "kind", "name"] and rows[1][3] == "Huber IT-Service GmbH"
    excel = body(client.get("/data/export/customers.csv?format=excel"))
    assert excel.startswith(b"\xef\xbb\xbf")
    assert rows_of(excel, ";")[1][3] == "Huber IT-Service GmbH"


def test_cells_that_could_run_as_formulas_are_neutralised(cast):
    make_customer(cast.alice, name="=HYPERLINK(\"http://evil\")", city="+43 Wien", street="@SUM(A1)")
    text = body(client_for(cast.owner).get("/data/export/customers.csv")).decode()
    assert "'=HYPERLINK" in text and "'+43 Wien" in text and "'@SUM(A1)" in text
    assert ",=" not in text and ",+" not in text


def test_exports_follow_the_list_filters_and_visibility(customer, bobs_customer, cast, settings):
    client = client_for(cast.manager)
    rows = rows_of(body(client.get("/data/export/customers.csv?country=DE")))
    assert [r[3] for r in rows[1:]] == ["Schmid Tischlerei KG"]
    contacts = rows_of(body(client.get("/data/export/contacts.csv")))
    assert contacts[0][5:9] == ["contact_salutation", "contact_title", "contact_first_name", "contact_last_name"]
    assert [r[8] for r in contacts[1:]] == ["Müller"]
    settings.DRAHT_TEAM_VISIBILITY = True
    rows = rows_of(body(client_for(cast.bob).get("/data/export/customers.csv")))
    assert [r[3] for r in rows[1:]] == ["Schmid Tischlerei KG"]


def test_interactions_export(customer, cast):
    log_interaction(customer, user=cast.alice, channel="phone", outcome="reached", subject="-Angebot", body="Text")
    rows = rows_of(body(client_for(cast.owner).get("/data/export/interactions.csv")))
    assert rows[1][4] == "phone" and rows[1][8] == "'-Angebot"


def test_exports_are_denied_to_roles_without_export_rights(cast):
    for user in (cast.agent, cast.tech, cast.comms):
        assert client_for(user).get("/data/export/customers.csv").status_code == 403
        assert client_for(user).get("/data/vcards/all.vcf").status_code == 403
    assert client_for(cast.owner).get("/data/export/secrets.csv").status_code == 404


def test_an_export_can_be_imported_again_without_duplicates(customer, cast):
    exported = body(client_for(cast.owner).get("/data/export/contacts.csv?format=excel"))
    job = importer.create_job(exported, name="contacts.csv", user=cast.owner, default_owner=cast.alice)
    importer.start_import(job, dry_run=False)
    job = importer.execute(job.pk, dry_run=False)
    assert (job.created_count, job.rejected_count) == (0, 0)
    assert Customer.objects.count() == 1 and ContactPerson.objects.count() == 1


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcards_round_trip(customer, cast, version):
    client = client_for(cast.alice)
    person = customer.main_contact
    card = client.get(f"/data/vcards/customer/{customer.pk}/contact/{person.pk}.vcf?version={version}")
    assert card["Content-Type"].startswith("text/vcard")
    parsed = vobject.readOne(card.content.decode())
    assert parsed.version.value == version and parsed.fn.value == "Maria Müller"
    every = client.get(f"/data/vcards/customer/{customer.pk}.vcf?version={version}").content.decode()
    assert every.count("BEGIN:VCARD") == 2

    ContactPerson.objects.all().delete()
    Customer.objects.all().delete()
    job = importer.create_job(every.encode(), name="k.vcf", user=cast.owner, default_owner=cast.alice,
                              default_country="AT")
    importer.start_import(job, dry_run=False)
    job = importer.execute(job.pk, dry_run=False)
    assert job.rejected_count == 0
    again = Customer.objects.get()
    assert (again.name, again.email, again.phone, again.city) == (
        "Huber IT-Service GmbH", "office@huber.example", "+4315123456", "Wien")
    maria = again.contact_persons.get()
    assert (maria.first_name, maria.last_name, maria.email, maria.phone, str(maria.birthday)) == (
        "Maria", "Müller", "maria.mueller@huber.example", "+436641234567", "1980-05-17")


def test_vcard_21_with_quoted_printable_as_old_outlook_writes_it(cast):
    card = ("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\n"
            "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\r\n"
            "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:B=C3=A4ckerei M=C3=BCller =\r\nGmbH\r\n"
            "TEL;WORK;VOICE:+43 1 5123456\r\nTEL;CELL:0664 1234567\r\nEMAIL;PREF;INTERNET:j@mueller.example\r\n"
            "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==\r\n\r\nEND:VCARD\r\n")
    job = importer.create_job(card.encode(), name="o.vcf",
                              user=cast.owner, default_owner=cast.alice, default_country="AT")
    importer.start_import(job, dry_run=False)
    job = importer.execute(job.pk, dry_run=False)
    assert job.rejected_count == 0
    customer = Customer.objects.get()
    assert customer.name == "Bäckerei Müller GmbH"
    person = customer.contact_persons.get()
    assert (person.first_name, person.last_name, person.phone, person.mobile, person.email) == (
        "Jürgen", "Müller", "+4315123456", "+436641234567", "j@mueller.example")


def test_all_visible_customers_as_vcards(customer, bobs_customer, cast):
    create_contact(bobs_customer, user=cast.bob, first_name="Sepp", last_name="Schmid")
    text = body(client_for(cast.manager).get("/data/vcards/all.vcf?version=4.0")).decode()
    assert text.count("BEGIN:VCARD") == 4 and "KIND:org" in text
