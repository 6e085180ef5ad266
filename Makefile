# Safety Valve — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run test test-fast lint bench load demo clean

venv: $(STAMP)

# Reinstall only when the pins or the project metadata change, so `make venv` is idempotent and quick.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

run: venv
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_demo
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(PY) -m pytest

test-fast: venv
	$(PY) -m pytest -m "not browser"

lint: venv
	$(BIN)/ruff check config intake analysis tests
	$(BIN)/ruff format --check config intake analysis tests
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

bench: venv
	$(PY) tests/bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache db.sqlite3 media
