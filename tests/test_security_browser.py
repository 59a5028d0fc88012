"""Second factors in a real browser: a TOTP sign-in that no URL can skip, setting up an app at first sign-in,
and a passkey made and used with Chromium's virtual authenticator. Pages run under the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, totp_code, totp_device

pytestmark = pytest.mark.django_db(transaction=True)


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def csp_violations(page) -> list[str]:
    found = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text
            else None)
    return found


def test_a_manager_signs_in_with_an_app_code_and_no_url_skips_it(page, live_server, cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    violations = csp_violations(page)
    device = totp_device(cast.manager)
    password_step(page, live_server, "manager")
    expect(page.locator("h1")).to_have_text("Confirm your sign-in")
    for path in ["/", "/accounts/2fa/app/", "/customers/", "/accounts/users/"]:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_text("Confirm your sign-in")
    page.fill("input[name=code]", "000000")
    page.click("form button[type=submit]")
    expect(page.locator(".errors")).to_be_visible()
    page.fill("input[name=code]", totp_code(device))
    page.click("form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/accounts/users/$"))  # where it wanted to go
    expect(page.locator("h1")).to_have_text("Users")
    assert not violations


def test_an_owner_sets_up_an_app_at_the_first_sign_in(page, live_server, cast, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    password_step(page, live_server, "owner")
    expect(page.locator("#second-factor-required")).to_be_visible()
    page.goto(live_server.url + "/customers/")
    expect(page.locator("#second-factor-required")).to_be_visible()
    page.click("text=Set up an app")
    expect(page.locator("#totp-qr")).to_be_visible()
    device = TOTPDevice.objects.get(user=cast.owner, confirmed=False)
    page.fill("input[name=code]", totp_code(device))
    page.click("form button[type=submit]")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.click("text=I have kept them")
    expect(page).to_have_url(re.compile(r"/customers/$"))


def test_a_passkey_is_made_and_then_signs_in(page, live_server, cast):
    """Chromium's virtual authenticator (DevTools protocol) plays the security key; the page is on localhost,
    where browsers allow passkeys without https."""
    violations = csp_violations(page)
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    url = live_server.url.replace("127.0.0.1", "localhost")
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#second-factor-required")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.click("#passkey-register-button")
    for _ in range(100):  # the page reports and reloads by itself; the stored credential is what counts
        cast.owner.refresh_from_db()
        if cast.owner.has_second_factor:
            break
        page.wait_for_timeout(100)
    assert cast.owner.has_second_factor
    page.goto(f"{url}/accounts/2fa/")
    page.locator("form[action='/accounts/logout/'] button, header form button").first.click()
    page.goto(f"{url}/accounts/login/?next=/customers/")
    page.fill("input[name=username]", "owner")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Confirm your sign-in")
    page.wait_for_load_state("networkidle")  # the passkey script has rendered its button and bound it
    page.click("#passkey-verification-button")
    expect(page).to_have_url(re.compile(r"/customers/$"), timeout=10_000)
    assert not violations
