"""Address books written by real programs (tests/corpus/contacts.py), imported through the paths people use,
with the stored values checked: nothing garbled, nothing silently lost."""

import datetime

import pytest

from draht.customers.models import ContactPerson, Customer
from draht.transfer import importer
from draht.transfer.models import ImportJob

from .conftest import client_for
from .corpus import contacts


def run(cast, data: bytes, name="kontakte.vcf", dry_run=False, country="AT") -> ImportJob:
    job = importer.create_job(data, name=name, user=cast.manager, default_owner=cast.alice, default_country=country)
    importer.start_import(job, dry_run=dry_run)
    return importer.execute(job.pk, dry_run=dry_run)


def person(last_name: str) -> ContactPerson:
    return ContactPerson.objects.select_related("customer").get(last_name=last_name)


# --- 1. unfold before decoding, and every encoding programs use ---------------------------------------------------
def test_a_fold_inside_a_utf8_character_keeps_every_umlaut(cast):
    run(cast, contacts.utf8_folded_inside_a_character())
    customer = Customer.objects.get()
    assert customer.name == "Bäckerei Müller GmbH und Söhne – Feinbäckerei und Konditorei am Hauptplatz"
    assert (person("Müller").first_name, person("Müller").phone) == ("Jörg", "+4315123456")


def test_quoted_printable_without_a_charset_is_utf8_and_its_soft_breaks_join(cast):
    run(cast, contacts.quoted_printable_without_charset())
    customer = Customer.objects.get()
    assert (customer.name, customer.kind, customer.country, customer.city) == (
        "Hans-Jürgen Grüßer", "person", "DE", "Berlin")
    assert customer.street == "Straße des 17. Juni 1 Hinterhaus"
    assert person("Grüßer").mobile == "+491711234567"


def test_quoted_printable_in_windows_1252(cast):
    run(cast, contacts.quoted_printable_windows_1252(), country="DE")
    assert Customer.objects.get().name == "König & Söhne KG"
    contact = person("König")
    assert (contact.first_name, contact.email, contact.phone) == ("René", "rene@koenig.example", "+49891234567")


@pytest.mark.parametrize("build", [contacts.cr_cr_lf_line_ends, contacts.utf16_with_byte_order_mark,
                                   contacts.utf16_big_endian_without_byte_order_mark])
def test_odd_line_ends_and_utf16_are_read(cast, build):
    job = run(cast, build())
    assert job.status == "done" and job.created_count == 1 and job.rejected_count == 0
    assert Customer.objects.get().name in ("Huber Installationen", "Wögerer Elektro", "Beat Zürcher")
    assert "Ã" not in Customer.objects.get().name and "\x00" not in Customer.objects.get().name


def test_stray_8bit_bytes_in_a_utf8_file(cast):
    run(cast, contacts.stray_8bit_bytes())
    assert set(Customer.objects.values_list("name", flat=True)) == {"Grüße GmbH", "Jörg & Co"}


# --- 2. one bad card never refuses the file -----------------------------------------------------------------------
def test_one_bad_card_is_named_and_the_others_are_imported(cast, settings):
    settings.LANGUAGE_CODE = "de"
    from django.utils import translation

    with translation.override("de"):
        job = run(cast, contacts.one_broken_card_among_good_ones())
    assert (job.created_count, job.rejected_count) == (2, 2)
    assert set(Customer.objects.values_list("name", flat=True)) == {"Eder Holz", "Lang Design"}
    reasons = {r.line: r.reason for r in job.rejections.all()}
    assert reasons[2] == "Karte 2 (Kaputt Karl): Diese Karte kann nicht gelesen werden."
    assert reasons[3].startswith("Karte 3 (Nina Namenlos):")
    assert "vobject" not in " ".join(reasons.values()) and "ParseError" not in " ".join(reasons.values())


def test_the_preview_names_cards_not_lines(cast):
    job = importer.create_job(contacts.one_broken_card_among_good_ones(), name="k.vcf", user=cast.manager,
                              default_owner=cast.alice)
    page = client_for(cast.manager).get(f"/data/imports/{job.pk}/mapping/").content.decode()
    assert "Card</th>" in page and "2 (Kaputt Karl)" in page and "Recognised as an export of <strong>vCard" in page


