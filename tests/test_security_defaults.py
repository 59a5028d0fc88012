"""Safe defaults: DEBUG off, no traceback or secret for any visitor, 503 (not 500) while the database is away,
hardened HTTPS settings that pass `check --deploy`, no caching of customers' data, owner-only files, and a
`draht serve` that refuses DEBUG, names a taken port and leaves no process behind."""

import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

import draht.api.core  # noqa: F401 - the API first: its routers import the modules the tests patch

from .conftest import api_for, client_for

DRAHT = str(Path(sys.executable).parent / "draht")
DB_PASSWORD = "-".join(["s3cret", "db", "pass"])  # built, so the error page's source excerpt cannot show it
PHONE_SECRET = "-".join(["telephony", "shared", "secret"])
PRODUCTION = {"DRAHT_HTTPS": "true", "DRAHT_BEHIND_PROXY": "true", "DEBUG": "false",
              "ALLOWED_HOSTS": "crm.example.at", "CSRF_TRUSTED_ORIGINS": "https://crm.example.at",
              "DRAHT_BASE_URL": "https://crm.example.at",
              "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop"}


def draht(*args, env=None, timeout=120, **kwargs):
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # a test-only setting
    return subprocess.run([DRAHT, *args], env=base | (env or {}), capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def test_debug_is_off_unless_asked_for(tmp_path):
    env = {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": ""}
    clean = {k: v for k, v in os.environ.items() if k != "DEBUG"} | env
    done = subprocess.run([DRAHT, "shell", "-c", "from django.conf import settings; print(settings.DEBUG)"],
                          env=clean, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_the_documented_production_settings_pass_check_deploy_without_warnings(tmp_path):
    done = draht("check", "--deploy", env=PRODUCTION | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": ""})
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_production_settings_are_hardened(tmp_path):
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
            "s.SECURE_PROXY_SSL_HEADER)")
    done = draht("shell", "-c", code, env=PRODUCTION | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": ""})
    assert done.stdout.split("\n")[-2] == ("__Host-sessionid __Host-csrftoken True True 31536000 True "
                                           "('HTTP_X_FORWARDED_PROTO', 'https')")


def test_pages_send_a_csp_without_inline_scripts_and_no_store(cast, customer):
    response = client_for(cast.alice).get(f"/customers/{customer.pk}/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in api_for(cast.alice).get("/customers").headers["Cache-Control"]
    export = client_for(cast.alice).get("/data/export/customers.csv")
    assert "no-store" in export["Cache-Control"]


def test_a_visitor_never_sees_a_traceback(cast, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret detail of the code")

    monkeypatch.setattr("draht.cadence.views.due_customers", explode)
    client = client_for(cast.alice)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "secret detail" not in page and "Traceback" not in page and "Something went wrong" in page


def test_an_unreachable_database_answers_503_on_pages_and_in_the_api(cast, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr("draht.cadence.views.due_customers", unreachable)
    monkeypatch.setattr("draht.customers.api.keyset_page", unreachable)
    client = client_for(cast.alice)
    client.raise_request_exception = False
    page = client.get("/")
    assert page.status_code == 503 and page["Retry-After"] == "30" and "back in a moment" in page.content.decode()
    api = api_for(cast.alice)
    api.client.raise_request_exception = False
    answer = api.get("/customers")
    assert answer.status_code == 503 and answer.headers["Content-Type"] == "application/json"
    assert set(answer.json()) == {"error", "details"}


def test_error_reports_hide_connection_strings_and_secrets(settings):
    from django.views.debug import technical_500_response

    settings.DEBUG = True
    settings.DATABASE_URL = f"postgres://draht:{DB_PASSWORD}@db.internal:5432/draht"
    settings.DRAHT_TELEPHONY_SECRET = PHONE_SECRET
    request = RequestFactory().post("/accounts/login/", {"username": "a", "password": "typed-password"})

    def connect(conninfo):
        raise OperationalError("connection failed")

    password = settings.DATABASE_URL.split(":")[2].split("@")[0]
    try:
        connect(f"host=db.internal user=draht password={password}")
    except OperationalError:
        page = technical_500_response(request, *sys.exc_info()).content.decode()
    assert DB_PASSWORD not in page and PHONE_SECRET not in page
    assert settings.SECRET_KEY not in page


def test_var_and_uploaded_files_are_readable_by_their_owner_only(tmp_path):
    var = tmp_path / "var"
    assert draht("migrate", "-v0", env={"DRAHT_VAR": str(var), "DATABASE_URL": ""}).returncode == 0
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    for name in ("draht.sqlite3", "secret_key"):
        assert stat.S_IMODE((var / name).stat().st_mode) & 0o077 == 0, name
    from django.conf import settings

    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600 and settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700


def test_serve_refuses_debug_unless_forced(tmp_path):
    done = draht("serve", "--bind", "127.0.0.1:1", env={"DEBUG": "true", "DRAHT_VAR": str(tmp_path),
                                                         "DATABASE_URL": ""}, timeout=60)
    assert done.returncode != 0 and "DEBUG is on" in done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_names_a_taken_port(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = draht("serve", "--bind", f"127.0.0.1:{port}", env={"DRAHT_VAR": str(tmp_path), "DATABASE_URL": "",
                                                                   "DEBUG": "false"}, timeout=60)
    assert done.returncode != 0 and f"127.0.0.1:{port} is taken" in done.stderr


def _wait_for(url, deadline_seconds=30):
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _task_workers(pid: int) -> list:
    import psutil

    found = []
    for child in psutil.Process(pid).children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "draht.cli worker" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue  # ended meanwhile
    return found


def _descendants(pid: int) -> list[int]:
    import psutil

    return [p.pid for p in psutil.Process(pid).children(recursive=True)]


def test_serve_restarts_a_child_that_died_and_kill_9_leaves_no_process_behind(tmp_path):
    import psutil

    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "DEBUG": "false"}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    proc = subprocess.Popen([DRAHT, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/healthz") == 200
        deadline = time.monotonic() + 20
        while not _task_workers(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        worker = _task_workers(proc.pid)[0]
        worker.kill()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            workers = _task_workers(proc.pid)
            if workers and workers[0].pid != worker.pid:
                break
            time.sleep(0.3)
        assert workers and workers[0].pid != worker.pid, "the worker was not started again"
        deadline = time.monotonic() + 20
        while len(_descendants(proc.pid)) < 4 and time.monotonic() < deadline:
            time.sleep(0.3)  # the new worker starts its scheduler
        family = _descendants(proc.pid)
        assert len(family) >= 4  # gunicorn master and worker, task worker, scheduler
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"
                                                  for p in family):
            time.sleep(0.3)
        alive = [p for p in family if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
        assert not alive, "left behind: " + ", ".join(" ".join(psutil.Process(p).cmdline()) for p in alive)
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as a server would (TIME_WAIT remains)
            probe.bind(("127.0.0.1", port))  # nobody listens there any more
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        for p in _descendants(proc.pid) if psutil.pid_exists(proc.pid) else []:
            os.kill(p, signal.SIGKILL)


@pytest.mark.parametrize("kind", ["page", "api"])
def test_anonymous_requests_during_an_outage_get_no_traceback(db, monkeypatch, kind):
    from django.contrib.sessions.backends.db import SessionStore

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect: password=s3cret")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.post("/accounts/login/", {"username": "a", "password": "b"}) if kind == "page" else \
        client.get("/api/v1/customers")
    assert response.status_code == 503 and b"s3cret" not in response.content


@pytest.mark.parametrize("failure", [
    OperationalError("database or disk is full"),
    OSError(28, "No space left on device"),
])
def test_a_full_disk_answers_503_in_the_api_shape(cast, monkeypatch, failure):
    def full(*args, **kwargs):
        raise failure

    monkeypatch.setattr("draht.customers.api.keyset_page", full)
    api = api_for(cast.alice)
    api.client.raise_request_exception = False
    answer = api.get("/customers")
    assert answer.status_code == 503 and set(answer.json()) == {"error", "details"}


def test_static_files_are_served_with_debug_off(client):
    from django.conf import settings

    assert not settings.DEBUG
    response = client.get("/static/draht/draht.css")
    assert response.status_code == 200
