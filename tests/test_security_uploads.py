"""Uploads against a real gunicorn worker: a body over the limit is refused while it streams in, and an 80 MB
CSV, vCard or mbox file never makes the web process grow by more than 50 MB (they are copied in chunks; the
worker reads them)."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
MB = 1024 * 1024
PASSWORD = "Upload-Test-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DRAHT_VAR": str(var), "DATABASE_URL": "", "DEBUG": "false", "DRAHT_IMPORT_MAX_BYTES": str(100 * MB)}
    draht = str(BIN / "draht")
    subprocess.run([draht, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run([draht, "createuser", "leitung", "--role", "manager", "--password", PASSWORD], env=env,
                   check=True, timeout=60, capture_output=True)
    subprocess.run([draht, "shell", "-c", "from draht.accounts.models import SecurityPolicy as P; "
                    "P.objects.create(second_factor_roles=[])"], env=env, check=True, timeout=60)
    port = free_port()
    proc = subprocess.Popen([str(BIN / "gunicorn"), "draht.wsgi:application", "--bind", f"127.0.0.1:{port}",
                             "--workers", "1", "--timeout", "60", "--no-control-socket"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield {"port": port, "pid": proc.pid, "var": var}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


class Browser:
    """Just enough of a browser: cookies, the CSRF token, multipart bodies streamed from files."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, response.getheader("Location"), data

    def token(self, path):
        _status, _location, page = self.request("GET", path)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

    def login(self):
        token = self.token("/accounts/login/")
        body = f"csrfmiddlewaretoken={token}&username=leitung&password={PASSWORD}"
        status, _location, _ = self.request("POST", "/accounts/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302

    def upload(self, path, fields: dict, file: Path):
        boundary = uuid.uuid4().hex
        head = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                        for k, v in fields.items())
        head += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file.name}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()

        def chunks():
            yield head
            with file.open("rb") as handle:
                while block := handle.read(MB):
                    yield block
            yield tail

        length = len(head) + file.stat().st_size + len(tail)
        return self.request("POST", path, chunks(), {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                     "Content-Length": str(length),
                                                     "Referer": f"http://127.0.0.1:{self.port}{path}"})


def worker_pid(master: int) -> int:
    children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return int(children[0])


def memory_kb(pid: int, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))


def write_file(path: Path, header: bytes, record: bytes, size: int) -> Path:
    with path.open("wb") as out:
        out.write(header)
        written, n = len(header), 0
        while written < size:
            line = record.replace(b"{n}", str(n).encode())
            out.write(line)
            written, n = written + len(line), n + 1
    return path


def test_a_request_over_the_limit_is_refused_before_it_is_sent_in_full(server):
    with socket.create_connection(("127.0.0.1", server["port"]), timeout=10) as sock:
        sock.sendall(b"POST /data/imports/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
                     b"boundary=x\r\nContent-Length: 524288000\r\n\r\n" + b"x" * 65536)
        started = time.monotonic()
        answer = sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - started < 5
    assert not list((server["var"] / "media").rglob("*")) if (server["var"] / "media").exists() else True


@pytest.mark.parametrize("kind", ["csv", "vcard", "mbox"])
def test_an_80_mb_upload_does_not_grow_the_web_process_by_50_mb(server, tmp_path, kind):
    browser = Browser(server["port"])
    browser.login()
    if kind == "csv":
        file = write_file(tmp_path / "kunden.csv", b"Firma;Ort;Telefon;E-Mail\r\n",
                          b"M\xfcller Bau {n} GmbH;Wien;01 5123{n};office{n}@mueller.example\r\n", 80 * MB)
    elif kind == "vcard":
        file = write_file(tmp_path / "kontakte.vcf", b"",
                          b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria M\xc3\xbcller {n}\r\n"
                          b"N:M\xc3\xbcller;Maria;;;\r\nORG:Huber {n} GmbH\r\nEMAIL:maria{n}@huber.example\r\n"
                          b"TEL;TYPE=CELL:+43 664 123{n}\r\nEND:VCARD\r\n", 80 * MB)
    else:
        file = write_file(tmp_path / "archiv.mbox", b"", b"From maria@huber.example Mon Nov 23 09:15:00 2026\n"
                          b"From: Maria <maria@huber.example>\nSubject: Nachricht {n}\nMessage-ID: <m{n}@huber>\n\n"
                          b"Gr\xc3\xbc\xc3\x9fe aus Wien, Nummer {n}.\n\n", 80 * MB)
    path = "/data/imports/" if kind != "mbox" else "/inbox/upload/"
    fields = {"csrfmiddlewaretoken": browser.token("/data/imports/")}
    if kind != "mbox":
        owner = re.search(rb'<option value="(\d+)"', browser.request("GET", "/data/imports/")[2]).group(1).decode()
        fields |= {"default_owner": owner, "default_country": "AT"}
    pid = worker_pid(server["pid"])
    before = memory_kb(pid, "VmRSS")
    started = time.monotonic()
    status, location, _ = browser.upload(path, fields, file)
    assert status == 302, status
    assert "mapping" in location or "upload" in location
    assert time.monotonic() - started < 30
    growth_mb = (memory_kb(pid, "VmHWM") - before) / 1024
    print(f"{kind}: 80 MB upload, web process grew by {growth_mb:.1f} MB")
    assert growth_mb < 50
