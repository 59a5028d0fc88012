"""draht benchmark: generate a large data set, serve it with gunicorn, measure pages and API with wrk.

    .venv/bin/python bench/run.py --db sqlite --customers 100000
    .venv/bin/python bench/run.py --db postgres --customers 1000000      # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python bench/run.py --db postgres --reuse                  # measure again without generating

Every figure is printed with its ratio to a minimal Django view (/healthz) measured in the same run.
Targets (issue 2): p99 <= 50 ms for due list and timeline, <= 150 ms for search, throughput >= 25% of the
minimal view's. Not part of the test suite: it runs for minutes and prints figures for a person to read.
"""

import argparse
import datetime
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/draht_bench")
SQLITE_PATH = OUT / "bench.sqlite3"
CUSTOMERS_PER_OWNER = 5000
PROMISE_EVERY = 10  # one customer in ten has a promise
PASSWORD = "bench-password-1"

LAST = ["Müller", "Schmidt", "Schmid", "Schmitt", "Huber", "Gruber", "Wagner", "Pichler", "Steiner", "Moser",
        "Mayer", "Hofer", "Bauer", "Egger", "Weber", "Fischer", "Schneider", "Meier", "Keller", "Brunner",
        "Gasser", "Pfeifer", "Oberhofer", "Thaler", "Kofler", "Rainer", "Köhler", "Bäcker", "Schütz", "Wolf",
        "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Lange", "Walter", "Peters", "König", "Lang"]
FIRST = ["Anna", "Lena", "Maria", "Sophie", "Thomas", "Michael", "Stefan", "Andreas", "Jürgen", "Lukas",
         "Ursula", "Reto", "Verena", "Franziska", "Hannes", "Simon", "Julia", "Petra", "Markus", "Karin"]
TRADES = ["IT-Service", "Elektrotechnik", "Steuerberatung", "Druckerei", "Tischlerei", "Haustechnik", "Software",
          "Metallbau", "Reisebüro", "Apotheke", "Architekten", "Hotel", "Weingut", "Bäckerei", "Autohaus", "Kanzlei"]
PLACES = [("DE", "DE-BY", "München", "49", "89"), ("DE", "DE-BE", "Berlin", "49", "30"),
          ("AT", "AT-9", "Wien", "43", "1"), ("AT", "AT-6", "Graz", "43", "316"),
          ("IT", "IT-BZ", "Bozen", "39", "0471"), ("CH", "CH-ZH", "Zürich", "41", "44"),
          ("CH", "CH-FR", "Fribourg", "41", "26")]
CHANNELS = [("phone", 30), ("email", 25), ("onsite_meeting", 6), ("virtual_meeting", 6), ("newsletter", 10),
            ("mailing", 3), ("chat", 5), ("video", 2), ("letter", 2), ("social", 2), ("review", 1),
            ("webform", 2), ("ticket", 4), ("cobrowsing", 1), ("note", 1)]
PERSONAL = {"email", "onsite_meeting", "virtual_meeting", "chat", "video", "cobrowsing"}
# E-mails carry an e-mail-sized body (issue 4: the timeline must stay fast with them) and come in threads of one
# to four messages, shown collapsed under the newest.
EMAIL_BODY_BYTES = 4000
EMAIL_BODY = ("Sehr geehrte Frau Huber,\n\nvielen Dank für Ihre Nachricht und die Unterlagen. Anbei erhalten Sie "
              "das überarbeitete Angebot für den Wartungsvertrag mit den besprochenen Änderungen bei Laufzeit, "
              "Reaktionszeiten und Vor-Ort-Terminen. Bitte prüfen Sie die Positionen 3 bis 7; bei Fragen rufen Sie "
              "mich gerne an.\n\n> Am Montag schrieb Maria Huber:\n> Können Sie uns das Angebot bis Freitag "
              "schicken? Die Geschäftsführung entscheidet nächste Woche.\n\n")


