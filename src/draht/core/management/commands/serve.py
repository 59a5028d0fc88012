import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from draht.core.processes import parent_watch
from draht.settings import envbool

RESTART_PAUSES = [1, 2, 5, 10, 30]  # seconds before restarting a process that exited; reset after a minute's run


class Child:
    """A process `draht serve` keeps running: started again when it exits, ended when serve ends (however serve
    ends: the kernel signals it when its parent dies)."""

    def __init__(self, name, args):
        self.name, self.args = name, args
        self.process, self.started, self.failures, self.restart_at = None, 0.0, 0, None

    def start(self):
        self.process = subprocess.Popen(self.args, preexec_fn=parent_watch())
        self.started, self.restart_at = time.monotonic(), None

    def check(self, out) -> None:
        if self.process.poll() is None:
            return
        if self.restart_at is None:
            self.failures = 0 if time.monotonic() - self.started > 60 else self.failures + 1
            pause = RESTART_PAUSES[min(self.failures, len(RESTART_PAUSES) - 1)]
            out.write(f"{self.name} exited with code {self.process.returncode}; starting it again in {pause} s")
            self.restart_at = time.monotonic() + pause
        elif time.monotonic() >= self.restart_at:
            self.start()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self):
        if self.process is None:
            return
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Command(BaseCommand):
    help = "Run the web server (gunicorn), the task worker and the scheduler together until Ctrl-C stops them."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DRAHT_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--no-worker", action="store_true", help="serve pages only (no worker, no scheduler)")
        parser.add_argument("--allow-debug", action="store_true",
                            help="serve with DEBUG on (shows code and settings to anyone who causes an error)")

    def handle(self, *args, **options):
        if settings.DEBUG and not (options["allow_debug"] or envbool("DRAHT_ALLOW_DEBUG", "false")):
            raise CommandError("DEBUG is on: an error would show any visitor the code and the settings. Unset DEBUG "
                               "(or DEBUG=false); for development only, add --allow-debug or DRAHT_ALLOW_DEBUG=true.")
        _check_port_free(options["bind"])
        bin_dir = os.path.dirname(sys.executable)
        web = [os.path.join(bin_dir, "gunicorn"), "draht.wsgi:application", "--bind", options["bind"],
               "--workers", str(options["workers"]), "--access-logfile", "-", "--graceful-timeout", "5",
               "--timeout", str(max(30, settings.DRAHT_DB_TIMEOUT_SECONDS * 3))]
        if _gunicorn_has_control_socket(bin_dir):
            web.append("--no-control-socket")
        children = [Child("web server", web)]
        if not options["no_worker"]:
            # the worker starts the scheduler of periodic jobs beside itself
            children.append(Child("worker", [sys.executable, "-m", "draht.cli", "worker"]))
        for child in children:
            child.start()
        # A service manager stops us with SIGTERM (or SIGHUP on logout): treat it like Ctrl-C, so the
        # children are stopped too instead of living on with old code.
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _raise_keyboard_interrupt)
        backend = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
        self.stdout.write(f"draht is running on http://{options['bind']}/ (worker: {backend}). Ctrl-C stops it.")
        for line in first_run_notes():
            self.stdout.write(line)
        try:
            while True:
                for child in children:
                    child.check(self.stderr)
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                child.stop()
            for child in children:
                child.wait()


def first_run_notes() -> list[str]:
    """What is not set up yet, said at start instead of found out later."""
    notes = []
    if not settings.DRAHT_SMTP_CONFIGURED:
        notes.append("E-mail: no mail server is set up (DRAHT_SMTP_HOST); written e-mails wait in the outbox. To try "
                     "it, run a local debugging server in another terminal: .venv/bin/python -m aiosmtpd -n -l "
                     "127.0.0.1:1025 and start draht with DRAHT_SMTP_PORT=1025.")
    if not settings.DRAHT_TELEPHONY_SECRET:
        notes.append("Telephone system: events are refused until DRAHT_TELEPHONY_SECRET is set.")
    elif settings.DRAHT_TELEPHONY_SECRET_SOURCE == "demo":
        notes.append("Telephone system: the demo secret is in var/telephony_secret; for the README's example run: "
                     "export DRAHT_TELEPHONY_SECRET=$(cat var/telephony_secret)")
    return notes


def _check_port_free(bind: str) -> None:
    host, _, port = bind.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, int(port)))
    except OSError as exc:
        raise CommandError(f"{bind} is taken ({exc.strerror}): another program (or another draht serve) listens "
                           f"there. Stop it, or choose another address with --bind or DRAHT_BIND.") from None


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def _gunicorn_has_control_socket(bin_dir) -> bool:
    out = subprocess.run([os.path.join(bin_dir, "gunicorn"), "--help"], capture_output=True, text=True).stdout
    return "--no-control-socket" in out
