"""Import benchmark: N customer rows with contact persons from a German-Excel CSV, end to end
(process start, read, detect, parse, validate, match, write, index, audit, statistics), on a fresh database,
then the same file again (every row matched, nothing changed).

    python bench/import_rate.py --db sqlite --rows 100000
    python bench/import_rate.py --db postgres --rows 100000   # database draht_bench_import on 127.0.0.1
    python bench/import_rate.py --db postgres --repeat 3      # three rounds, each figure's median
    python bench/import_rate.py --format xlsx                 # the same rows as an Excel workbook (issue 13)

The speed of this 2-core test machine varies by a third from hour to hour; each round also prints how long a
fixed piece of pure Python took ("reference"), so that figures of different hours can be compared.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAHT = str(Path(sys.executable).parent / "draht")


def reference_seconds() -> float:
    started = time.perf_counter()
    sum(i * i for i in range(3_000_000))
    return time.perf_counter() - started


def one_round(args, csv_path: Path, work: Path) -> tuple[float, float]:
    env = os.environ | {"DRAHT_VAR": str(work), "DATABASE_URL": "", "DEBUG": "false"}
    if args.db == "postgres":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "draht_bench_import"],
                       check=True, capture_output=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "draht_bench_import"], check=True)
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/draht_bench_import"
    else:
        for name in ("draht.sqlite3", "draht.sqlite3-wal", "draht.sqlite3-shm"):
            (work / name).unlink(missing_ok=True)
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True)
    subprocess.run([DRAHT, "createuser", "chefin", "--role", "owner", "--password", "bench-" * 3], env=env,
                   check=True, capture_output=True)
    rates = []
    for label in ("first import", "same file again (all rows matched, nothing changed)"):
        started = time.perf_counter()
        done = subprocess.run([DRAHT, "import", str(csv_path), "--owner", "chefin"], env=env, capture_output=True,
                              text=True)
        elapsed = time.perf_counter() - started
        if done.returncode:
            sys.exit(done.stderr)
        if not rates:
            print("  " + done.stdout.strip().splitlines()[-1])
        rates.append(args.rows / elapsed)
        print(f"  {label}: {elapsed:.1f} s = {rates[-1]:,.0f} rows/s")
    return rates[0], rates[1]


def to_xlsx(csv_path: Path) -> Path:
    """The CSV's rows as an .xlsx written by openpyxl (birthdays as date cells, postal codes as numbers)."""
    import csv
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Kunden")
    with csv_path.open(encoding="cp1252", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter=";")):
            if number:
                day, month, year = row[13].split(".")
                row[13] = datetime.date(int(year), int(month), int(day))
                row[3] = int(row[3])
            sheet.append(row)
    path = csv_path.with_suffix(".xlsx")
    workbook.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; prints each figure's median at the end")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="draht-import-bench-"))
    csv_path = work / "kunden.csv"
    subprocess.run([sys.executable, str(ROOT / "bench/make_import_csv.py"), str(args.rows), str(csv_path)], check=True)
    if args.format == "xlsx":
        csv_path = to_xlsx(csv_path)
    size = csv_path.stat().st_size / 1e6
    kind = "cp1252, ;" if args.format == "csv" else "Excel workbook, dates as date cells"
    print(f"{args.rows} rows ({size:.1f} MB, {kind}) into an empty {args.db} database, end to end through "
          "`draht import`")
    firsts, agains = [], []
    for number in range(1, args.repeat + 1):
        print(f"round {number} (reference: {reference_seconds():.2f} s)")
        first, again = one_round(args, csv_path, work)
        firsts.append(first)
        agains.append(again)
    if args.repeat > 1:
        print(f"median of {args.repeat}: first import {statistics.median(firsts):,.0f} rows/s, "
              f"same file again {statistics.median(agains):,.0f} rows/s")


if __name__ == "__main__":
    main()
