# Cap IA: `make run` to serve the app, `make test` for the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export DJANGO_SETTINGS_MODULE := config.settings

.DEFAULT_GOAL := help
.PHONY: help install run migrate content messages test lint format check pytest e2e evaluate superuser clean \
	test-pg prod prod-env screenshots bench loadcheck

help:
	@echo "make run       install, migrate, load content, serve on http://127.0.0.1:8000"
	@echo "make test      lint, Django checks, migrations check, the whole test suite"
	@echo "make test-pg   the test suite on a throwaway PostgreSQL 15"
	@echo "make prod      production server (gunicorn, DEBUG=0); needs DATABASE_URL and SECRET_KEY"
	@echo "make e2e       only the browser journeys (Playwright on /usr/bin/chromium)"
	@echo "make screenshots  regenerate docs/screenshots/*.png (French: a 360 px phone, the editors' admin at 1280 px)"
	@echo "make evaluate  how well the questionnaire tells the roles apart"
	@echo "make bench     page throughput next to a bare view, phone timings (wrk, chromium; SCALE=1: 1,000 roles)"
	@echo "make loadcheck how many students answering at once two servers on one PostgreSQL hold"
	@echo "make superuser create the first admin account"
	@echo "make format    format the code with ruff"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Cap IA needs Python 3.12 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "Install Python 3.12 (pyenv reads .python-version) or run: make run PYTHON=python3.12"; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes: a second `make run` starts in seconds.
$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

content: migrate
	$(MANAGE) load_content

messages: install
	$(MANAGE) compilemessages --verbosity 0 --ignore=.venv

run: content messages
	$(MANAGE) runserver 127.0.0.1:8000

superuser: migrate
	$(MANAGE) createsuperuser

evaluate: content
	$(MANAGE) evaluate_quiz

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

# Two processes: the suite on 2 workers, then the browser journeys (serial, one live server).
pytest: install messages
	$(BIN)/pytest -n 2
	$(BIN)/pytest tests/e2e

test: lint check pytest

# The browser journeys alone (they also run, serially, in `make test`). Needs /usr/bin/chromium.
e2e: install messages
	$(BIN)/pytest tests/e2e

# A real French run on a 360 px phone, then an editor's admin at 1280 px; the file is not a test, so
# only this target runs it.
screenshots: install messages
	$(BIN)/pytest -q tests/e2e/screenshots.py

# The suite on a throwaway PostgreSQL 15 cluster (scripts/with-postgres.sh), one test
# database per xdist worker. The browser journeys (tests/e2e) run on SQLite only:
# nothing they check depends on the database engine.
PG_WORKERS ?= 2
test-pg: install messages
	scripts/with-postgres.sh $(BIN)/pytest -n $(PG_WORKERS) --ignore=tests/e2e

# Production on this machine, behind a TLS proxy: README "Deployment".
WORKERS ?= 3
BIND ?= 127.0.0.1:8000
prod: prod-env install messages
	DEBUG=0 $(MANAGE) check --deploy
	DEBUG=0 $(MANAGE) collectstatic --noinput --verbosity 0
	DEBUG=0 $(MANAGE) migrate --noinput
	DEBUG=0 $(MANAGE) load_content --if-empty
	DEBUG=0 exec $(BIN)/gunicorn config.wsgi --bind $(BIND) --workers $(WORKERS) --access-logfile - \
	  --access-logformat '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'

# Throughput and latency of the main pages next to a bare Django view (needs wrk), then what a
# slow phone waits for (chromium, throttled; normal size only), written to docs/benchmarks.md.
# SCALE=1 first adds 1,000 generated roles and 200 questions. SQLite by default;
# `scripts/with-postgres.sh make bench` measures on PostgreSQL. Not in CI.
bench: install messages
	$(BIN)/python -m bench.run $(if $(filter-out 0,$(SCALE)),--scale)
	$(if $(filter-out 0,$(SCALE)),,$(BIN)/python -m bench.phone)

# Students answering every 5-10 s, more at each step, on two gunicorn instances (3 workers each)
# sharing a throwaway PostgreSQL, until p95 > 150 ms or an answer is lost or doubled; the last good
# step is the capacity, written to docs/benchmarks.md (about 15 minutes). Not in CI.
# Then the class scenario: 10 sessions of 35 students joining by code within a minute while each
# teacher's page refreshes (about 5 minutes; bench/classload.py).
loadcheck: install messages
	scripts/with-postgres.sh $(BIN)/python -m bench.loadcheck
	scripts/with-postgres.sh $(BIN)/python -m bench.loadcheck --classes 10

prod-env:
	@case "$$DATABASE_URL" in \
	  postgres://*|postgresql://*|pgsql://*) ;; \
	  "") echo "make prod needs DATABASE_URL, a PostgreSQL database, e.g."; \
	      echo "  DATABASE_URL=postgres://capia:password@127.0.0.1:5432/capia make prod"; exit 1;; \
	  *) echo "make prod needs PostgreSQL; DATABASE_URL is a '$${DATABASE_URL%%:*}' URL."; exit 1;; \
	esac
	@[ -n "$$SECRET_KEY" ] || { \
	  echo "make prod needs SECRET_KEY (keep it secret, keep it stable), e.g.:"; \
	  echo "  export SECRET_KEY='$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')'"; \
	  exit 1; }

clean:
	rm -rf $(VENV) staticfiles