# --- 3. types as written ----------------------------------------------------------------------------------------
def test_types_preference_and_every_address_and_number_are_kept(cast):
    run(cast, contacts.types_as_written())
    contact = person("Berger")
    assert (contact.salutation, contact.title) == ("mr", "")  # "Mr." is a salutation, not a title
    assert contact.email == "t.berger@berger.example"  # PREF=1 first
    assert contact.phone == "+4314000" and contact.mobile == "+436641112223"  # CELL is the mobile
    others = [(o["kind"], o["value"]) for o in contact.other_contacts]
    assert others == [("email", "thomas@privat.example"), ("email", "office@berger.example"),
                      ("phone", "+4314001"), ("fax", "+4314009")]
    assert contact.birthday == datetime.date(1953, 10, 15)


def test_birthdays_in_every_form(cast):
    run(cast, contacts.birthdays_in_every_form())
    assert person("Jahr").birthday == datetime.date(1604, 10, 15) and person("Jahr").birthday_mmdd == 1015
    assert person("Strich").birthday == datetime.date(1970, 3, 1)
    assert person("Ohne").birthday == datetime.date(1604, 2, 29)
    assert person("Form").birthday == datetime.date(1980, 5, 17)


def test_salutations_are_not_titles(cast):
    run(cast, contacts.salutations_and_titles())
    assert (person("Wagner").salutation, person("Wagner").title) == ("ms", "Mag.")
    assert (person("Bauer").salutation, person("Bauer").title) == ("mr", "DI Dr.")
    assert (person("Smith").salutation, person("Smith").title) == ("mr", "")


# --- 4. people on company cards ---------------------------------------------------------------------------------
def test_a_person_on_a_company_card_is_the_companys_contact_person(cast):
    run(cast, contacts.person_on_a_company_card())
    customer = Customer.objects.get()
    assert (customer.name, customer.kind, customer.city, customer.country) == (
        "Gruber & Partner", "organisation", "Innsbruck", "AT")
    contact = person("Gruber")
    assert contact.customer == customer and customer.main_contact == contact
    assert (contact.position, contact.email, contact.mobile) == ("Vertriebsleiterin", "sabine@gruber.example",
                                                                  "+436641234567")


# --- 5. countries and numbers -----------------------------------------------------------------------------------
def test_country_names_become_codes_and_numbers_are_read_in_that_country(cast):
    job = run(cast, contacts.countries_and_numbers(), country="DE")
    assert job.rejected_count == 0 and job.created_count == 6
    by_name = {c.name: c for c in Customer.objects.all()}
    assert [by_name[n].country for n in ("Tiroler Speck", "Berliner Luft", "Züri Uhren", "Ticino Vini",
                                         "Boston Tea")] == ["AT", "DE", "CH", "CH", "US"]
    phones = {c.customer.name: c.phone for c in ContactPerson.objects.select_related("customer")}
    assert phones["Tiroler Speck"] == "+43512123456" and phones["Züri Uhren"] == "+41441234567"
    assert phones["Boston Tea"] == "+16175550123"


def test_a_number_that_cannot_be_read_is_kept_as_typed_and_flagged(cast):
    run(cast, contacts.countries_and_numbers(), country="DE")
    contact = ContactPerson.objects.get(customer__name="Unleserlich GmbH")
    assert contact.phone == "" and contact.other_contacts == [
        {"kind": "phone", "value": "12", "label": "", "invalid": True}]
    page = client_for(cast.alice).get(f"/customers/{contact.customer_id}/check-in/?all=1").content.decode()
    assert 'class="other-contact invalid">☎ 12 ' in page and "to check" in page
    assert 'class="other-contact invalid">☎ 12 ' in client_for(cast.alice).get(
        f"/customers/{contact.customer_id}/").content.decode()


