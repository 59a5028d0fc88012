"""Benchmark of the public booking page and the calendar feed (issue 15), against the anonymous minimal view
(/healthz) measured in the same run.

    .venv/bin/python bench/meetings.py                     # SQLite in bench/out/
    .venv/bin/python bench/meetings.py --db postgres       # PostgreSQL on 127.0.0.1:5432 (database draht_bench_meet)

An owner with 2,000 meetings (two years back, a few weeks ahead) and a 500-event external calendar; the booking
page offers the next four weeks. Targets: booking page >= 40 % of the minimal view's throughput, the feed of the
owner's 2,000 meetings >= 25 %, at 10 concurrent clients. Not part of the test suite.
"""

import argparse
import datetime
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, OUT, ROOT, _recreate_pg_database, free_port, log, median_run, wrk  # noqa: E402

PG_URL = os.environ.get("BENCH_MEETINGS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/draht_bench_meet")
SQLITE_PATH = OUT / "meetings.sqlite3"


def prepare(meetings: int, busy_events: int) -> tuple[str, str]:
    """(booking slug, feed token) after filling the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from draht.accounts.models import User
    from draht.booking.models import BookingPage
    from draht.customers.services import create_customer
    from draht.meetings.models import CalendarFeed, ExternalCalendar, Meeting, Participant

    owner = User.objects.create_user("bench-owner", password="bench-password-1", role="account_manager",
                                     first_name="Bea", last_name="Bench")
    customers = [create_customer(user=owner, name=f"Kunde {i}", owner=owner, country="AT") for i in range(50)]
    rng = random.Random(1)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for i in range(meetings):
        start = now + datetime.timedelta(hours=rng.randint(-24 * 700, 24 * 40))
        rows.append(Meeting(customer=rng.choice(customers), title=f"Termin {i}", kind="onsite", starts_at=start,
                            ends_at=start + datetime.timedelta(minutes=30), organizer=owner,
                            status="held" if start < now else "planned", location="Hauptstraße 1, Wien"))
    Meeting.objects.bulk_create(rows, batch_size=500)
    Participant.objects.bulk_create([Participant(meeting=m, user=owner) for m in Meeting.objects.all()],
                                    batch_size=500)
    busy = []
    for _ in range(busy_events):
        start = now + datetime.timedelta(hours=rng.randint(0, 24 * 60))
        busy.append([start.isoformat(), (start + datetime.timedelta(minutes=60)).isoformat()])
    ExternalCalendar.objects.create(user=owner, url="https://calendar.example/bench.ics", busy=sorted(busy),
                                    events=busy_events, fetched_at=now)
    BookingPage.objects.create(owner=owner, slug="bench", title="Termin mit Bea", days_ahead=28,
                               video_url="https://meet.example/bench")
    token = "bench-feed-token-0123456789abcdefghijklmnopqrstuv"
    CalendarFeed.objects.create(user=owner, token_hash=CalendarFeed.hash(token))
    return "bench", token


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--busy", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ |= {"DJANGO_SETTINGS_MODULE": "draht.settings", "DRAHT_VAR": str(OUT)}
    if args.db == "sqlite":
        SQLITE_PATH.unlink(missing_ok=True)
        os.environ |= {"DATABASE_URL": "", "SQLITE_PATH": str(SQLITE_PATH)}
    else:
        os.environ["DATABASE_URL"] = PG_URL
        _recreate_pg_database(PG_URL)
    log(f"preparing {args.meetings:,} meetings and {args.busy} busy events on {args.db}")
    slug, token = prepare(args.meetings, args.busy)
    port = free_port()
    env = os.environ | {"DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "draht.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--no-control-socket", "--log-level", "warning"], env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with urllib.request.urlopen(f"{base}/calendar/{token}.ics") as response:
            etag, size = response.headers["ETag"], len(response.read())
        with urllib.request.urlopen(f"{base}/book/{slug}/") as response:
            slots = response.read().decode().count("data-slot=")
        cases = [("minimal view (/healthz)", "/healthz", "X-Bench: baseline", None),
                 (f"booking page, 4 weeks ({slots} slots)", f"/book/{slug}/", "X-Bench: book", 0.40),
                 (f"calendar feed, {args.meetings} meetings ({size // 1024} KiB)", f"/calendar/{token}.ics",
                  "X-Bench: feed", 0.25),
                 ("calendar feed, unchanged (304)", f"/calendar/{token}.ics", f"If-None-Match: {etag}", 0.25)]
        results = []
        for label, path, header, target in cases:
            wrk(base + path, header, 3, args.connections)
            runs = [wrk(base + path, header, args.seconds, args.connections) for _ in range(args.repeat)]
            results.append((label, target, median_run(runs)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    minimal = results[0][2]["rps"]
    print(f"\ndraht meetings benchmark: {args.db}, {args.connections} concurrent clients, {args.seconds}s each, "
          "gunicorn 2 workers, DEBUG off")
    print(f"{'case':<44} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'target':>7}  ok")
    failed = 0
    for label, target, r in results:
        ratio = r["rps"] / minimal
        ok = target is None or (ratio >= target and not r["errors"])
        failed += not ok
        print(f"{label:<44} {r['rps']:>8.0f} {ratio:>6.2f} {r['p50']:>7.1f} {r['p99']:>7.1f} "
              f"{'' if target is None else f'{target:.2f}':>7}  {'yes' if ok else 'NO'}"
              + (f" ({r['errors']} errors)" if r["errors"] else ""))
    print("all targets met" if not failed else f"{failed} case(s) miss their target")


if __name__ == "__main__":
    main()
