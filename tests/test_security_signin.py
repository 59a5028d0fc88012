"""Signing in: no password guessing (django-axes), every attempt audited, second factors that cannot be skipped,
idle sessions ended, tokens that expire and can be revoked."""

import time

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken

from draht.accounts.models import ApiToken
from draht.accounts.twofactor import new_recovery_codes
from draht.audit.models import AuditEntry

from .conftest import PASSWORD, Api, client_for, totp_code, totp_device


def sign_in(client, username, password=PASSWORD, ip="192.0.2.10"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- password guessing ---------------------------------------------------------------------------------------
def test_fifty_wrong_passwords_lock_the_account_and_the_right_one_no_longer_works(cast):
    client = Client()
    answers = [sign_in(client, "alice", f"guess-{n}").status_code for n in range(50)]
    assert answers[:4] == [200] * 4  # the form again, with its error
    assert set(answers[5:]) == {429}
    locked = sign_in(client, "alice")
    assert locked.status_code == 429 and "Signing in is paused" in locked.content.decode()
    assert int(locked["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_a_locked_account_is_locked_from_every_address(cast):
    for n in range(5):
        sign_in(Client(), "alice", "wrong", ip=f"192.0.2.{n + 20}")
    assert sign_in(Client(), "alice", ip="198.51.100.7").status_code == 429
    assert sign_in(Client(), "bob", ip="198.51.100.7").status_code == 302  # another account is not affected


def test_one_address_guessing_many_accounts_is_locked_out(cast):
    for name in ["alice", "bob", "agent", "tech", "comms"]:
        sign_in(Client(), name, "wrong", ip="203.0.113.5")
    assert sign_in(Client(), "owner", ip="203.0.113.5").status_code == 429
    assert sign_in(Client(), "alice", ip="198.51.100.8").status_code == 302


def test_an_owner_unlocks_a_locked_account_and_a_manager_may_not(cast):
    for _ in range(5):
        sign_in(Client(), "alice", "wrong")
    users_page = client_for(cast.owner).get("/accounts/users/").content.decode()
    assert 'id="locked-sign-ins"' in users_page and "alice" in users_page
    assert client_for(cast.manager).post("/accounts/users/unlock/", {"username": "alice"}).status_code == 403
    assert sign_in(Client(), "alice").status_code == 429
    client_for(cast.owner).post("/accounts/users/unlock/", {"username": "alice", "ip": "192.0.2.10"})
    assert sign_in(Client(), "alice").status_code == 302
    assert AuditEntry.objects.filter(action="draht.auth.unlocked", user=cast.owner).exists()


def test_every_sign_in_and_failure_is_audited_with_address_and_time(cast):
    sign_in(Client(), "alice", "wrong", ip="192.0.2.44")
    sign_in(Client(), "nobody", "wrong", ip="192.0.2.45")
    sign_in(Client(), "alice", ip="192.0.2.46")
    failed = AuditEntry.objects.filter(action="draht.auth.sign_in_failed").order_by("id")
    assert [(e.data["username"], e.data["ip"], e.object_id) for e in failed] == [
        ("alice", "192.0.2.44", cast.alice.pk), ("nobody", "192.0.2.45", None)]
    success = AuditEntry.objects.get(action="draht.auth.signed_in", user=cast.alice)
    assert success.data["ip"] == "192.0.2.46" and success.created_at is not None


# --- second factor -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/customers/", "/promises/", "/accounts/me/", "/accounts/users/",
                                 "/data/imports/"])
def test_an_owner_without_a_second_factor_must_set_one_up_before_anything_else(cast, url):
    client = Client()
    assert sign_in(client, "owner").status_code == 302
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/?next=")
    api = client.get("/api/v1/customers")
    assert api.status_code == 403 and "second factor" in api.json()["error"]


def test_setting_up_an_app_shows_recovery_codes_and_opens_draht(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code makes django-otp wait a second before the next one
    client = Client()
    sign_in(client, "manager")
    page = client.get("/accounts/2fa/app/").content.decode()
    assert 'src="data:image/svg+xml' in page and 'id="totp-secret"' in page
    device = cast.manager.totpdevice_set.get(confirmed=False)
    assert client.post("/accounts/2fa/app/", {"code": "000000"}).status_code == 400
    done = client.post("/accounts/2fa/app/", {"code": totp_code(device), "next": "/customers/"})
    assert 'id="recovery-codes"' in done.content.decode()
    assert StaticToken.objects.filter(device__user=cast.manager).count() == 10
    cast.manager.refresh_from_db()
    assert cast.manager.has_second_factor
    assert client.get("/customers/").status_code == 200


def test_a_user_with_an_app_is_asked_for_a_code_and_cannot_go_around_it(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = totp_device(cast.alice)  # account managers need none by default, but whoever has one uses it
    client = Client()
    sign_in(client, "alice")
    for url in ["/", "/customers/", "/accounts/2fa/app/", "/accounts/me/", "/data/imports/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/2fa/verify/" in response["Location"], url
    assert client.post("/accounts/2fa/verify/", {"code": "123456"}).status_code == 400
    assert client.post("/accounts/2fa/verify/", {"code": totp_code(device), "next": "/customers/"})["Location"] \
        == "/customers/"
    assert client.get("/customers/").status_code == 200


def test_a_recovery_code_works_once(cast):
    totp_device(cast.owner)
    codes = new_recovery_codes(cast.owner)
    first, second = Client(), Client()
    sign_in(first, "owner")
    assert first.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 302
    sign_in(second, "owner", ip="192.0.2.11")
    assert second.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=cast.owner).count() == 9


def test_owners_choose_which_roles_need_a_second_factor_and_managers_may_not(cast):
    assert client_for(cast.manager).get("/accounts/security/").status_code == 403
    owner = client_for(cast.owner)
    owner.post("/accounts/security/", {"second_factor_roles": ["owner", "manager", "account_manager"],
                                       "sender_domains": ""})
    alice = Client()
    sign_in(alice, "alice")
    assert alice.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="draht.security.policy_changed").exists()


def test_an_owner_resets_a_lost_second_factor(cast):
    totp_device(cast.alice)
    cast.alice.refresh_from_db()
    assert cast.alice.has_second_factor
    assert client_for(cast.manager).post(f"/accounts/users/{cast.alice.pk}/reset-second-factor/").status_code == 403
    client_for(cast.owner).post(f"/accounts/users/{cast.alice.pk}/reset-second-factor/")
    cast.alice.refresh_from_db()
    assert not cast.alice.has_second_factor


# --- sessions and tokens ---------------------------------------------------------------------------------------
def test_an_idle_session_ends(cast, settings):
    client = client_for(cast.alice)
    assert client.get("/").status_code == 200
    session = client.session
    session["draht_seen"] = int(time.time()) - settings.DRAHT_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/customers/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 302


def test_an_idle_api_session_answers_401(cast, settings):
    client = client_for(cast.alice)
    session = client.session
    session["draht_seen"] = int(time.time()) - settings.DRAHT_SESSION_IDLE_SECONDS - 5
    session.save()
    assert client.get("/api/v1/customers").status_code == 401


def test_an_expired_token_is_refused(cast):
    client_for(cast.alice).post("/accounts/me/tokens/", {"name": "kurz", "days": "1"})
    token = ApiToken.objects.get(user=cast.alice)
    assert token.expires_at is not None
    raw = ApiToken.issue(cast.alice, "abgelaufen", expires_at=token.expires_at.replace(year=2000))[1]
    assert Api(raw).get("/customers").status_code == 401


def test_owners_revoke_anyones_tokens_others_may_not(cast):
    ApiToken.issue(cast.alice, "Telefonanlage")
    assert client_for(cast.manager).post(f"/accounts/users/{cast.alice.pk}/revoke-tokens/").status_code == 403
    assert client_for(cast.bob).post(f"/accounts/users/{cast.alice.pk}/revoke-tokens/").status_code == 403
    client_for(cast.owner).post(f"/accounts/users/{cast.alice.pk}/revoke-tokens/")
    assert not ApiToken.objects.filter(user=cast.alice).exists()
    assert AuditEntry.objects.filter(action="draht.token.revoked_all", user=cast.owner).exists()


def test_a_password_change_offers_to_revoke_the_tokens(cast):
    raw = ApiToken.issue(cast.alice, "alt")[1]
    client = client_for(cast.alice)
    assert 'name="revoke_tokens"' in client.get("/accounts/password/").content.decode()
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Neues-Passwort-2026",
                                        "new_password2": "Neues-Passwort-2026", "revoke_tokens": "on"})
    assert Api(raw).get("/customers").status_code == 401
    assert client.get("/").status_code == 200  # the session that changed it stays signed in


def test_the_users_page_is_for_owners_and_managers(cast):
    assert client_for(cast.manager).get("/accounts/users/").status_code == 200
    for user in (cast.alice, cast.agent, cast.tech, cast.comms):
        assert client_for(user).get("/accounts/users/").status_code == 403
        assert client_for(user).get(f"/accounts/users/{cast.bob.pk}/").status_code == 403
