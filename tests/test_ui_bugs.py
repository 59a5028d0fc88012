"""The bugs a new user found on the pages (issue 14): each one reproduced as it was seen."""

import datetime
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.core.management import call_command
from django.utils import timezone, translation

import draht
from draht.cadence.charts import CHAR_WIDTH, axis_labels, line_chart
from draht.customers.models import Customer
from draht.privacy.models import Consent
from draht.timeline.services import log_interaction
from draht.transfer.models import ImportJob

from .conftest import client_for, make_customer
from .test_import import GERMAN_EXCEL, run_queued_tasks, upload


def german(user):
    user.language = "de"
    user.save(update_fields=["language"])
    return client_for(user)


# -- dates: browsers take only ISO values in <input type=date|datetime-local> ---------------------------


def date_fields_of_every_form():
    for module_info in pkgutil.iter_modules(draht.__path__):
        try:
            module = importlib.import_module(f"draht.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, (forms.DateField, forms.DateTimeField)):
                        yield f"{name}.{field_name}", field


DATE_FIELDS = dict(date_fields_of_every_form())


def test_the_forms_have_date_fields_at_all():
    assert {"SnoozeForm.until", "ConsentForm.given_at", "PromiseForm.due_on", "InteractionForm.occurred_at",
            "CustomerForm.customer_since", "ContactPersonForm.birthday"} <= set(DATE_FIELDS)


@pytest.mark.parametrize("name", sorted(DATE_FIELDS))
def test_every_date_field_gives_the_browser_an_iso_value_in_german(name):
    field = DATE_FIELDS[name]
    when = datetime.datetime(2026, 12, 9, 1, 4, 8)
    with translation.override("de"):
        html = field.widget.render("x", field.prepare_value(when if isinstance(field, forms.DateTimeField)
                                                            else when.date()))
    expected = {"date": 'value="2026-12-09"', "datetime-local": 'value="2026-12-09T01:04"'}
    kind = re.search(r'type="([^"]+)"', html).group(1)
    assert kind in expected, html
    assert expected[kind] in html, html


def test_the_snooze_date_is_filled_in_for_a_german_user(cast, customer):
    html = german(cast.alice).get(f"/due/{customer.pk}/snooze/").content.decode()
    in_a_week = timezone.localdate() + datetime.timedelta(days=7)
    assert f'value="{in_a_week.isoformat()}"' in html


def test_the_consent_date_is_filled_in_and_a_german_user_can_record_it(cast, customer):
    client = german(cast.owner)
    person = f"/privacy/person/contact/{customer.main_contact.pk}/"
    html = client.get(person).content.decode()
    given = re.search(r'name="consent-given_at"[^>]*value="([^"]*)"', html) or re.search(
        r'value="([^"]*)"[^>]*name="consent-given_at"', html)
    assert given and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", given.group(1)), html
    method = re.search(r'name="consent-method".*?<option value="([^"]+)"', html, re.S).group(1)
    response = client.post(person, {
        "consent-method": method, "consent-given_at": given.group(1), "consent-text_version": "v1",
        "consent-text": "Ja"})
    assert response.status_code == 302
    assert timezone.localtime(Consent.objects.get().given_at).strftime("%Y-%m-%dT%H:%M") == given.group(1)


def test_editing_an_entry_shows_its_time_as_the_browser_needs_it(cast, customer):
    entry = log_interaction(customer, user=cast.alice, channel="note", direction="internal", body="Notiz",
                            occurred_at=datetime.datetime(2026, 12, 2, 1, 4, 8, tzinfo=datetime.UTC))
    html = german(cast.alice).get(f"/timeline/{entry.pk}/edit/").content.decode()
    local = timezone.localtime(entry.occurred_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in html


# -- a translated placeholder is text, not a tag ------------------------------------------------------------


def test_the_webhooks_help_keeps_its_placeholder_in_german(cast):
    html = german(cast.owner).get("/webhooks/").content.decode()
    assert "t=&lt;Unix-Zeit&gt;" in html


# -- the coverage chart's labels --------------------------------------------------------------------------


def test_axis_labels_never_overlap_and_stay_inside_the_chart():
    for count in (1, 2, 5, 12, 13, 30, 53):
        names = [f"KW {i + 1}/2026" for i in range(count)]
        left, right = 40.0, 630.0
        xs = [left + (right - left) * i / max(1, count - 1) for i in range(count)]
        spans = []
        for index, x, anchor in axis_labels(names, xs, left, right):
            width = len(names[index]) * CHAR_WIDTH
            start = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            spans.append((start, start + width))
        assert spans[-1][1] <= right and spans[0][0] >= left
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False)), (count, spans)
        assert axis_labels(names, xs, left, right)[-1][0] == count - 1  # the latest week is always named


