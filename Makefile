# Mandates — the two commands of a fresh machine:
#   make run   install, migrate the embedded SQLite database (var/), load reference and demo data, serve
#              (web server and background worker side by side; mails written under var/mail)
#   make test  install everything (pip, npm, Debian postgresql + chromium), run the suite on SQLite and PostgreSQL
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := src/mandates/static/vendor

.PHONY: test-resilience test-api-fuzz run serve test test-replica install assets system-deps data bench lint clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

$(VENDOR)/.stamp: package.json package-lock.json scripts/vendor-assets
	npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor-assets
	touch $@

install: $(VENV)/.installed assets messages

# Translations: the .po catalogues are committed, the .mo files are build output (compiled with Babel,
# so no system package is needed).
messages: $(VENV)/.installed
	$(BIN)/python scripts/compile-messages

assets: $(VENDOR)/.stamp

# A laptop: DEBUG and the built-in development key, asked for here (production never has them).
data run: export MANDATES_DEBUG ?= 1

data: install
	mkdir -p var
	$(BIN)/mandates migrate --noinput
	$(BIN)/mandates load_reference_data
	$(BIN)/mandates load_iati_demo
	$(BIN)/mandates load_demo

run: data
	PORT=$(PORT) scripts/run-dev

system-deps:
	scripts/system-deps

test: install system-deps
	scripts/run-tests

# schemathesis over every API operation, writes included (the suite runs a read-only pass).
test-api-fuzz: install
	MANDATES_API_FUZZ=full $(BIN)/pytest -q src/mandates/core/tests/test_api_schema_fuzz.py

# Fault tests: PostgreSQL crashed and restarted under load, an import killed half-way (its own server).
test-resilience: install system-deps
	scripts/test-resilience

lint: install
	$(BIN)/ruff check .
	PYTHONPATH=src DJANGO_SETTINGS_MODULE=mandates.settings $(BIN)/lint-imports

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@

serve: install system-deps
	scripts/serve

test-replica: install system-deps
	scripts/test-replica

bench test-replica: export MANDATES_SECRET_KEY ?= bench-only-secret-key-not-for-production-0123456789abcdef
bench test-replica: export MANDATES_HTTPS ?= 0

bench: install system-deps $(VENV)/.bench-installed
	scripts/test-replica
	$(BIN)/python -m mandates.bench

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
