"""Real mail servers on loopback for the tests: Debian's dovecot (IMAP) and aiosmtpd (SMTP)."""

import contextlib
import imaplib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "imap-test-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process=None, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise RuntimeError(f"nothing listens on port {port}") from None
            time.sleep(0.05)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """cert.pem and key.pem for 127.0.0.1, signed by nobody a client trusts (unless a test points SSL_CERT_FILE
    at cert.pem)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out",
                    str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


class Dovecot:
    """A private dovecot: its own directory (mode 0755, outside pytest's 0700 tmp_path), base_dir and
    instance name, users from a passwd file, mail owned by uid 65534."""

    def __init__(self, tls: bool = False):
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.dir = Path(tempfile.mkdtemp(prefix="draht-dovecot-"))
        self.dir.chmod(0o755)
        for sub in ("run", "state", "home"):
            (self.dir / sub).mkdir()
        (self.dir / "home").chmod(0o777)
        (self.dir / "users").write_text("")
        ssl_settings = "ssl = no"
        if tls:  # a self-signed certificate: a client that checks certificates must refuse it
            self_signed_certificate(self.dir)
            ssl_settings = f"ssl = yes\nssl_cert = <{self.dir}/cert.pem\nssl_key = <{self.dir}/key.pem"
        self.config = self.dir / "dovecot.conf"
        self.config.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.dir}/run
state_dir = {self.dir}/state
instance_name = draht-test-{self.port}
log_path = {self.dir}/dovecot.log
{ssl_settings}
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.dir}/users
}}
userdb {{
  driver = static
  args = uid=65534 gid=65534 home={self.dir}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""")
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        try:
            wait_for_port(self.port, self.process)
        except RuntimeError:
            self.stop()
            raise

    def add_user(self, name: str, password: str = PASSWORD) -> None:
        with open(self.dir / "users", "a") as users:
            users.write(f"{name}:{{PLAIN}}{password}\n")

    def append(self, user: str, raw: bytes, password: str = PASSWORD) -> None:
        """Deliver a message by IMAP APPEND, as a mail server would put it there."""
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        try:
            client.login(user, password)
            status, answer = client.append("INBOX", None, None, raw)
            assert status == "OK", answer
        finally:
            client.logout()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


def dovecot_available() -> bool:
    return os.path.exists(DOVECOT)


class RecordingHandler:
    """An aiosmtpd handler that keeps what it accepted; `on_data` may act before the 250 is answered."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.refuse_with: str | None = None
        self.on_data = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse_with:
            return self.refuse_with
        self.messages.append(envelope.original_content or envelope.content)
        if self.on_data:
            self.on_data()
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_server(tls_directory: Path | None = None):
    """aiosmtpd on a free loopback port; with a directory, over implicit TLS with a self-signed certificate."""
    import ssl

    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    context = None
    if tls_directory is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*self_signed_certificate(tls_directory))
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ssl_context=context)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()
