"""Benchmark of the service desk (issue 16): the agent's open-ticket list and the list of tickets close to their
target, against the logged-in minimal view measured in the same run, and the breach check over all open tickets.

    .venv/bin/python bench/service.py                                  # SQLite, 100,000 tickets
    .venv/bin/python bench/service.py --db postgres --tickets 500000 --customers 1000000   # PostgreSQL, 127.0.0.1:5432

Customers are generated in the number given (default 20,000; the lists never join the customer table for the
filter, so their number matters only for the page's names). Targets: both lists >= 25 % of the logged-in
minimal view at 10 concurrent clients; the breach check <= 2 s. Not part of the test suite.
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

from run import BIN, OUT, ROOT, _recreate_pg_database, free_port, log, median_run, session_cookie, wrk  # noqa: E402

PG_URL = os.environ.get("BENCH_SERVICE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/draht_bench_service")
SQLITE_PATH = OUT / "service.sqlite3"


def generate(customers: int, tickets: int, agents: int = 20):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from draht.accounts.models import User
    from draht.customers.models import Customer
    from draht.service.models import Ticket

    owner = User.objects.create_user("bench-owner", password="bench-password-1", role="owner")
    staff = [User.objects.create_user(f"agent{i}", password="bench-password-1", role="agent")
             for i in range(agents)]
    now = timezone.now()
    Customer.objects.bulk_create([Customer(name=f"Kunde {i}", sort_name=f"kunde {i}", owner=owner, country="AT",
                                           cadence_days=365, due_at=now, match_name=f"kunde {i}")
                                  for i in range(customers)], batch_size=5000)
    first_customer = Customer.objects.order_by("id").values_list("id", flat=True).first()
    rng = random.Random(1)
    statuses = ["new"] * 2 + ["open"] * 3 + ["waiting"] + ["solved"] * 2 + ["closed"] * 12
    rows = []
    for i in range(tickets):
        created = now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 400))
        status = rng.choice(statuses)
        rows.append(Ticket(customer_id=first_customer + rng.randrange(customers), kind="inquiry",
                           subject=f"Anfrage {i}", status=status, owner=rng.choice(staff), created_at=created,
                           first_response_due=created + datetime.timedelta(hours=rng.randint(1, 48)),
                           resolution_due=created + datetime.timedelta(hours=rng.randint(8, 400)),
                           first_response_at=None if status == "new" else created + datetime.timedelta(hours=1)))
        if len(rows) == 10000:
            Ticket.objects.bulk_create(rows)
            rows = []
    Ticket.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def breach_check_seconds() -> tuple[float, int]:
    from django.utils import timezone

    from draht.service.services import tickets_to_warn

    started = time.perf_counter()
    found = len(list(tickets_to_warn(timezone.now(), datetime.timedelta(hours=2)).values_list("owner_id", "pk")
                     .order_by("owner_id", "id")[:500]))
    return time.perf_counter() - started, found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--tickets", type=int, default=None, help="default 100,000 (SQLite), 500,000 (PG)")
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ |= {"DJANGO_SETTINGS_MODULE": "draht.settings", "DRAHT_VAR": str(OUT)}
    tickets = args.tickets or (100_000 if args.db == "sqlite" else 500_000)
    if args.db == "sqlite":
        SQLITE_PATH.unlink(missing_ok=True)
        os.environ |= {"DATABASE_URL": "", "SQLITE_PATH": str(SQLITE_PATH)}
    else:
        os.environ["DATABASE_URL"] = PG_URL
        _recreate_pg_database(PG_URL)
    log(f"generating {args.customers:,} customers and {tickets:,} tickets on {args.db}")
    started = time.monotonic()
    generate(args.customers, tickets)
    log(f"generated in {time.monotonic() - started:.0f}s")
    check = min(breach_check_seconds()[0] for _ in range(3))
    cookie = f"Cookie: sessionid={session_cookie('agent0')}"
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
        cases = [("minimal view, logged in", "/healthz", cookie, None),
                 ("agent's open tickets", "/tickets/", cookie, 0.25),
                 ("tickets close to their target (all)", "/tickets/?scope=all&due=soon", cookie, 0.25)]
        results = []
        for label, path, header, target in cases:
            wrk(base + path, header, 3, args.connections)
            runs = [wrk(base + path, header, args.seconds, args.connections) for _ in range(args.repeat)]
            results.append((label, target, median_run(runs)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    minimal = results[0][2]["rps"]
    print(f"\ndraht service benchmark: {args.db}, {tickets:,} tickets, {args.customers:,} customers, "
          f"{args.connections} clients, {args.seconds}s each, gunicorn 2 workers, DEBUG off")
    print(f"{'case':<40} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'target':>7}  ok")
    failed = 0
    for label, target, r in results:
        ratio = r["rps"] / minimal
        ok = target is None or (ratio >= target and not r["errors"])
        failed += not ok
        print(f"{label:<40} {r['rps']:>8.0f} {ratio:>6.2f} {r['p50']:>7.1f} {r['p99']:>7.1f} "
              f"{'' if target is None else f'{target:.2f}':>7}  {'yes' if ok else 'NO'}")
    print(f"breach check over all open tickets: {check * 1000:.0f} ms (target <= 2000 ms) "
          f"{'yes' if check <= 2 else 'NO'}")
    print("all targets met" if not failed and check <= 2 else "some targets missed")


if __name__ == "__main__":
    main()
