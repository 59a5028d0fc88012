"""A fixed cast of users for every test (healthchecks style), plus API and browser helpers."""

import datetime
import os

import hypothesis
import pytest
from django.test import Client
from django.utils import timezone

from draht.accounts.choices import Role
from draht.accounts.models import ApiToken, Team, User
from draht.customers.services import create_contact, create_customer

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests explore new random examples on every local run (that is how they find bugs); in CI they
# run a fixed, derandomised set, so that a submission lands or fails for what it changed.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis.settings.register_profile("dev", print_blob=True)
hypothesis.settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")
PASSWORD = "test-password-123"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need PostgreSQL's concurrency; on SQLite they are deselected, not skipped."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    keep = [i for i in items if i.get_closest_marker("postgresql") is None]
    dropped = [i for i in items if i.get_closest_marker("postgresql") is not None]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_sessionfinish(session, exitstatus):
    """In CI (DRAHT_FAIL_ON_SKIP=1) a skipped test fails the run: nothing may be skipped for lack of a service."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and os.environ.get("DRAHT_FAIL_ON_SKIP") == "1":
        reporter.write_line(f"{skipped} test(s) skipped, which CI does not allow.", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


class Cast:
    """owner and manager see everything; alice (team Wien) and bob (team München) are account managers;
    agent, tech and comms have the narrower roles."""


@pytest.fixture
def cast(db):
    wien = Team.objects.create(name="Wien")
    muenchen = Team.objects.create(name="München")
    c = Cast()
    for name, role, team in [
        ("owner", Role.OWNER, wien), ("manager", Role.MANAGER, muenchen), ("alice", Role.ACCOUNT_MANAGER, wien),
        ("bob", Role.ACCOUNT_MANAGER, muenchen), ("agent", Role.AGENT, wien), ("tech", Role.TECHNICIAN, muenchen),
        ("comms", Role.COMMUNICATIONS, wien),
    ]:
        setattr(c, name, User.objects.create_user(name, password=PASSWORD, role=role, team=team, language="en",
                                                  first_name=name.title()))
    c.wien, c.muenchen = wien, muenchen
    return c


def make_customer(owner, name="Huber IT-Service GmbH", country="AT", **fields):
    values = {"name": name, "owner": owner, "country": country, "city": "Wien", "subdivision": "AT-9"
              if country == "AT" else ""} | fields
    return create_customer(user=owner, **values)


@pytest.fixture
def customer(cast):
    """alice's customer in Vienna, with one contact person."""
    c = make_customer(cast.alice, phone="+4315123456", email="office@huber.example")
    create_contact(c, user=cast.alice, first_name="Maria", last_name="Müller", email="maria.mueller@huber.example",
                   phone="+436641234567", birthday=datetime.date(1980, 5, 17))
    c.refresh_from_db()
    return c


@pytest.fixture
def bobs_customer(cast):
    return make_customer(cast.bob, name="Schmid Tischlerei KG", country="DE", city="München", subdivision="DE-BY")


def client_for(user, *, verified: bool = True) -> Client:
    """A signed-in client; for roles that need a second factor, one that has shown it (unless verified=False)."""
    client = Client()
    client.force_login(user)
    from draht.accounts.twofactor import needs_second_factor

    if verified and needs_second_factor(user):
        verify_second_factor(client, user)
    return client


def verify_second_factor(client, user) -> None:
    """Mark the client's session as having passed a second factor (a recovery-code device of the user's)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _created = StaticDevice.objects.get_or_create(user=user, name="tests", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def api_token(cast):
    return ApiToken.issue(cast.alice, "tests")[1]


class Api:
    def __init__(self, token):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path, data):
        return self.client.post("/api/v1" + path, data, content_type="application/json", headers=self.headers)

    def patch(self, path, data):
        return self.client.patch("/api/v1" + path, data, content_type="application/json", headers=self.headers)

    def delete(self, path):
        return self.client.delete("/api/v1" + path, headers=self.headers)


def api_for(user) -> Api:
    return Api(ApiToken.issue(user, "tests")[1])


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def totp_device(user):
    """A confirmed authenticator-app device for the user (as if set up earlier)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="app", confirmed=True)


def totp_code(device, offset: int = 0) -> str:
    """The code the app shows now (offset steps later or earlier)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


# --- browser tests ------------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does this as root)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
