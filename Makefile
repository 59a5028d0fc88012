# draht: make run | make test | make lint
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint messages demo bench screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

var/.migrated: $(STAMP) $(wildcard src/draht/*/migrations/*.py)
	mkdir -p var
	$(BIN)/draht compilemessages -v0 --ignore=.venv
	$(BIN)/draht migrate -v0
	touch var/.migrated

run: var/.migrated
	$(BIN)/draht demo
	@echo "Open http://127.0.0.1:8000/ and log in with one of the demo users above."
	$(BIN)/draht serve

test: $(STAMP)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/draht makemigrations --check --dry-run -v0

messages: $(STAMP)
	cd src/draht && ../../$(BIN)/draht makemessages -l de --no-obsolete --no-location -v0 --ignore=tests
	$(BIN)/python scripts/po_check.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/draht.sqlite3* var/.migrated
