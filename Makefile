# Safety Valve — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run reset-demo test test-fast lint security bench load demo clean

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

# Start the demo over (fresh SQLite database and uploaded files) without reinstalling the virtualenv.
# Refuses when DATABASE_URL is set: it never touches a PostgreSQL database.
reset-demo: venv
	@if [ -n "$$DATABASE_URL" ]; then echo "reset-demo resets only the embedded SQLite demo; unset DATABASE_URL" >&2; exit 1; fi
	rm -rf db.sqlite3 media
	DEBUG=true $(PY) manage.py migrate --noinput -v 0
	DEBUG=true $(PY) manage.py load_demo

# One pytest worker per core (pytest-xdist; each worker has its own test database). TEST_WORKERS=0 runs in
# one process, in file order, e.g. to debug.
TEST_WORKERS ?= auto

test: venv
	$(PY) -m pytest -n $(TEST_WORKERS)

test-fast: venv
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser"

lint: venv
	$(BIN)/ruff check config intake analysis tests
	$(BIN)/ruff format --check config intake analysis tests
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# bandit on the application code, then Django's deployment check on the production defaults (DEBUG off, a
# fresh random key, no HTTPS setting taken from your shell). Both must report nothing.
security: venv
	$(BIN)/bandit -r config intake analysis -lll -q
	env -u SECURE_SSL_REDIRECT -u SECURE_HSTS_SECONDS -u SECURE_COOKIES -u SECURE_PROXY_SSL_HEADER \
	    -u SECURE_HSTS_PRELOAD -u DJANGO_ALLOW_ASYNC_UNSAFE \
	    DEBUG=false ALLOWED_HOSTS=example.org \
	    SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	    $(PY) manage.py check --deploy --fail-level WARNING

bench: venv
	$(PY) tests/bench/run.py

# Needs PostgreSQL on 127.0.0.1:5432 (LOAD_PG=postgres://user@host:port to change); recreates and drops the
# database safety_valve_load. About 4 minutes: seeding ~1.5, load ≤ 2. See docs/performance.md.
load: venv
	$(PY) tests/load/run.py

# Encrypted, rotated PostgreSQL backups (README "Data at rest"): BACKUP_PASSPHRASE_FILE and DATABASE_URL (or
# PG_DUMP / PG_RESTORE) in the environment; `make restore FILE=backups/safety-valve-....dump.gpg`.
backup:
	scripts/backup.sh

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/safety-valve-....dump.gpg"; exit 2; }
	scripts/restore.sh "$(FILE)"

clean:
	rm -rf $(VENV) .pytest_cache db.sqlite3 media
