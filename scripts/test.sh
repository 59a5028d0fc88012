#!/usr/bin/env bash
# The whole suite on SQLite, then on PostgreSQL when it is reachable (required when DRAHT_REQUIRE_POSTGRES=1).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_ALLOW_ASYNC_UNSAFE=true

"$BIN/ruff" check .
"$BIN/draht" makemigrations --check --dry-run -v0 || { echo "A model change has no migration."; exit 1; }
"$BIN/draht" compilemessages -v0 --ignore=.venv

# Debian packages the tests drive: chromium (browser tests), dovecot (a real IMAP server), redis-server
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} for the tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
fi

echo "== SQLite =="
DATABASE_URL= "$BIN/pytest" "$@"

PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/draht}
if "$BIN/python" scripts/pg_ready.py "$PG_URL"; then
  echo "== PostgreSQL =="
  DATABASE_URL="$PG_URL" "$BIN/pytest" "$@"
elif [ "${DRAHT_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "PostgreSQL is required but not reachable at $PG_URL"; exit 1
else
  echo "PostgreSQL not reachable at $PG_URL: skipped the PostgreSQL run."
fi
