# Sentra — the two commands a fresh machine needs are `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo serve test test-fast e2e lint format bench chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

## demo: set up everything, load the demo data and serve on http://127.0.0.1:8000
demo: $(VENV)/.installed
	$(BIN)/sentra migrate --noinput
	$(BIN)/sentra demo
	$(BIN)/sentra runserver 127.0.0.1:8000

## chromium: Debian's chromium for the browser tests (installed when missing and we are root)
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium. Install it with:  sudo apt-get install -y chromium"; \
	fi

## test: the whole suite (unit, integration, API, browser), on SQLite unless DATABASE_URL is set
test: $(VENV)/.installed-dev chromium
	$(BIN)/pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

## test-fast: everything but the browser tests
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -n 2 -p no:cacheprovider -m "not e2e" $(PYTEST_ARGS)

e2e: $(VENV)/.installed-dev chromium
	$(BIN)/pytest -p no:cacheprovider -m e2e $(PYTEST_ARGS)

## lint: ruff (lint + format), mypy, no missing migrations, no untranslated strings
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src
	$(BIN)/sentra makemigrations --check --dry-run
	$(BIN)/sentra check_translations

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: benchmarks, each printing its figure and a ratio against a same-run baseline
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache e2e/artifacts