def log(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# --- data generation -----------------------------------------------------------------------------------

def fold(text):
    from draht.customers.rules import fold_variants

    return fold_variants(text)


def generate(db: str, customers: int, seed: int = 1):
    """Yield (table, columns, rows) batches; ids are assigned here so foreign keys are known."""
    import django

    django.setup()
    from django.utils import timezone

    from draht.customers.models import ContactPerson, Customer, SearchEntry
    from draht.customers.rules import sort_key
    from draht.privacy.rules import match_name
    from draht.promises.models import Promise
    from draht.timeline.cadence import compute_due
    from draht.timeline.models import Interaction, Thread

    rng = random.Random(seed)
    now = timezone.now()
    owners = max(20, customers // CUSTOMERS_PER_OWNER)
    channel_names = [c for c, _ in CHANNELS]
    channel_weights = [w for _, w in CHANNELS]
    c_cols = [f.column for f in Customer._meta.concrete_fields]
    p_cols = [f.column for f in ContactPerson._meta.concrete_fields]
    s_cols = [f.column for f in SearchEntry._meta.concrete_fields]
    i_cols = [f.column for f in Interaction._meta.concrete_fields]
    t_cols = [f.column for f in Thread._meta.concrete_fields]
    v_cols = [f.column for f in Promise._meta.concrete_fields]
    today = timezone.localdate()
    email_body = (EMAIL_BODY * (EMAIL_BODY_BYTES // len(EMAIL_BODY) + 1))[:EMAIL_BODY_BYTES]
    batch_c, batch_p, batch_s, batch_i, batch_t, batch_v = [], [], [], [], [], []
    person_id = search_id = interaction_id = thread_id = promise_id = 0
    for cid in range(1, customers + 1):
        country, region, city, cc, area = PLACES[cid % len(PLACES)]
        name = f"{rng.choice(LAST)} {rng.choice(TRADES)} {cid}"
        owner = 2 + (cid % owners)  # user 1 is the admin; owners are 2..owners+1
        phone = f"+{cc}{area.lstrip('0') if cc != '39' else area}{rng.randint(100000, 999999)}"
        created = now - datetime.timedelta(days=rng.randint(0, 1500))
        last_personal = None
        emails = []
        for _ in range(rng.randint(0, 40)):
            interaction_id += 1
            channel = rng.choices(channel_names, channel_weights)[0]
            outcome = rng.choice(["reached", "reached", "not_reached"]) if channel == "phone" else ""
            personal = (channel == "phone" and outcome == "reached") or channel in PERSONAL
            when = now - datetime.timedelta(minutes=rng.randint(1, 1095 * 1440))
            if personal and (last_personal is None or when > last_personal):
                last_personal = when
            batch_i.append({
                "id": interaction_id, "customer_id": cid, "channel": channel, "direction": "out",
                "is_personal": personal, "is_automated": channel in ("newsletter", "mailing"), "occurred_at": when,
                "duration_seconds": rng.randint(60, 1800) if channel == "phone" else None,
                "subject": "Angebot Wartungsvertrag",
                "body": email_body if channel == "email" else "Kunde zufrieden, Folgetermin vereinbart. " * 3,
                "outcome": outcome, "source": "import", "source_ref": "", "created_by_id": owner, "version": 1,
                "created_at": when, "updated_at": when, "thread_id": None, "is_thread_head": True, "thread_size": 1,
            })
            if channel == "email":
                emails.append(batch_i[-1])
        emails.sort(key=lambda row: row["occurred_at"])
        while emails:
            size = min(len(emails), rng.randint(1, 4))
            group, emails = emails[:size], emails[size:]
            thread_id += 1
            batch_t.append({"id": thread_id, "subject": "Angebot Wartungsvertrag", "key": None,
                            "created_at": group[0]["occurred_at"]})
            for row in group:
                row.update(thread_id=thread_id, is_thread_head=row is group[-1], thread_size=size)
        cadence = rng.choice([90, 180, 365, 365])
        contact_due, due = compute_due(last_personal, cadence, created, None)
        people = []
        for _ in range(rng.randint(1, 3)):
            person_id += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            birthday = datetime.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
            mobile = f"+{cc}{rng.randint(600000000, 699999999)}"
            people.append(person_id)
            batch_p.append({
                "id": person_id, "customer_id": cid, "salutation": "", "title": "", "first_name": first,
                "last_name": last, "position": "", "email": f"{fold(first).split()[0]}.{fold(last).split()[0]}"
                f"{person_id}@example.com", "phone": "", "mobile": mobile, "birthday": birthday,
                "birthday_mmdd": birthday.month * 100 + birthday.day, "is_active": True, "version": 1,
                "other_contacts": "[]",
                "created_at": created,
            })
            search_id += 1
            batch_s.append({"id": search_id, "customer_id": cid, "contact_person_id": person_id,
                            "text": f"{fold(first)} {fold(last)} {batch_p[-1]['email']} {mobile[1:]}"})
        batch_c.append({
            "id": cid, "kind": "organisation", "name": name, "salutation": "", "title": "", "first_name": "",
            "last_name": "", "external_id": "", "owner_id": owner, "team_id": None, "tier": "C", "language": "de",
            "email": f"office{cid}@example.com", "phone": phone, "street": "Hauptstraße 1", "postal_code": "1010",
            "city": city, "country": country, "subdivision": region, "newsletter_status": "unknown",
            "home_office_status": "unknown", "main_contact_id": people[0], "customer_since": None,
            "anniversary_mmdd": None, "cadence_days": cadence, "snoozed_until": None, "snooze_reason": "",
            "last_personal_contact_at": last_personal, "contact_due_at": contact_due, "due_at": due,
            "facts_verified_at": None, "is_archived": False, "version": 1, "created_at": created,
            "updated_at": created, "match_name": match_name(name), "sort_name": sort_key(name),
            "other_contacts": "[]",
        })
        if rng.random() < 1 / PROMISE_EVERY:  # promises around today, spread over the owners
            promise_id += 1
            due_on = today + datetime.timedelta(days=rng.randint(-60, 30))
            status = "open" if due_on >= today or rng.random() < 0.1 else rng.choice(["kept", "kept", "broken"])
            batch_v.append({"id": promise_id, "customer_id": cid, "interaction_id": None, "what": "Angebot schicken",
                            "owner_id": owner, "due_on": due_on, "status": status, "reminded_at": None,
                            "resolved_on": due_on if status != "open" else None,
                            "resolved_by_id": owner if status != "open" else None, "created_by_id": owner,
                            "created_at": now})
        search_id += 1
        batch_s.append({"id": search_id, "customer_id": cid, "contact_person_id": None,
                        "text": f"{fold(name)} {fold(city)} office{cid}@example.com {phone[1:]}"})
        if len(batch_i) >= 50_000 or cid == customers:
            # Customers reference their main contact, contacts reference customers: both deferred to commit.
            yield Customer._meta.db_table, c_cols, batch_c
            yield ContactPerson._meta.db_table, p_cols, batch_p
            yield SearchEntry._meta.db_table, s_cols, batch_s
            yield Thread._meta.db_table, t_cols, batch_t
            yield Interaction._meta.db_table, i_cols, batch_i
            yield Promise._meta.db_table, v_cols, batch_v
            batch_c, batch_p, batch_s, batch_i, batch_t, batch_v = [], [], [], [], [], []
            if cid % 50_000 < 2_500 or cid == customers:
                log(f"  {cid:,} customers, {interaction_id:,} interactions")


def create_users(customers: int):
    from draht.accounts.models import User

    owners = max(20, customers // CUSTOMERS_PER_OWNER)
    User.objects.create_user("admin", password=PASSWORD, role="owner")
    for i in range(owners):
        User.objects.create_user(f"owner{i}", password=PASSWORD, role="account_manager")


def load_sqlite(customers: int):
    import sqlite3

    SQLITE_PATH.unlink(missing_ok=True)
    env_migrate()
    create_users(customers)
    from django.db import connection

    connection.close()
    db = sqlite3.connect(SQLITE_PATH)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA foreign_keys=OFF")
    counts = {}
    for table, cols, rows in generate("sqlite", customers):
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        db.executemany(sql, ([_sqlite_value(r[c]) for c in cols] for r in rows))
        counts[table] = counts.get(table, 0) + len(rows)
        if table.endswith("interaction"):
            db.commit()
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return counts


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_postgres(customers: int):
    import psycopg

    env_migrate()
    from django.db import connection

    from draht.accounts.models import User

    connection.close()
    create_users(customers)
    connection.close()
    dsn = connection.settings_dict
    tables = ["customers_customer", "customers_contactperson", "customers_searchentry", "timeline_thread",
              "timeline_interaction", "promises_promise"]
    with psycopg.connect(host=dsn["HOST"], port=dsn["PORT"] or 5432, user=dsn["USER"], dbname=dsn["NAME"],
                         autocommit=True) as db:
        saved = _drop_indexes_and_foreign_keys(db, tables)
        counts = {}
        db.execute("SET synchronous_commit = off")
        for table, cols, rows in generate("postgres", customers):
            with db.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row([r[c] for c in cols])
            counts[table] = counts.get(table, 0) + len(rows)
        log("rebuilding indexes and foreign keys")
        db.execute("SET maintenance_work_mem = '1GB'")
        for sql in saved:
            started = time.monotonic()
            db.execute(sql)
            log(f"  {time.monotonic() - started:5.1f}s {sql[:100]}")
        for table in tables:
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        db.execute("VACUUM ANALYZE")
    assert User.objects.count() > 1
    return counts


def _drop_indexes_and_foreign_keys(db, tables) -> list[str]:
    """Drop secondary indexes and foreign keys of the tables; return the statements that recreate them."""
    recreate = []
    for name, table, definition in db.execute(
        "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)", [tables]).fetchall():
        db.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        recreate.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    for name, definition in db.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [tables]).fetchall():
        db.execute(f"DROP INDEX {name}")
        recreate.insert(0, definition)
    return recreate


def env_migrate():
    subprocess.run([str(BIN / "draht"), "migrate", "-v0"], check=True, env=os.environ)
    import django

    django.setup()


# --- measuring ------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(username: str) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from draht.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def wrk(url: str, header: str, seconds: int, connections: int) -> dict:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header, url]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def ms(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": rps, "p50": ms(50), "p99": ms(99), "errors": int(non2xx.group(1)) if non2xx else 0}


def median_run(runs: list[dict]) -> dict:
    """Each figure's median over the runs (the machine's speed varies by a fifth between runs minutes apart)."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(args):
    import django

    django.setup()
    from django.db.models import Count

    from draht.accounts.models import ApiToken, User
    from draht.customers.models import Customer

    owner = User.objects.get(username="owner0")
    busiest = (Customer.objects.filter(owner=owner).annotate(n=Count("interactions")).order_by("-n")
               .values_list("id", "n").first())
    cookie = f"Cookie: sessionid={session_cookie('owner0')}"
    token = ApiToken.issue(owner, "bench")[1]
    bearer = f"Authorization: Bearer {token}"
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
        cases = [
            ("minimal view (/healthz)", "/healthz", "X-Bench: baseline", None),
            ("minimal view, logged in", "/healthz", cookie, None),
            ("due list page, one owner", "/?scope=mine", cookie, 50),
            (f"timeline page ({busiest[1]} interactions)", f"/customers/{busiest[0]}/", cookie, 50),
            ("search page 'schmi'", "/customers/search/?q=schmi", cookie, 150),
            ("promises page, one owner", "/promises/", cookie, 50),
            ("API due list", "/api/v1/due?scope=mine", bearer, 50),
            ("API timeline", f"/api/v1/customers/{busiest[0]}/interactions", bearer, 50),
            ("API search 'schmi'", "/api/v1/search?q=schmi", bearer, 150),
        ]
        if args.only:  # the minimal views stay: every figure is a ratio to them
            cases = cases[:2] + [c for c in cases[2:] if args.only in c[0]]
        results = []
        for label, path, header, target in cases:
            wrk(base + path, header, 5, args.connections)  # warm-up: caches, connections, PostgreSQL buffers
            runs = [wrk(base + path, header, args.seconds, args.connections) for _ in range(args.repeat)]
            for run in runs:
                log(f"  {label}: {run['rps']:.0f} req/s, p50 {run['p50']:.1f} ms, p99 {run['p99']:.1f} ms")
            results.append((label, path, target, median_run(runs)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    return results


def report(args, counts, results):
    minimal = results[0][3]["rps"]
    logged_in = results[1][3]["rps"]
    print()
    runs = f" (median of {args.repeat} runs)" if args.repeat > 1 else ""
    print(f"draht benchmark: {args.db}, {args.connections} concurrent clients, {args.seconds}s each{runs}, "
          f"gunicorn 2 workers, DEBUG off")
    if counts:
        print("data: " + ", ".join(f"{t.split('_', 1)[1]} {n:,}" for t, n in counts.items()))
    print(f"{'case':<38} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'target':>7}  p99 ok  ratio ok")
    failed = 0
    for label, _, target, r in results:
        ratio = r["rps"] / minimal
        p99_ok = target is None or (r["p99"] <= target and not r["errors"])
        ratio_ok = target is None or ratio >= 0.25
        failed += not (p99_ok and ratio_ok)
        print(f"{label:<38} {r['rps']:>8.0f} {ratio:>6.2f} {r['p50']:>7.1f} {r['p99']:>7.1f} "
              f"{'' if target is None else target:>7}  {'yes' if p99_ok else 'NO':>6}  {'yes' if ratio_ok else 'NO':>8}"
              + (f" ({r['errors']} errors)" if r["errors"] else ""))
    print("all targets met" if not failed else f"{failed} case(s) miss their target")
    to_logged_in = ", ".join(f"{r['rps'] / logged_in:.2f}" for _, _, _, r in results[2:])
    print(f"(ratio: to the anonymous minimal view; to the logged-in one, which pays for session and user, "
          f"the pages reach {to_logged_in})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--customers", type=int, default=None, help="default 100,000 (SQLite), 1,000,000 (PG)")
    parser.add_argument("--reuse", action="store_true", help="keep the generated data of the last run")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--only", help="measure only the cases whose label contains this (e.g. timeline)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the table shows each figure's median")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "draht.settings"
    os.environ["DRAHT_VAR"] = str(OUT)
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = ""
        os.environ["SQLITE_PATH"] = str(SQLITE_PATH)
        customers = args.customers or 100_000
    else:
        os.environ["DATABASE_URL"] = PG_URL
        customers = args.customers or 1_000_000
    counts = None
    if not args.reuse:
        log(f"generating {customers:,} customers on {args.db}")
        started = time.monotonic()
        if args.db == "postgres":
            _recreate_pg_database()
            counts = load_postgres(customers)
        else:
            counts = load_sqlite(customers)
        log(f"generated in {time.monotonic() - started:.0f}s")
    log("measuring")
    report(args, counts, measure(args))


def _recreate_pg_database(url: str = PG_URL):
    """An empty benchmark database (the other bench scripts call this with their own URL)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres",
                         autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        db.execute(f'CREATE DATABASE "{config["NAME"]}"')


if __name__ == "__main__":
    main()
