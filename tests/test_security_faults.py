"""draht broken on purpose: the database stopped or hanging under a running `draht serve`, workers killed in the
middle of a task, a backup onto a full disk or restored with the wrong key, an import resumed right after its
process was killed."""

import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from .pgserver import ThrowawayPostgres

DRAHT = str(Path(sys.executable).parent / "draht")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


JAR = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())


def fetch(url, data=None, timeout=20, headers=None):
    """(status, seconds, content type, body) of one request (with cookies); never raises for an HTTP status."""
    started = time.monotonic()
    try:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        with JAR.open(request, timeout=timeout) as response:
            return response.status, time.monotonic() - started, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started, error.headers["Content-Type"], error.read()


@pytest.fixture
def served(tmp_path):
    """`draht serve` (web server and worker) on a PostgreSQL of its own, which the test may stop or freeze."""
    pg = ThrowawayPostgres()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DRAHT_VAR": str(tmp_path), "DATABASE_URL": pg.url, "DEBUG": "false", "DRAHT_DB_TIMEOUT_SECONDS": "3",
        "DRAHT_DB_CONNECT_TIMEOUT_SECONDS": "2", "DB_CONN_MAX_AGE": "60"}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=300)
    port = free_port()
    proc = subprocess.Popen([DRAHT, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=(tmp_path / "serve.log").open("w"),
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while fetch(base + "/healthz", timeout=2)[0] != 200 if _listening(port) else True:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.3)
        yield {"base": base, "pg": pg, "env": env, "proc": proc, "log": tmp_path / "serve.log"}
    finally:
        pg.thaw() if pg.data.exists() else None
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        pg.close()


def _listening(port) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def sign_in_form(base) -> bytes:
    """A sign-in POST body with a valid CSRF token (from the page, fetched while the database is up), so the
    request gets as far as asking the database for the user."""
    import re

    page = fetch(base + "/accounts/login/")[3]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return b"csrfmiddlewaretoken=" + token + b"&username=leitung&password=" + b"s3cret-typed"


API_TOKEN = {"Authorization": "Bearer dr_some-token-the-database-must-look-up"}


def queue_snapshot(env):
    subprocess.run([DRAHT, "snapshot_coverage"], env=env, check=True, timeout=60, capture_output=True)


def snapshots(env) -> int:
    out = subprocess.run([DRAHT, "shell", "-c", "from draht.cadence.models import CoverageSnapshot as S; "
                          "print(S.objects.filter(scope='all').count())"], env=env, capture_output=True, text=True,
                         timeout=60).stdout
    return int(out.strip().splitlines()[-1])


@pytest.mark.postgresql
def test_a_stopped_database_costs_only_the_requests_made_meanwhile(served):
    base, pg, env = served["base"], served["pg"], served["env"]
    form = sign_in_form(base)
    pg.stop()
    try:
        status, seconds, _type, body = fetch(base + "/accounts/login/", data=form)
        assert status == 503 and seconds < 10 and b"back in a moment" in body
        assert b"Traceback" not in body and b"postgres://" not in body and b"s3cret-typed" not in body
        status, _seconds, content_type, body = fetch(base + "/api/v1/customers", headers=API_TOKEN)
        assert status == 503 and content_type == "application/json" and set(json.loads(body)) == {"error", "details"}
        time.sleep(8)  # the worker meets the outage too
        assert served["proc"].poll() is None, "draht serve ended"
    finally:
        pg.start()
    deadline = time.monotonic() + 30
    while fetch(base + "/accounts/login/")[0] != 200:
        assert time.monotonic() < deadline, "the web server did not serve again"
        time.sleep(0.5)
    queue_snapshot(env)  # the worker runs new tasks again, without a restart
    deadline = time.monotonic() + 60
    while snapshots(env) == 0:
        assert time.monotonic() < deadline, "the worker did not come back: " + served["log"].read_text()[-2000:]
        time.sleep(1)
    assert "database unreachable" in served["log"].read_text()


@pytest.mark.postgresql
def test_a_hanging_database_gives_the_error_page_within_seconds(served):
    base, pg = served["base"], served["pg"]
    form = sign_in_form(base)
    assert fetch(base + "/accounts/login/", data=form)[0] == 200  # a wrong password: the web worker now holds
    pg.freeze()                                                   # an open connection to the database
    try:
        status, seconds, _type, body = fetch(base + "/accounts/login/", data=form, timeout=30)
        assert status == 503 and seconds < 8, (status, seconds)
        status, seconds, content_type, _body = fetch(base + "/api/v1/customers", timeout=30, headers=API_TOKEN)
        assert status == 503 and seconds < 8 and content_type == "application/json"
    finally:
        pg.thaw()
    deadline = time.monotonic() + 30
    while fetch(base + "/accounts/login/")[0] != 200:
        assert time.monotonic() < deadline
        time.sleep(0.5)


# --- tasks of a killed worker ------------------------------------------------------------------------------
def _dead_process_tag() -> str:
    from draht.core.processes import process_tag

    child = subprocess.Popen(["sleep", "30"])
    tag = process_tag(child.pid)
    child.kill()
    child.wait()
    return tag


def _running_task(worker_id, started_ago=datetime.timedelta(minutes=1), task="draht.core.tasks.recover_tasks",
                  args=()):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status="RUNNING", task_path=task, args_kwargs={"args": list(args), "kwargs": {}}, queue_name="default",
        backend_name="default", priority=0, worker_ids=[worker_id], started_at=timezone.now() - started_ago,
        enqueued_at=timezone.now() - started_ago, run_after=None, return_value=None, exception_class_path="",
        traceback="")