def test_the_dry_run_counts_the_contact_persons_the_import_makes(cast):
    dry = run(cast, contacts.countries_and_numbers(), country="DE", dry_run=True)
    real = run(cast, contacts.countries_and_numbers(), country="DE")
    assert dry.contacts_created == real.contacts_created == 6


def test_importing_the_same_cards_again_duplicates_nothing(cast):
    run(cast, contacts.types_as_written())
    again = run(cast, contacts.types_as_written())
    assert again.created_count == 0 and Customer.objects.count() == 1 and ContactPerson.objects.count() == 1


def test_a_vcard_uploaded_on_the_page_goes_the_same_way(cast, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.manager)
    client.post("/data/imports/", {"file": SimpleUploadedFile("Kontakte.vcf", contacts.utf16_with_byte_order_mark()),
                                   "default_owner": cast.alice.pk, "default_country": "AT"})
    job = importer.analyse(ImportJob.objects.get())
    assert (job.status, job.encoding, job.detected_format, job.total_rows) == ("uploaded", "vcard", "vCard", 1)


# --- 6. known exports map by themselves ---------------------------------------------------------------------------
def analysed(cast, data: bytes, name: str) -> ImportJob:
    return importer.create_job(data, name=name, user=cast.manager, default_owner=cast.alice, default_country="DE")


def test_outlook_in_german_maps_by_itself_and_its_ort_is_not_the_city(cast):
    job = analysed(cast, contacts.outlook_german(), "Kontakte.CSV")
    assert job.detected_format == "Outlook (Deutsch)"
    ort = job.headers.index("Ort")
    assert str(ort) not in job.mapping and job.mapping[str(job.headers.index("Ort geschäftlich"))] == "city"
    importer.start_import(job, dry_run=False)
    job = importer.execute(job.pk, dry_run=False)
    assert job.rejected_count == 0 and job.created_count == 2
    weiss = Customer.objects.get(name="Weiß Elektrotechnik GmbH")
    assert (weiss.city, weiss.postal_code, weiss.country, weiss.street) == ("Wien", "1010", "AT", "Kärntner Straße 12")
    contact = person("Weiß")
    assert (contact.salutation, contact.title, contact.first_name, contact.position) == (
        "mr", "Dr.", "Jürgen", "Geschäftsführer")
    assert (contact.phone, contact.mobile, contact.email) == ("+4315123456", "+436649876543", "j.weiss@weiss.example")
    assert {o["value"] for o in contact.other_contacts} == {"+4315123457", "+4315123459", "office@weiss.example"}
    assert contact.birthday == datetime.date(1961, 10, 15)
    anna = Customer.objects.get(name="Anna Privat")
    assert (anna.kind, anna.city, anna.country) == ("person", "Salzburg", "AT")
    assert person("Privat").birthday is None  # 0.0.00 is Outlook's "none"


def test_outlook_in_english(cast):
    job = analysed(cast, contacts.outlook_english(), "contacts.csv")
    assert job.detected_format == "Outlook (English)"
    importer.start_import(job, dry_run=False)
    importer.execute(job.pk, dry_run=False)
    contact = person("Dubois")
    assert (contact.salutation, contact.customer.city, contact.customer.country) == ("ms", "Zürich", "CH")
    assert contact.birthday is None and contact.mobile == "+41791234567"


def test_google_contacts_with_labels_and_several_values_in_a_cell(cast):
    job = analysed(cast, contacts.google_contacts(), "contacts.csv")
    assert job.detected_format == "Google Contacts"
    importer.start_import(job, dry_run=False)
    job = importer.execute(job.pk, dry_run=False)
    assert job.rejected_count == 0
    lukas = person("Brunner")
    assert (lukas.email, lukas.mobile, lukas.phone) == ("lukas@brunner.example", "+436765554443", "+43557412345")
    assert [o["value"] for o in lukas.other_contacts] == ["office@brunner.example"]
    assert lukas.birthday == datetime.date(1604, 3, 21) and lukas.customer.city == "Bregenz"
    mia = Customer.objects.get(name="Mia Schuster")
    assert mia.kind == "person" and mia.country == "DE" and person("Schuster").mobile == "+4915123456789"