def test_the_last_label_of_a_chart_is_anchored_at_its_end():
    svg = line_chart([(f"2026-{m:02d}", 0.5) for m in range(1, 13)], width=640)
    assert svg.count("<text") >= 3 and 'text-anchor="end">2026-12<' in svg


# -- German order on both databases -----------------------------------------------------------------------


def test_the_customer_list_sorts_as_a_german_phone_book(cast):
    for name in ("Brunner KG", "Bäcker Huber", "Zander", "Ärztezentrum Nord", "Adler", "baumann"):
        make_customer(cast.alice, name=name)
    html = client_for(cast.alice).get("/customers/").content.decode()
    order = [name for name in re.findall(r">([^<>]+)</a>", html) if name in {
        "Brunner KG", "Bäcker Huber", "Zander", "Ärztezentrum Nord", "Adler", "baumann"}]
    assert order == ["Adler", "Ärztezentrum Nord", "Bäcker Huber", "baumann", "Brunner KG", "Zander"]
    names = [c["name"] for c in client_for(cast.alice).get("/api/v1/customers").json()["items"]]
    assert names.index("Bäcker Huber") < names.index("Brunner KG")


def test_renaming_moves_a_customer_in_the_order(cast, customer):
    from draht.customers.services import update_customer

    update_customer(customer, user=cast.alice, version=customer.version, name="Ölhandel Maier")
    assert Customer.objects.get(pk=customer.pk).sort_name == "oelhandel maier"


# -- re-importing an unchanged file ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_reimporting_an_unchanged_file_says_unchanged_in_preview_dry_run_and_result(cast, tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_bytes(GERMAN_EXCEL.encode("utf-8"))
    call_command("import", str(path), owner="alice", verbosity=0)
    versions = dict(Customer.objects.values_list("external_id", "version"))

    client = german(cast.manager)
    response = upload(client, GERMAN_EXCEL.encode("utf-8"), owner=cast.alice.pk)
    job = ImportJob.objects.latest("id")
    preview = client.get(response.url).content.decode()
    assert preview.count(">unverändert<") == 2 and ">geändert<" not in preview
    mapping = {f"column_{i}": f for i, f in job.mapping.items()}
    form = {**mapping, "default_owner": cast.alice.pk, "default_country": "DE"}

    client.post(response.url, {**form, "action": "check"})
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count, job.unchanged_count, job.rejected_count) == (
        "checked", 0, 0, 2, 1)
    html = client.get(f"/data/imports/{job.pk}/").content.decode()
    assert "Probelauf: geprüft" in html and "(Probelauf)" not in html
    assert "2 Kunden unverändert" in html and "1 Zeile abgelehnt" in html and "1 Zeilen" not in html
    assert "0 Kunden würden angelegt" in html

    client.post(response.url, {**form, "action": "import"})
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count, job.unchanged_count) == ("done", 0, 0, 2)
    assert dict(Customer.objects.values_list("external_id", "version")) == versions  # nothing was touched
    html = client.get(f"/data/imports/{job.pk}/").content.decode()
    assert "2 Kunden unverändert" in html and "0 Kunden geändert" in html
    assert client.get(f"/api/v1/imports/{job.pk}").json()["unchanged_count"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_changed_row_is_counted_as_changed_and_the_rest_as_unchanged(cast, tmp_path):
    path = tmp_path / "kunden.csv"
    path.write_bytes(GERMAN_EXCEL.encode("utf-8"))
    call_command("import", str(path), owner="alice", verbosity=0)
    path.write_bytes(GERMAN_EXCEL.replace("Hauptstraße 1", "Ring 9").encode("utf-8"))
    call_command("import", str(path), owner="alice", verbosity=0)
    job = ImportJob.objects.latest("id")
    assert (job.created_count, job.updated_count, job.unchanged_count, job.rejected_count) == (0, 1, 1, 1)
