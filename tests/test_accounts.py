from django.test import Client

from draht.accounts.models import ApiToken
from draht.audit.models import AuditEntry

from .conftest import PASSWORD, client_for


def test_login_and_logout(cast):
    client = Client()
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_a_user_changes_the_password(cast):
    client = client_for(cast.alice)
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Neues-Passwort-2026",
                                                   "new_password2": "Neues-Passwort-2026"})
    assert response.status_code == 302
    cast.alice.refresh_from_db()
    assert cast.alice.check_password("Neues-Passwort-2026")


def test_a_weak_or_wrong_password_change_is_refused(cast):
    client = client_for(cast.alice)
    response = client.post("/accounts/password/", {"old_password": "falsch", "new_password1": "123",
                                                   "new_password2": "123"})
    assert response.status_code == 400 and "errors" in response.content.decode()
    cast.alice.refresh_from_db()
    assert cast.alice.check_password(PASSWORD)


def test_a_token_is_shown_once_stored_hashed_and_audited(cast):
    client = client_for(cast.alice)
    html = client.post("/accounts/me/tokens/", {"name": "Telefonanlage"}).content.decode()
    token = ApiToken.objects.get(user=cast.alice)
    raw = html.split('id="new-token">')[1].split("<")[0]
    assert raw.startswith("dr_") and raw not in token.token_hash
    assert raw not in client.get("/accounts/me/").content.decode()
    client.post(f"/accounts/me/tokens/{token.pk}/delete/")
    actions = set(AuditEntry.objects.filter(user=cast.alice).values_list("action", flat=True))
    assert {"draht.token.created", "draht.token.revoked"} <= actions


def test_settings_changes_are_audited(cast):
    client_for(cast.alice).post("/accounts/me/", {"first_name": "Alice", "last_name": "Berger", "email": "",
                                                  "language": "en", "timezone": "Europe/Zurich"})
    entry = AuditEntry.objects.get(action="draht.user.settings_changed")
    assert set(entry.data["changed"]) == {"last_name", "timezone"}


def test_the_email_signature_is_set_in_the_users_own_settings(cast):
    client_for(cast.alice).post("/accounts/me/", {"first_name": "Alice", "last_name": "", "email": "a@draht.example",
                                                  "language": "en", "timezone": "Europe/Vienna",
                                                  "email_signature": "Alice Berger\nTel. +43 1 234"})
    cast.alice.refresh_from_db()
    assert cast.alice.email_signature == "Alice Berger\nTel. +43 1 234"