def test_thunderbird_with_birthday_columns_and_a_display_name_only(cast):
    job = analysed(cast, contacts.thunderbird(), "thunderbird.csv")
    assert job.detected_format == "Thunderbird"
    importer.start_import(job, dry_run=False)
    job = importer.execute(job.pk, dry_run=False)
    assert job.rejected_count == 0 and job.created_count == 2
    kern = person("Kern")
    assert kern.customer.name == "Kern Architekten" and kern.customer.street == "Leopoldstraße 20, 3. Stock"
    assert kern.birthday == datetime.date(1975, 7, 9) and kern.mobile == "+491701122334"
    otto = Customer.objects.get(name="Onkel Otto")
    assert (otto.kind, otto.city, otto.country) == ("person", "Graz", "AT")
    assert person("Otto").birthday == datetime.date(1604, 12, 24)


# --- 7., 8. private people and placeholders -------------------------------------------------------------------
def test_people_without_a_company_are_private_customers(cast):
    job = run(cast, contacts.private_people_without_company(), name="verein.csv", country="AT")
    assert job.rejected_count == 0
    assert set(Customer.objects.values_list("name", "kind")) == {("Helga Maier", "person"), ("Thomas", "person")}


def test_placeholders_are_empty_not_errors(cast):
    job = run(cast, contacts.placeholders_that_mean_nothing(), name="leer.csv")
    assert job.rejected_count == 0 and job.created_count == 2
    leer = Customer.objects.get(name="Leer GmbH")
    assert (leer.phone, leer.email, leer.country) == ("", "", "AT")
    assert Customer.objects.get(name="Null AG").country == "DE"


# --- 9. spreadsheets ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("build, kind", [("xlsx", "xlsx"), ("ods", "ods")])
def test_a_spreadsheet_imports_the_values_a_person_sees(cast, build, kind):
    from .corpus import spreadsheets

    job = run(cast, getattr(spreadsheets, build)(), name=f"kunden.{kind}", country="AT")
    assert (job.encoding, job.sheet, job.sheets) == (kind, "Kunden", ["Deckblatt" if kind == "xlsx" else "Leer",
                                                                     "Kunden"])
    assert job.rejected_count == 0 and job.created_count == 4 and Customer.objects.count() == 4
    mueller = Customer.objects.get(name="Müller Bau GmbH")
    assert (mueller.postal_code, mueller.customer_since) == ("1010", datetime.date(2020, 5, 17))
    assert Customer.objects.get(name="Bäckerei Korn").phone == "+436641234567"  # typed as a number
    # the merged name is on both rows: two sites, told apart by their postal codes
    assert sorted(Customer.objects.filter(name="Zwei Standorte AG").values_list("postal_code", flat=True)) == [
        "8010", "8020"]


def test_a_damaged_spreadsheet_is_refused_with_a_message(cast, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .corpus import spreadsheets

    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.manager)
    response = client.post("/data/imports/", {"file": SimpleUploadedFile("kunden.xlsx", spreadsheets.corrupt_xlsx()),
                                              "default_owner": cast.alice.pk, "default_country": "AT"})
    importer.analyse(ImportJob.objects.get())
    assert "file is damaged" in client.get(response.url).content.decode()


def test_another_sheet_can_be_chosen(cast, settings, tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .corpus import spreadsheets

    settings.MEDIA_ROOT = tmp_path
    client = client_for(cast.manager)
    client.post("/data/imports/", {"file": SimpleUploadedFile("kunden.xlsx", spreadsheets.xlsx()),
                                   "default_owner": cast.alice.pk, "default_country": "AT"})
    job = importer.analyse(ImportJob.objects.get())
    page = client.get(f"/data/imports/{job.pk}/mapping/").content.decode()
    assert 'id="sheets"' in page and "Deckblatt" in page
    client.post(f"/data/imports/{job.pk}/sheet/", {"sheet": "Deckblatt"})
    job = importer.analyse(ImportJob.objects.get())
    assert job.status == "failed" and "empty" in job.error
