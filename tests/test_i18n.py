import datetime
import re
from pathlib import Path

from draht.accounts.models import User
from draht.timeline.services import log_interaction

from .conftest import client_for

PO = Path(__file__).parent.parent / "src/draht/locale/de/LC_MESSAGES/django.po"


def test_every_string_has_a_german_translation():
    blocks = PO.read_text().split("\n\n")[1:]
    untranslated = [b for b in blocks
                    if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', b, re.M)]
    fuzzy = [b for b in blocks if "#, fuzzy" in b]
    assert not untranslated and not fuzzy


def test_german_is_the_default_and_english_a_per_user_choice(cast, customer, settings):
    settings.LANGUAGE_CODE = "de"
    german = User.objects.create_user("gerda", password="x", role="account_manager", language="de")
    assert "Heute anrufen" in client_for(german).get("/").content.decode()
    assert "Call today" in client_for(cast.alice).get("/").content.decode()


def test_the_login_page_is_german_by_default(db, settings):
    from django.test import Client

    settings.LANGUAGE_CODE = "de"
    assert "Bei draht anmelden" in Client().get("/accounts/login/").content.decode()


def test_validation_messages_are_translated(cast, customer):
    cast.alice.language = "de"
    cast.alice.save()
    data = {"street": "", "postal_code": "", "city": "", "subdivision": "", "phone": "12", "email": "",
            "newsletter_status": "unknown", "home_office_status": "unknown", "confirmed": []}
    html = client_for(cast.alice).post(f"/customers/{customer.pk}/check-in/", data).content.decode()
    assert "ist keine" in html and "Telefonnummer" in html


def test_times_are_shown_in_the_users_time_zone(cast, customer):
    when = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
    log_interaction(customer, user=cast.alice, channel="note", direction="internal", occurred_at=when)
    cast.alice.timezone = "America/New_York"
    cast.alice.language = "de"  # 24-hour times
    cast.alice.save()
    assert "08:00" in client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()
    cast.alice.timezone = "Europe/Vienna"
    cast.alice.save()
    assert "14:00" in client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()


def test_users_change_their_language_in_their_settings(cast):
    client = client_for(cast.alice)
    response = client.post("/accounts/me/", {"first_name": "Alice", "last_name": "", "email": "",
                                             "language": "de", "timezone": "Europe/Vienna"})
    assert response.status_code == 302
    assert "Meine Einstellungen" in client.get("/accounts/me/").content.decode()
