import datetime

from django.utils import timezone

from draht.customers.choices import Fact
from draht.customers.models import Customer, FactCheck

from .conftest import client_for, make_customer


def test_the_check_in_walks_through_every_stale_fact(cast, customer):
    html = client_for(cast.alice).get(f"/customers/{customer.pk}/check-in/").content.decode()
    for fact in Fact.values:
        assert f'data-fact="{fact}"' in html


def test_confirming_stamps_who_verified_and_when(cast, customer):
    client = client_for(cast.alice)
    data = {"street": customer.street, "postal_code": customer.postal_code, "city": customer.city,
            "subdivision": customer.subdivision, "phone": customer.phone, "email": customer.email,
            "newsletter_status": customer.newsletter_status, "home_office_status": customer.home_office_status,
            "main_contact": customer.main_contact_id, "confirmed": Fact.values, "version": customer.version}
    assert client.post(f"/customers/{customer.pk}/check-in/", data).status_code == 302
    checks = FactCheck.objects.filter(customer=customer)
    assert checks.count() == 6
    assert all(c.verified_by == cast.alice and not c.corrected for c in checks)
    customer.refresh_from_db()
    assert customer.facts_verified_at is not None
    assert "All facts are up to date" in client.get(f"/customers/{customer.pk}/check-in/").content.decode()
    assert "facts to check" not in client.get(f"/customers/{customer.pk}/").content.decode()


def test_the_customer_page_flags_facts_to_check(cast, customer):
    assert "facts to check" in client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()


def test_correcting_a_fact_saves_the_new_value_and_marks_it_corrected(cast, customer):
    client = client_for(cast.alice)
    data = {"street": "Neue Gasse 5", "postal_code": "1020", "city": "Wien", "subdivision": "AT-9",
            "phone": "01 5123456", "email": customer.email, "newsletter_status": "subscribed",
            "home_office_status": "yes", "main_contact": customer.main_contact_id, "confirmed": [],
            "version": customer.version}
    assert client.post(f"/customers/{customer.pk}/check-in/", data).status_code == 302
    customer.refresh_from_db()
    assert customer.street == "Neue Gasse 5" and customer.home_office_status == "yes"
    corrected = set(FactCheck.objects.filter(customer=customer, corrected=True).values_list("fact", flat=True))
    assert corrected == {"address", "newsletter", "home_office"}


def test_an_invalid_correction_is_rejected_with_the_field_named(cast, customer):
    data = {"street": "", "postal_code": "", "city": "", "subdivision": "DE-BY", "phone": "12",
            "email": "kaputt", "newsletter_status": "unknown", "home_office_status": "unknown", "confirmed": []}
    response = client_for(cast.alice).post(f"/customers/{customer.pk}/check-in/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Region: “DE-BY” is not a region of Austria" in html
    assert "not a phone number" in html or "not a valid phone number" in html
    assert not FactCheck.objects.exists()


def test_facts_turn_stale_after_the_configured_age(cast, customer, settings):
    settings.DRAHT_FACT_STALE_DAYS = 30
    for fact in Fact.values:
        FactCheck.objects.create(customer=customer, fact=fact, verified_by=cast.alice,
                                 verified_at=timezone.now() - datetime.timedelta(days=40 if fact == "phones" else 1))
    from draht.customers.services import sync_facts_verified

    sync_facts_verified(customer.pk)
    html = client_for(cast.alice).get(f"/customers/{customer.pk}/check-in/").content.decode()
    assert 'data-fact="phones"' in html and 'data-fact="address"' not in html


def test_the_stale_list_shows_customers_with_unverified_facts(cast, customer):
    verified = make_customer(cast.alice, name="Verified GmbH")
    for fact in Fact.values:
        FactCheck.objects.create(customer=verified, fact=fact, verified_by=cast.alice, verified_at=timezone.now())
    from draht.customers.services import sync_facts_verified

    sync_facts_verified(verified.pk)
    assert Customer.objects.get(pk=verified.pk).facts_verified_at is not None
    html = client_for(cast.alice).get("/customers/stale/").content.decode()
    assert customer.name in html and "Verified GmbH" not in html


def test_technicians_cannot_run_a_check_in(cast, customer):
    assert client_for(cast.tech).get(f"/customers/{customer.pk}/check-in/").status_code == 403
