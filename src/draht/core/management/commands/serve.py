import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server (gunicorn), the task worker and the scheduler together until Ctrl-C stops them."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DRAHT_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--no-worker", action="store_true", help="serve pages only (no worker, no scheduler)")

    def handle(self, *args, **options):
        bin_dir = os.path.dirname(sys.executable)
        web = [os.path.join(bin_dir, "gunicorn"), "draht.wsgi:application", "--bind", options["bind"],
               "--workers", str(options["workers"]), "--access-logfile", "-", "--graceful-timeout", "5"]
        if _gunicorn_has_control_socket(bin_dir):
            web.append("--no-control-socket")
        processes = [subprocess.Popen(web)]
        if not options["no_worker"]:
            # the worker starts the scheduler of periodic jobs beside itself
            processes.append(subprocess.Popen([sys.executable, "-m", "draht.cli", "worker"]))
        # A service manager stops us with SIGTERM (or SIGHUP on logout): treat it like Ctrl-C, so the
        # children are stopped too instead of living on with old code.
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _raise_keyboard_interrupt)
        backend = settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1]
        self.stdout.write(f"draht is running on http://{options['bind']}/ (worker: {backend}). Ctrl-C stops it.")
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in processes:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        failed = [p.args[0] for p in processes if p.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            self.stderr.write(f"stopped: {', '.join(os.path.basename(f) for f in failed)} exited with an error")
            sys.exit(1)


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def _gunicorn_has_control_socket(bin_dir) -> bool:
    out = subprocess.run([os.path.join(bin_dir, "gunicorn"), "--help"], capture_output=True, text=True).stdout
    return "--no-control-socket" in out
