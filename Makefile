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
.PHONY: help install run migrate content messages test lint format check pytest e2e evaluate superuser clean

help:
	@echo "make run       install, migrate, load content, serve on http://127.0.0.1:8000"
	@echo "make test      lint, Django checks, migrations check, the whole test suite"
	@echo "make evaluate  how well the questionnaire tells the roles apart"
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

pytest: install messages
	$(BIN)/pytest

test: lint check pytest

clean:
	rm -rf $(VENV) staticfiles
