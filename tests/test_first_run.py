"""The first run tells the truth (issue 14): mail not set up is said, not found out; sending problems in words
(the technical detail for owners and managers); the README's telephone example works with the demo's secret;
demo users whose names fit their logins, and the English one named."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

from draht.core.demo import USERS
from draht.core.management.commands.serve import first_run_notes
from draht.outbox.models import OutgoingEmail
from draht.outbox.rules import problem_summary
from draht.outbox.services import queue_email

from .conftest import api_for, client_for

DRAHT = str(Path(sys.executable).parent / "draht")
README = (Path(__file__).parent.parent / "README.md").read_text()


def test_the_outbox_says_when_no_mail_server_is_set_up(cast, settings):
    settings.DRAHT_SMTP_CONFIGURED = False
    manager_page = client_for(cast.manager).get("/outbox/").content.decode()
    assert 'id="smtp-not-configured"' in manager_page and "python -m aiosmtpd -n -l 127.0.0.1:1025" in manager_page
    agent_page = client_for(cast.agent).get("/outbox/").content.decode()
    assert 'id="smtp-not-configured"' in agent_page and "aiosmtpd" not in agent_page
    settings.DRAHT_SMTP_CONFIGURED = True
    assert 'id="smtp-not-configured"' not in client_for(cast.manager).get("/outbox/").content.decode()


def test_serve_names_what_is_not_set_up(settings):
    settings.DRAHT_SMTP_CONFIGURED, settings.DRAHT_TELEPHONY_SECRET = False, None
    notes = " ".join(first_run_notes())
    assert "no mail server is set up" in notes and "aiosmtpd -n -l 127.0.0.1:1025" in notes
    assert "DRAHT_SMTP_PORT=1025" in notes and "DRAHT_TELEPHONY_SECRET" in notes
    settings.DRAHT_SMTP_CONFIGURED, settings.DRAHT_TELEPHONY_SECRET = True, "x"
    settings.DRAHT_TELEPHONY_SECRET_SOURCE = "environment"
    assert first_run_notes() == []


def test_sending_problems_in_words():
    unreachable = problem_summary("ConnectionRefusedError: [Errno 111] Connection refused")
    assert unreachable == "SMTP server not reachable — check the settings."
    assert problem_summary("TimeoutError: timed out") == unreachable
    assert problem_summary("gaierror: [Errno -2] Name or service not known") == unreachable
    assert "sign-in" in problem_summary("SMTPAuthenticationError: (535, b'5.7.8 bad credentials')")
    assert "recipient" in problem_summary("recipients refused: x@y.example")
    assert "tries again" in problem_summary("SMTP 451: 4.3.0 try later")
    assert problem_summary("SMTP 554: 5.7.1 spam") == "The mail server refused the message."
    assert "check whether it arrived" in problem_summary("the worker stopped during the send; check whether it arrived")
    assert "came back" in problem_summary("bounced 5.1.1: Recipient address rejected")
    assert problem_summary("") == ""


def test_a_failed_email_shows_words_to_everyone_and_the_detail_to_managers(cast, customer, settings):
    email = queue_email(customer, user=cast.alice, to=["x@huber.example"], subject="Angebot", body="Hallo")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status="failed", last_error="ConnectionRefusedError: [Errno 111] Connection refused")
    alice = client_for(cast.alice).get("/outbox/").content.decode()
    assert "SMTP server not reachable — check the settings." in alice
    assert "Errno" not in alice and "ConnectionRefusedError" not in alice
    owner = client_for(cast.owner).get("/outbox/").content.decode()
    assert "<details" in owner and "ConnectionRefusedError: [Errno 111] Connection refused" in owner
    page = client_for(cast.alice).get(f"/customers/{customer.pk}/").content.decode()
    assert "SMTP server not reachable" in page and "Errno" not in page
    cast.alice.language = "de"
    cast.alice.save()
    assert "SMTP-Server nicht erreichbar" in client_for(cast.alice).get("/outbox/").content.decode()
    mine = api_for(cast.alice).get(f"/customers/{customer.pk}/emails").json()[0]
    assert mine["problem"].startswith("SMTP-Server nicht erreichbar") and mine["last_error"] == ""
    assert "Errno" in api_for(cast.owner).get(f"/customers/{customer.pk}/emails").json()[0]["last_error"]


def test_the_demo_writes_a_telephony_secret_that_the_readme_example_uses(tmp_path):
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": ""}
    env.pop("DRAHT_TELEPHONY_SECRET", None)
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    out = subprocess.run([DRAHT, "demo", "--customers", "12"], env=env, check=True, timeout=120,
                         capture_output=True, text=True).stdout
    secret_file = tmp_path / "telephony_secret"
    assert "telephony_secret" in out and "betreuer (Lukas Egger) reads draht in English" in out
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text().strip()
    assert len(secret) >= 32
    # The README's example, as a shell runs it after `export DRAHT_TELEPHONY_SECRET=$(cat var/telephony_secret)`
    example = re.search(r"body='(\{.*?\})'", README).group(1)
    script = f"""
from django.test import Client
import hmac, hashlib, time
from django.conf import settings
assert settings.DRAHT_TELEPHONY_SECRET_SOURCE == "demo", settings.DRAHT_TELEPHONY_SECRET_SOURCE
body = {example!r}
t = str(int(time.time()))
sig = hmac.new(settings.DRAHT_TELEPHONY_SECRET.encode(), f"{{t}}.{{body}}".encode(), hashlib.sha256).hexdigest()
r = Client().post("/api/v1/telephony/events", body, content_type="application/json",
                  headers={{"X-Draht-Signature": f"t={{t}},v1={{sig}}"}})
print(r.status_code)
"""
    result = subprocess.run([DRAHT, "shell", "-c", script], env=env, timeout=120, capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] in ("200", "201", "202"), result.stdout + result.stderr
    again = subprocess.run([DRAHT, "demo"], env=env, check=True, timeout=120, capture_output=True, text=True).stdout
    assert secret_file.read_text().strip() == secret and "Demo data exists already" in again


def test_demo_users_names_fit_their_logins_and_the_readme_names_the_english_one():
    female = {"Anna", "Ingrid", "Sabine", "Julia"}
    for username, first, _last, _role, _team, _language in USERS:
        if username.endswith("in") and username != "inhaber":
            assert first in female, (username, first)
        if username == "betreuer":
            assert first not in female
    english = [u for u, *_rest, language in USERS if language == "en"]
    assert english == ["betreuer"]
    assert re.search(r"`betreuer`[^.]*English", README)


def test_the_readme_starts_with_the_title_a_sentence_and_the_two_commands():
    lines = README.splitlines()
    assert lines[0].startswith("# draht")
    commands = [i for i, line in enumerate(lines) if line.strip().startswith(("make run", "make test"))]
    assert commands[:2] == [commands[0], commands[0] + 1] and commands[0] <= 5
    assert "SMTP" in README and "docs/product.md" in README and (Path(__file__).parent.parent / "docs/product.md"
                                                                 ).is_file()
