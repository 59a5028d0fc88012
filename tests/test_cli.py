"""The `draht` command: one entry point for serve, worker, demo, createuser and the manage.py commands."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from django.core.management import call_command

from draht.accounts.models import User
from draht.cadence.models import CoverageSnapshot
from draht.core.demo import create_demo
from draht.customers.models import ContactPerson, Customer
from draht.timeline.choices import Channel
from draht.timeline.models import Interaction

DRAHT = str(Path(sys.executable).parent / "draht")


def test_demo_data_covers_every_role_country_and_channel(db):
    counts = create_demo(customers=300)
    assert counts["customers"] == 300
    assert set(User.objects.values_list("role", flat=True)) == {
        "owner", "manager", "account_manager", "agent", "technician", "communications"}
    assert set(Customer.objects.values_list("country", flat=True)) == {"DE", "AT", "IT", "CH"}
    assert Customer.objects.filter(subdivision="IT-BZ").exists()
    assert ContactPerson.objects.count() > 300
    assert set(Interaction.objects.values_list("channel", flat=True).distinct()) == set(Channel.values)
    oldest = Interaction.objects.order_by("occurred_at").first().occurred_at
    import datetime

    from django.utils import timezone

    assert timezone.now() - oldest > datetime.timedelta(days=700)
    assert CoverageSnapshot.objects.filter(scope="all").count() >= 100
    from draht.inbox.models import Message

    assert counts["messages"] > 10 and Message.objects.filter(status="unassigned").count() == 3
    assert Interaction.objects.filter(is_thread_head=True, thread_size__gt=1).exists()
    from draht.promises.models import Promise

    assert counts["promises"] == 24 and set(Promise.objects.values_list("status", flat=True)) == {
        "open", "kept", "broken"}
    assert Promise.objects.filter(status="open", interaction__isnull=False).exists()


def test_the_demo_command_runs_once(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", customers=20)
    call_command("demo", customers=20)
    assert Customer.objects.count() == 20


def test_createuser_makes_a_user_with_role_and_team(db):
    call_command("createuser", "neu", role="technician", team="Graz", password="lang-genug-123")
    user = User.objects.get(username="neu")
    assert user.role == "technician" and user.team.name == "Graz" and user.check_password("lang-genug-123")


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks():
    """The task API with the database backend: enqueue, then `draht worker --batch` drains the queue."""
    from django_tasks_db.models import DBTaskResult

    from draht.cadence.tasks import record_coverage_snapshot

    call_command("snapshot_coverage")
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, interval=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert CoverageSnapshot.objects.filter(scope="all").exists()
    assert record_coverage_snapshot.name == "record_coverage_snapshot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_runs_web_server_and_worker_and_stops_both(tmp_path, stop):
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": "", "DEBUG": "false"}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    proc = subprocess.Popen([DRAHT, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 2  # gunicorn and the worker
        deadline = time.monotonic() + 15
        while True:  # the worker starts the scheduler beside itself
            grandchildren = [subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
                             for pid in children]
            schedulers = [g for pids in grandchildren for g in pids
                          if "scheduler" in Path(f"/proc/{g}/cmdline").read_text()]
            if schedulers or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert len(schedulers) == 1
        children += schedulers
        proc.send_signal(stop)
        output, _ = proc.communicate(timeout=30)
        assert f"http://127.0.0.1:{port}/" in output
        for pid in children:
            assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_draht_worker_runs_the_database_worker(tmp_path):
    env = os.environ | {"DRAHT_VAR": str(tmp_path), "DATABASE_URL": ""}
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([DRAHT, "snapshot_coverage"], env=env, check=True, timeout=60)
    done = subprocess.run([DRAHT, "worker", "--batch", "--interval", "0"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    counted = subprocess.run([DRAHT, "shell", "-c", "from draht.cadence.models import CoverageSnapshot as S; "
                              "print(S.objects.filter(scope='all').count())"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert counted.stdout.strip().splitlines()[-1] == "1"


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_a_helper_started_just_before_its_parent_is_killed_still_ends(tmp_path):
    """The race the import's parser lost on a loaded machine: the parent dies before the child has asked to die
    with it, so the child already belongs to init when it asks; it must notice and end all the same."""
    pid_file = tmp_path / "child.pid"
    script = f"""
import os, time
from draht.core.processes import die_with_parent
parent = os.getpid()
if os.fork() == 0:
    open({str(pid_file)!r}, "w").write(str(os.getpid()))
    time.sleep(0.5)  # the parent is gone by now
    die_with_parent(parent)
    time.sleep(30)
os._exit(0)
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=30)
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child = int(pid_file.read_text())
    try:
        while psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE:
            assert time.monotonic() < deadline, "the child outlived its parent"
            time.sleep(0.05)
    finally:
        if psutil.pid_exists(child):
            os.kill(child, signal.SIGKILL)
