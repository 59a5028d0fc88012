"""The same tasks on both task backends: the database (default) and RQ on a real Redis started here."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from draht.core.scheduler import JOBS

from .mailservers import smtp_server

DRAHT = str(Path(sys.executable).parent / "draht")
CHECK = ("from draht.cadence.models import CoverageSnapshot as S; from draht.transfer.models import ImportJob as J; "
         "from draht.core.models import PeriodicRun as P; from draht.customers.models import Customer as C; "
         "from draht.promises.models import Promise as V; "
         "print(S.objects.filter(scope='all').count(), J.objects.get().status, P.objects.count(), C.objects.count(), "
         "V.objects.filter(reminded_at__isnull=False).count())")
# A promise due tomorrow, for the reminder job (its owner has an address, so the reminder goes out by SMTP).
PROMISE = ("import datetime; from django.utils import timezone; from draht.accounts.models import User; "
           "from draht.customers.services import create_customer; from draht.promises.services import record_promise; "
           "u = User.objects.get(username='chefin'); u.email = 'chefin@draht.example'; u.save(); "
           "c = create_customer(user=u, owner=u, name='Versprochen GmbH', country='AT'); "
           "record_promise(c, user=u, owner=u, what='Angebot schicken', "
           "due_on=timezone.localdate() + datetime.timedelta(days=1))")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_tasks_on(env, worker_args, tmp_path):
    with smtp_server() as (smtp, port):
        _run_tasks_on(env | {"DRAHT_SMTP_HOST": "127.0.0.1", "DRAHT_SMTP_PORT": str(port)}, worker_args, tmp_path)
        assert len(smtp.messages) == 1 and b"Angebot schicken" in smtp.messages[0]


def _run_tasks_on(env, worker_args, tmp_path):
    csv_file = tmp_path / "kunden.csv"
    csv_file.write_text("Firma;Ort;Telefon\nMüller Bau GmbH;Wien;+43 1 5123456\n")
    for command in (["migrate", "-v0"], ["createuser", "chefin", "--role", "owner", "--password", "x" * 12],
                    ["shell", "-c", PROMISE], ["snapshot_coverage"],
                    ["import", str(csv_file), "--owner", "chefin", "--queue"],
                    ["scheduler", "--once"]):
        done = subprocess.run([DRAHT, *command], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    worker = subprocess.run([DRAHT, "worker", *worker_args], env=env, capture_output=True, text=True, timeout=120)
    assert worker.returncode == 0, worker.stderr
    result = subprocess.run([DRAHT, "shell", "-c", CHECK], env=env, capture_output=True, text=True, timeout=60)
    snapshots, import_status, periodic_runs, customers, reminded = result.stdout.split()[-5:]
    assert int(snapshots) >= 1 and import_status == "done" and periodic_runs == str(len(JOBS)) and customers == "2"
    assert reminded == "1"


def test_the_tasks_run_on_the_database_backend(tmp_path):
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "TASKS_BACKEND": "db"}
    run_tasks_on(env, ["--batch", "--interval", "0"], tmp_path)


def test_the_tasks_run_on_rq_with_a_real_redis(tmp_path, redis_url):
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "TASKS_BACKEND": "rq", "REDIS_URL": redis_url}
    run_tasks_on(env, ["--burst"], tmp_path)