def test_tasks_of_a_killed_worker_are_failed_at_once_and_others_left_alone(db):
    from draht.core.models import WorkerHeartbeat
    from draht.core.processes import process_tag
    from draht.core.recovery import recover_orphaned_tasks

    dead = _running_task("w:" + _dead_process_tag())
    alive = _running_task("w:" + process_tag())
    elsewhere_silent = _running_task("w:other-host:123:456", started_ago=datetime.timedelta(minutes=10))
    elsewhere_beating = _running_task("w:other-host:124:456", started_ago=datetime.timedelta(minutes=10))
    WorkerHeartbeat.objects.create(worker_id="w:other-host:124:456", seen_at=timezone.now())
    WorkerHeartbeat.objects.create(worker_id="w:other-host:123:456",
                                   seen_at=timezone.now() - datetime.timedelta(minutes=5))
    recovered = set(recover_orphaned_tasks())
    assert recovered == {str(dead.pk), str(elsewhere_silent.pk)}
    dead.refresh_from_db()
    assert dead.status == "FAILED" and "stopped while running" in dead.traceback
    alive.refresh_from_db()
    elsewhere_beating.refresh_from_db()
    assert alive.status == elsewhere_beating.status == "RUNNING"


def test_a_mail_upload_of_a_killed_worker_is_queued_again(db, cast, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from draht.core.recovery import recover_orphaned_tasks
    from draht.inbox.models import MailUpload, UploadStatus

    upload = MailUpload(name="a.mbox", created_by=cast.owner, status=UploadStatus.RUNNING)
    upload.file.save("a.mbox", ContentFile(b"From x\n\nHallo\n"), save=True)
    _running_task("w:" + _dead_process_tag(), task="draht.inbox.tasks.import_mail_upload", args=[upload.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        recover_orphaned_tasks()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.QUEUED and len(callbacks) == 1


# --- backup ----------------------------------------------------------------------------------------------------
def _env(tmp_path, **extra):
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DRAHT_VAR": str(tmp_path / "var"), "DATABASE_URL": ""} | extra


def test_a_backup_onto_a_full_disk_names_the_disk_and_leaves_nothing(tmp_path):
    env = _env(tmp_path)
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    full = tmp_path / "full"
    full.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(full)],
                                                   capture_output=True).returncode == 0
    try:
        if mounted:
            done = subprocess.run([DRAHT, "backup", str(full)], env=env, capture_output=True, text=True, timeout=120)
        else:  # no root to mount a small disk: the same error from the file system layer
            code = ("import errno, tarfile\nfrom django.core.management import call_command\n"
                    "def full(*a, **k):\n    raise OSError(errno.ENOSPC, 'No space left on device')\n"
                    f"tarfile.open = full\ncall_command('backup', {str(full)!r})\n")
            done = subprocess.run([DRAHT, "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode != 0
        assert f"the disk holding {full} is full" in done.stderr and "Traceback" not in done.stderr
        assert not list(full.glob("draht-backup-*"))
    finally:
        if mounted:
            subprocess.run(["umount", str(full)], check=True)


def test_a_restore_with_another_key_says_so_plainly(tmp_path):
    env = _env(tmp_path, SECRET_KEY="first-machine-secret-key-0123456789-abcdefghijklmnopqrstuv")
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([DRAHT, "shell", "-c", "from draht.inbox.models import Mailbox; from draht.inbox.crypto import "
                    "encrypt; Mailbox.objects.create(name='Büro', host='imap.example.at', username='b', "
                    "password_encrypted=encrypt('geheim'))"], env=env, check=True, timeout=60)
    made = subprocess.run([DRAHT, "backup", str(tmp_path / "backups")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0 and "Keep SECRET_KEY" in made.stderr
    archive = made.stdout.strip().splitlines()[-1]
    other = env | {"SECRET_KEY": "second-machine-secret-key-9876543210-zyxwvutsrqponmlkjihgfedc",
                   "DRAHT_VAR": str(tmp_path / "fresh")}
    subprocess.run([DRAHT, "migrate", "-v0"], env=other, check=True, timeout=120)
    refused = subprocess.run([DRAHT, "restore", archive, "--yes"], env=other, capture_output=True, text=True,
                             timeout=120)
    assert refused.returncode != 0 and "encrypted with another key" in refused.stderr
    assert "Traceback" not in refused.stderr
    same = env | {"DRAHT_VAR": str(tmp_path / "fresh")}
    assert subprocess.run([DRAHT, "restore", archive, "--yes"], env=same, capture_output=True,
                          timeout=120).returncode == 0
    forgot = subprocess.run([DRAHT, "restore", archive, "--yes", "--forget-mailbox-passwords"], env=other,
                            capture_output=True, text=True, timeout=120)
    assert forgot.returncode == 0, forgot.stderr
    state = subprocess.run([DRAHT, "shell", "-c", "from draht.inbox.models import Mailbox as M; m = M.objects.get(); "
                            "print(repr(m.password_encrypted), m.is_active)"], env=other, capture_output=True,
                           text=True, timeout=60).stdout
    assert state.strip().splitlines()[-1] == "'' False"
