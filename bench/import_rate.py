"""Import benchmark: N customer rows with contact persons from a German-Excel CSV, end to end
(read, detect, parse, validate, match, write, index, audit), on a fresh database.

    python bench/import_rate.py --db sqlite --rows 100000
    python bench/import_rate.py --db postgres --rows 100000   # database draht_bench_import on 127.0.0.1
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAHT = str(Path(sys.executable).parent / "draht")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="draht-import-bench-"))
    csv_path = work / "kunden.csv"
    subprocess.run([sys.executable, str(ROOT / "bench/make_import_csv.py"), str(args.rows), str(csv_path)], check=True)
    env = os.environ | {"DRAHT_VAR": str(work), "DATABASE_URL": "", "DEBUG": "false"}
    if args.db == "postgres":
        url = "postgres://postgres@127.0.0.1:5432/draht_bench_import"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "draht_bench_import"], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "draht_bench_import"], check=True)
        env["DATABASE_URL"] = url
    subprocess.run([DRAHT, "migrate", "-v0"], env=env, check=True)
    subprocess.run([DRAHT, "createuser", "chefin", "--role", "owner", "--password", "bench-" * 3], env=env,
                   check=True, capture_output=True)
    size = csv_path.stat().st_size / 1e6
    print(f"{args.rows} rows ({size:.1f} MB, cp1252, ;) into an empty {args.db} database")
    started = time.perf_counter()
    done = subprocess.run([DRAHT, "import", str(csv_path), "--owner", "chefin"], env=env, capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(done.stderr)
    print(done.stdout.strip().splitlines()[-1])
    print(f"end to end (including process start): {elapsed:.1f} s = {args.rows / elapsed:,.0f} rows/s")
    started = time.perf_counter()
    subprocess.run([DRAHT, "import", str(csv_path), "--owner", "chefin"], env=env, capture_output=True, check=True)
    elapsed = time.perf_counter() - started
    print(f"same file again (all rows matched, nothing changed): {elapsed:.1f} s = {args.rows / elapsed:,.0f} rows/s")


if __name__ == "__main__":
    main()
