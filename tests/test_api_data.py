"""The API for imports, DSGVO, consents, duplicates and merges: the same rules as the pages."""

import pytest
from django.core.management import call_command
from django.test import Client

from draht.customers.choices import CustomerKind
from draht.customers.models import Customer
from draht.privacy.models import Consent, Merge

from .conftest import api_for, make_customer

CSV = "Firma;Ort;Telefon;E-Mail\nMüller Bau GmbH;Wien;01 5123456;\nKaputt;Graz;123;kein-mail\n".encode("cp1252")


def upload(user, data=CSV, **form):
    """Upload, then read the file as the worker would next (the answer says "analysing")."""
    from draht.transfer import importer
    from draht.transfer.models import ImportJob

    token = api_for(user).headers
    response = Client().post("/api/v1/imports", {"file": _file(data), **form}, headers=token)
    for job in ImportJob.objects.filter(status="analysing"):
        importer.analyse(job)
    return response


def _file(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("kunden.csv", data)


@pytest.mark.django_db(transaction=True)
def test_an_import_through_the_api(cast):
    response = upload(cast.manager, default_country="AT", default_owner_id=cast.alice.pk)
    assert response.status_code == 202 and response.json()["status"] == "analysing", response.json()
    api = api_for(cast.manager)
    job = api.get(f"/imports/{response.json()['id']}").json()
    assert job["status"] == "uploaded"
    assert (job["encoding"], job["delimiter"], job["total_rows"], job["mapping"]) == (
        "cp1252", ";", 2, {"0": "name", "1": "city", "2": "phone", "3": "email"})
    api = api_for(cast.manager)
    started = api.post(f"/imports/{job['id']}/run", {"dry_run": False})
    assert started.status_code == 202 and started.json()["status"] == "queued"
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    done = api.get(f"/imports/{job['id']}").json()
    assert (done["status"], done["created_count"], done["rejected_count"], done["percent"]) == ("done", 1, 1, 100)
    rejected = api.get(f"/imports/{job['id']}/rejected").json()
    assert rejected[0]["line"] == 3 and "E-mail" in rejected[0]["reason"]
    assert Customer.objects.get().owner == cast.alice
    again = api.post(f"/imports/{job['id']}/run", {"dry_run": True})
    assert again.status_code == 400  # the file is gone once imported


def test_bad_uploads_and_mappings_are_refused_with_the_field(cast):
    response = upload(cast.manager, data=b"\x89PNG\r\n\x1a\n\x00\x00")
    failed = api_for(cast.manager).get(f"/imports/{response.json()['id']}").json()
    assert failed["status"] == "failed" and "not a CSV file" in failed["error"]
    assert api_for(cast.manager).post(f"/imports/{failed['id']}/run", {}).status_code == 400
    job = upload(cast.manager).json()
    twice = [{"column": 0, "field": "city"}, {"column": 1, "field": "city"}]
    bad = api_for(cast.manager).post(f"/imports/{job['id']}/run", {"mapping": twice})
    assert bad.status_code == 400 and bad.json()["details"][0]["field"] == "mapping"
    assert upload(cast.alice).status_code == 403
    assert api_for(cast.alice).get(f"/imports/{job['id']}").status_code == 403


def test_dsgvo_export_consent_and_erasure_through_the_api(cast):
    person = make_customer(cast.alice, name="Zora Quast", kind=CustomerKind.PERSON, first_name="Zora",
                           last_name="Quast", email="zora@quast.example")
    api = api_for(cast.owner)
    consent = api.post(f"/privacy/customer/{person.pk}/consents", {
        "method": "double_opt_in", "text_version": "2026-11", "text": "Ja, bitte."})
    assert consent.status_code == 201 and Consent.objects.get().recorded_by == cast.owner
    exported = api.get(f"/privacy/customer/{person.pk}").json()
    assert exported["person"]["email"] == "zora@quast.example" and exported["consents"][0]["text"] == "Ja, bitte."
    assert api_for(cast.alice).post(f"/privacy/customer/{person.pk}/erase", {}).status_code == 403
    erased = api.post(f"/privacy/customer/{person.pk}/erase", {})
    assert erased.status_code == 200 and erased.json()["counts"]["consents"] == 1
    assert not Customer.objects.filter(pk=person.pk).exists()
    assert api.get(f"/privacy/customer/{person.pk}").status_code == 404


def test_duplicates_and_merges_through_the_api(cast):
    a = make_customer(cast.alice, name="Müller Bau GmbH")
    b = make_customer(cast.bob, name="Mueller Bau GesmbH")
    api = api_for(cast.manager)
    groups = api.get("/duplicates").json()["customers"]
    assert {"reason": "name", "value": a.match_name, "ids": [a.pk, b.pk], "strong": False,
            "reasons": ["names alike and the same city Wien"]} in groups
    merged = api.post("/merges", {"kind": "customer", "keep_id": a.pk, "other_ids": [b.pk]})
    assert merged.status_code == 201 and merged.json()[0]["can_undo"]
    assert Customer.objects.get(pk=b.pk).is_archived
    again = api.post("/merges", {"kind": "customer", "keep_id": a.pk, "other_ids": [b.pk]})
    assert again.status_code == 400
    undone = api.post(f"/merges/{Merge.objects.get().pk}/undo", {})
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert not Customer.objects.get(pk=b.pk).is_archived
    assert api_for(cast.alice).get("/duplicates").status_code == 403
    assert api.post("/merges", {"kind": "customer", "keep_id": a.pk, "other_ids": [999999]}).status_code == 404
