# The project's front door: `make run` and `make test` need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2
# `make bench` / `make soak`: archive size and seconds per measured run.
BENCH_ARTICLES ?= 100000
BENCH_DURATION ?= 20
# Two locks, both with hashes: requirements.lock is what production runs
# (`make serve`); requirements-dev.lock adds the tests and linters (`make run`, `make test`).
RUNTIME_STAMP := $(VENV)/.runtime-$(shell cat requirements.lock | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.dev-$(shell cat requirements-dev.lock | cksum | cut -d' ' -f1)
PIP_TOOLS_VERSION := 7.6.2
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes

.PHONY: help setup runtime run serve backup restore test lint format messages db-start db-stop db-status lock chromium servers clean bench bench-day bench-profile soak cluster cluster-stop

help:
	@echo "make run        set up, start the database, migrate, load demo content, serve http://$(HOST):$(PORT)/"
	@echo "                (with the newswire worker, which sends webhooks)"
	@echo "make serve      production: release step, nginx on HOST:PORT before gunicorn, the newswire worker"
	@echo "                (needs SECRET_KEY, ALLOWED_HOSTS)"
	@echo "make test       set up; check migrations, Django's system checks and the import layers; run the whole suite (PYTEST_ARGS):"
	@echo "                browser tests included (skipped with a warning where Chromium cannot be installed)"
	@echo "make cluster    a cluster on this machine: PostgreSQL primary and streaming replica, Redis,"
	@echo "                S3 object storage (moto), two gunicorn nodes, nginx balancer, Varnish edge"
	@echo "                (var/cluster/: a PID file and a log per part); prints the addresses"
	@echo "make cluster-stop  stop every part make cluster started, and only those"
	@echo "make backup     dump the database and media into var/backups/turan-<timestamp>.tar (BACKUP_DIR);"
	@echo "                KEEP=n then deletes all but the newest n archives there"
	@echo "make restore FILE=var/backups/…tar   replace the database and media with a backup"
	@echo "make setup      create .venv, install requirements.lock, compile the ru/az catalogues"
	@echo "make db-start   start the embedded PostgreSQL (var/pgdata) unless DATABASE_URL is set"
	@echo "make db-stop    stop the embedded PostgreSQL"
	@echo "make db-status  say whether the embedded PostgreSQL is running"
	@echo "make lint       ruff, djhtml and the import layers (lint-imports)"
	@echo "make format     fix what ruff can, format Python (ruff) and templates (djhtml)"
	@echo "make messages   update the ru/az interface catalogues (needs GNU gettext)"
	@echo "make lock       recompile requirements.lock (runtime) and requirements-dev.lock from pyproject.toml"
	@echo "make chromium   install Debian's Chromium for the browser tests when missing"
	@echo "make servers    install Debian's nginx, pgbouncer, Java, redis-server and varnish for the tests when missing"
	@echo "make bench      measure the production server with wrk and nginx (BENCH_ARTICLES, BENCH_DURATION)"
	@echo "make bench-day  readers over 2,000 articles while a simulated newsroom saves and publishes:"
	@echo "                page-cache hit ratio, req/s, p99, stale pages (BENCH_ARTICLES, BENCH_DAY_DURATION;"
	@echo "                BENCH_DAY_CACHE=redis: the page cache shared in a Redis of its own)"
	@echo "make bench-profile  each page in-process without the page cache: ms, SQL ms, Python ms and"
	@echo "                its hottest functions, into docs/performance.md (BENCH_ARTICLES)"
	@echo "make soak       60 s at 64 connections (SOAK_DURATION, SOAK_CONNECTIONS): fails on any error"
	@echo "                or on gunicorn memory growth above 10 % (SOAK_MAX_GROWTH)"
	@echo "make clean      remove .venv, var/static and var/test-media (keeps the database, media and backups)"

$(RUNTIME_STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	@rm -f $(VENV)/.runtime-* $(VENV)/.installed-*
	@touch $@

# The development lock holds the runtime one's exact versions (pip-compile -c).
$(STAMP): requirements-dev.lock $(RUNTIME_STAMP)
	$(PIP_INSTALL) -r requirements-dev.lock
	@rm -f $(VENV)/.dev-*
	@touch $@

setup: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

runtime: $(RUNTIME_STAMP)
	$(BIN)/python scripts/compile_messages.py

db-start: $(RUNTIME_STAMP)
	@if [ -z "$$DATABASE_URL" ]; then $(BIN)/python -m core.db.embedded start; fi

db-stop: $(RUNTIME_STAMP)
	@$(BIN)/python -m core.db.embedded stop

db-status: $(RUNTIME_STAMP)
	@$(BIN)/python -m core.db.embedded status

run: export DEBUG ?= 1
run: setup db-start
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	$(MANAGE) build_renditions -v 0
	@# The newswire worker (webhooks) beside the development server; it stops with it.
	$(MANAGE) newswire_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production mode (DEBUG off): refuses to start without SECRET_KEY and ALLOWED_HOSTS.
# The release step (manage.py release: migrate, collectstatic, renditions, each
# only when something changed), then nginx on HOST:PORT in front of gunicorn on
# a Unix socket, both from deploy/ (docs/deploy.md). Installs only the runtime lock.
serve: export DEBUG = 0
serve: runtime db-start
	@./scripts/ensure-server-tools nginx || echo "make serve: no nginx; gunicorn will face clients itself." >&2
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(BIN)/python scripts/serve.py run

# Builds the archive if missing; installs wrk and nginx with apt when missing.
bench: setup db-start
	BENCH_ARTICLES=$(BENCH_ARTICLES) BENCH_DURATION=$(BENCH_DURATION) WEB_CONCURRENCY=$(WEB_CONCURRENCY) \
		$(BIN)/python scripts/bench.py bench

# Readers (Zipf over 2,000 articles, lists, three languages) while a simulated
# newsroom saves drafts, autosaves, publishes and corrects; 5 minutes unless told.
BENCH_DAY_DURATION ?= 300
bench-day: setup db-start
	BENCH_ARTICLES=$(BENCH_ARTICLES) BENCH_DAY_DURATION=$(BENCH_DAY_DURATION) WEB_CONCURRENCY=$(WEB_CONCURRENCY) \
		$(BIN)/python scripts/bench.py day

# In-process, no servers: where each page's time goes (SQL or Python, which functions).
bench-profile: setup db-start
	BENCH_ARTICLES=$(BENCH_ARTICLES) $(BIN)/python scripts/bench.py profile

soak: setup db-start
	BENCH_ARTICLES=$(BENCH_ARTICLES) WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(BIN)/python scripts/bench.py soak

# Database (pg_dump -Fc) plus media in one archive under var/backups/ (BACKUP_DIR); prints its path.
# KEEP=n (or BACKUP_KEEP) keeps only the newest n archives once the new one is written.
backup: export DEBUG ?= 1
backup: setup db-start
	$(MANAGE) backup$(if $(KEEP), --keep=$(KEEP))

# Replaces the database content and the media with FILE's (asks first on a terminal).
restore: export DEBUG ?= 1
restore: setup db-start
	@if [ -z "$(FILE)" ]; then echo "Name the backup: make restore FILE=var/backups/turan-….tar" >&2; exit 2; fi
	$(MANAGE) restore $(FILE)

chromium:
	@./scripts/ensure-chromium

# nginx (the stack's tests), pgbouncer (the pooler's), Java (the HTML checker's),
# redis-server and varnish (the cluster's), from apt where missing.
servers:
	@./scripts/ensure-server-tools nginx pgbouncer java redis varnish || echo "WARNING: the stack's, pooler's, HTML checker's or cluster's tests will be skipped." >&2

# The cluster (scripts/cluster.py, docs/deploy.md "A cluster"): its S3 server
# (moto) is in the development lock. Run again, it starts only what is stopped.
cluster: export DEBUG = 0
cluster: setup
	@./scripts/ensure-server-tools nginx redis varnish
	$(BIN)/python scripts/cluster.py start

cluster-stop:
	@$(BIN)/python scripts/cluster.py stop

# Starts the embedded database only if it was not running, and stops only what it started.
test: setup chromium servers
	@started=0; \
	if [ -z "$$DATABASE_URL" ] && ! $(BIN)/python -m core.db.embedded status >/dev/null; then \
		$(BIN)/python -m core.db.embedded start && started=1; \
	fi; \
	trap 'if [ $$started = 1 ]; then $(BIN)/python -m core.db.embedded stop; fi' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) makemigrations --check --dry-run --settings=turan.settings_test -v 0 \
		&& $(MANAGE) check --settings=turan.settings_test --fail-level WARNING \
		&& $(BIN)/lint-imports --no-cache --no-logo \
		&& $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports --no-cache --no-logo

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

messages: $(STAMP)
	DEBUG=1 $(MANAGE) makemessages --no-location --no-obsolete -l ru -l az --ignore=.venv --ignore=var --ignore=tests
	DEBUG=1 $(MANAGE) makemessages --no-location --no-obsolete -d djangojs -l ru -l az --ignore=.venv --ignore=var --ignore=tests

# Both locks from pyproject.toml's ranges, with hashes, by one pinned pip-tools.
lock: $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION)
	$(BIN)/pip-compile --quiet --generate-hashes --extra redis --extra memcached --extra s3 --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --all-extras --strip-extras -c requirements.lock \
		--no-emit-index-url --no-emit-find-links -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var/static var/test-media
