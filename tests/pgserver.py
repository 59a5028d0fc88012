"""A throwaway PostgreSQL server for tests that stop, freeze and restart it (never the machine's own)."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(args, **kwargs):
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*runner, *map(str, args)], check=True, capture_output=True, timeout=120, **kwargs)


class ThrowawayPostgres:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.dir = Path(tempfile.mkdtemp(prefix="draht-pg-"))
        self.dir.chmod(0o777)
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        _as_postgres([PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        self.start()
        _as_postgres([PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "draht"])

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/draht"

    def start(self):
        _as_postgres([PG_BIN / "pg_ctl", "-D", self.data, "-w", "-l", self.dir / "log", "-o",
                      f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start"])

    def stop(self):
        _as_postgres([PG_BIN / "pg_ctl", "-D", self.data, "-w", "-m", "fast", "stop"])

    def pids(self) -> list[int]:
        main = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True).stdout.split()
        return [main, *map(int, children)]

    def freeze(self):
        for pid in self.pids():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self.pids():
            os.kill(pid, signal.SIGCONT)

    def close(self):
        try:
            self.thaw()
            self.stop()
        except (subprocess.CalledProcessError, OSError, ValueError):
            pass
        shutil.rmtree(self.dir, ignore_errors=True)
