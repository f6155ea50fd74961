# The project's front door: `make run` and `make test` need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2
STAMP := $(VENV)/.installed-$(shell cat requirements.lock | cksum | cut -d' ' -f1)

.PHONY: help setup run serve test test-fast lint format messages db-start db-stop db-status lock chromium clean

help:
	@echo "make run        set up, start the database, load demo content, serve http://$(HOST):$(PORT)/"
	@echo "make serve      production mode under gunicorn (needs SECRET_KEY, ALLOWED_HOSTS; workers: WEB_CONCURRENCY)"
	@echo "make test       set up and run the whole test suite (browser tests included)"
	@echo "make db-stop    stop the embedded PostgreSQL"
	@echo "make lint       ruff, djhtml and Django's checks"
	@echo "make messages   update the ru/az interface catalogues"

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

db-start: $(STAMP)
	@if [ -z "$$DATABASE_URL" ]; then $(BIN)/python -m turan.embedded_db start; fi

db-stop: $(STAMP)
	@$(BIN)/python -m turan.embedded_db stop

db-status: $(STAMP)
	@$(BIN)/python -m turan.embedded_db status

run: export DEBUG ?= 1
run: setup db-start
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	$(MANAGE) build_renditions -v 0
	$(MANAGE) runserver $(HOST):$(PORT)

# Production mode (DEBUG off): refuses to start without SECRET_KEY and ALLOWED_HOSTS.
serve: export DEBUG = 0
serve: setup db-start
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) build_renditions -v 0
	$(BIN)/gunicorn turan.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile -

chromium:
	@./scripts/ensure-chromium

# Starts the embedded database only if it was not running, and stops only what it started.
test: setup chromium
	@started=0; \
	if [ -z "$$DATABASE_URL" ] && ! $(BIN)/python -m turan.embedded_db status >/dev/null; then \
		$(BIN)/python -m turan.embedded_db start && started=1; \
	fi; \
	trap 'if [ $$started = 1 ]; then $(BIN)/python -m turan.embedded_db stop; fi' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) makemigrations --check --dry-run --settings=turan.settings_test -v 0 \
		&& $(MANAGE) check --settings=turan.settings_test --fail-level WARNING \
		&& $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

messages: $(STAMP)
	DEBUG=1 $(MANAGE) makemessages --no-location --no-obsolete -l ru -l az --ignore=.venv --ignore=var --ignore=tests
	DEBUG=1 $(MANAGE) makemessages --no-location --no-obsolete -d djangojs -l ru -l az --ignore=.venv --ignore=var --ignore=tests

lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var/static var/test-media
