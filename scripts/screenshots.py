"""Screenshots for the docs, made from a fresh demo (`make screenshots`): the main pages at a phone's width
(390 × 844) and a laptop's (1366 × 900) in docs/screens/, each component of the visual system in docs/ui/, and
the README's picture of the due list. Runs its own draht on a free loopback port with a throw-away database;
stops it when done.

    .venv/bin/python scripts/screenshots.py
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DRAHT = str(Path(sys.executable).parent / "draht")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"phone": (390, 844), "laptop": (1366, 900)}
PAGES = [("due-list", "/"), ("customers", "/customers/"), ("customer", "/customers/{customer}/"),
         ("check-in", "/customers/{customer}/check-in/?all=1"), ("log-call", "/timeline/customer/{customer}/log/"
                                                                 "?channel=phone"),
         ("promises", "/promises/"), ("meetings", "/meetings/"), ("booking-page", "/book/betreuerin/"),
         ("team-booking-page", "/book/team-wien/"), ("tickets", "/tickets/?scope=all"),
         ("ticket", "/tickets/{ticket}/"), ("inbox", "/inbox/"), ("outbox", "/outbox/"), ("components", "/ui/")]
COMPONENTS = ["c-buttons", "c-form", "c-filters", "c-badges", "c-table", "c-empty", "c-messages", "c-thumb"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"draht did not answer on {base} within {seconds} s")


def shoot(base: str) -> list[Path]:
    made = []
    (ROOT / "docs/screens").mkdir(parents=True, exist_ok=True)
    (ROOT / "docs/ui").mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, locale="de-AT")
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", "betreuerin")
            page.fill("input[name=password]", "draht-demo-2026")
            page.click("form button[type=submit]")
            page.wait_for_url(f"{base}/")
            href = page.locator("#due-list tbody tr a[href^='/customers/']").first.get_attribute("href")
            customer = re.search(r"/customers/(\d+)/", href).group(1)
            page.goto(f"{base}/tickets/?scope=all")
            href = page.locator("tbody a[href^='/tickets/']").first.get_attribute("href")
            ticket = re.search(r"/tickets/(\d+)/", href).group(1)
            for name, path in PAGES:
                page.goto(base + path.format(customer=customer, ticket=ticket))
                made.append(ROOT / f"docs/screens/{name}-{width}.png")
                page.screenshot(path=made[-1])
            if label == "phone":  # the folded menu, opened
                page.goto(f"{base}/")
                page.click(".menu-toggle")
                made.append(ROOT / "docs/screens/menu-390.png")
                page.screenshot(path=made[-1])
            else:
                page.goto(f"{base}/")
                made.append(ROOT / "docs/due-list.png")
                page.screenshot(path=made[-1])
                page.goto(f"{base}/ui/")
                for component in COMPONENTS:
                    made.append(ROOT / f"docs/ui/{component.removeprefix('c-')}.png")
                    page.locator(f"#{component}").screenshot(path=made[-1])
            context.close()
        browser.close()
    return made


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="draht-screens-") as var:
        env = os.environ | {"DRAHT_VAR": var, "DATABASE_URL": "", "DEBUG": "false", "DRAHT_SMTP_PORT": "1025"}
        env.pop("DRAHT_TELEPHONY_SECRET", None)
        subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True)
        subprocess.run([DRAHT, "demo", "--customers", "160"], env=env, check=True, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{free_port()}"
        server = subprocess.Popen([DRAHT, "serve", "--no-worker", "--bind", base.removeprefix("http://")], env=env,
                                  stdout=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_until_up(base)
            made = shoot(base)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    total = sum(path.stat().st_size for path in made)
    print(f"{len(made)} screenshots, {total / 1024:.0f} KiB: docs/screens/, docs/ui/, docs/due-list.png")


if __name__ == "__main__":
    main()
