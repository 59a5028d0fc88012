"""Take the README's screenshot of the due list from a running draht (make run) with demo data.

    .venv/bin/python scripts/screenshot.py [http://127.0.0.1:8000]
"""

import sys

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "betreuer")
    page.fill("input[name=password]", "draht-demo-2026")
    page.click("button[type=submit]")
    page.screenshot(path="docs/due-list.png")
    browser.close()
