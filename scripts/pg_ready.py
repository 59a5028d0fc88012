"""Exit 0 when the PostgreSQL server in the URL accepts connections (to its maintenance database)."""

import sys

import dj_database_url
import psycopg

config = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
                    password=config["PASSWORD"] or None, dbname="postgres", connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
