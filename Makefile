# tipsom: `make run` serves the app with demo data on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TIPSOM := $(BIN)/tipsom
PG_URL ?= postgres://postgres@127.0.0.1:5432/tipsom
STAMP := $(VENV)/.installed

.PHONY: run install migrate demo test lint typecheck test-sqlite test-postgres e2e translations clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

install: $(STAMP)
	$(TIPSOM) translations compile

migrate: install
	$(TIPSOM) migrate --no-input

demo: migrate
	$(TIPSOM) demo

run: demo
	@echo "tipsom on http://127.0.0.1:8000 — sign in with a demo user above (Ctrl-C stops)"
	$(TIPSOM) serve 127.0.0.1:8000

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(TIPSOM) makemigrations --check --dry-run
	$(TIPSOM) translations check

typecheck: install
	$(BIN)/mypy

test-sqlite: install
	$(BIN)/pytest -q -p no:cacheprovider

e2e: install
	$(BIN)/pytest -q -p no:cacheprovider -m e2e

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -p no:cacheprovider -m "not e2e and not spark"

test: lint typecheck test-sqlite test-postgres

translations: install
	$(TIPSOM) makemessages --locale ur --ignore '.venv/*' --ignore 'tests/*' --no-obsolete
	$(TIPSOM) translations compile

clean:
	rm -rf $(VENV) var
