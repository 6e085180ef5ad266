"""Encrypted backups restore (issue #11, item 14): scripts/backup.sh writes a GnuPG-encrypted pg_dump and
rotates old ones; scripts/restore.sh brings it back into a database. Run on PostgreSQL:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/sv_NAME pytest -m postgres tests/security/test_backup.py``.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_argument, make_case, make_client, make_organisation

ROOT = Path(__file__).resolve().parents[2]
CLIENT_NAME = "Philomena Backupworth"
MEDICAL = "She has Zanthorpe disease, stage four."

pytestmark = pytest.mark.postgres


def _url(database: str) -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    port = settings["PORT"] or 5432
    return f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{port}/{database}"


def _run(script: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _psql(database: str, sql: str) -> str:
    result = subprocess.run(["psql", _url(database), "-tAc", sql], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def scratch_database(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("backups are pg_dump's: run with DATABASE_URL=postgres://...")
    if not (
        shutil.which("pg_dump")
        and shutil.which("pg_restore")
        and shutil.which("gpg")
        and shutil.which("psql")
    ):
        pytest.skip("pg_dump, pg_restore, psql and gpg are needed")
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_an_encrypted_backup_restores_round_trip_and_old_ones_are_rotated(scratch_database, tmp_path):
    organisation = make_organisation(name="Backup Defenders")
    case = make_case(organisation, client=make_client(organisation, name=CLIENT_NAME))
    make_argument(case, text=MEDICAL)
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery staple backup\n")
    backups = tmp_path / "backups"
    backups.mkdir()
    stale, recent = (
        backups / "safety-valve-20200101T000000Z.dump.gpg",
        backups / "safety-valve-recent.dump.gpg",
    )
    for old_file, age_days in ((stale, 40), (recent, 5)):
        old_file.write_bytes(b"old")
        then = time.time() - age_days * 86400
        os.utime(old_file, (then, then))
    env = {
        "BACKUP_PASSPHRASE_FILE": str(passphrase),
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP_DAYS": "30",
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
    }

    backup = _run("backup.sh", env=env)
    assert backup.returncode == 0, backup.stderr
    written = [path for path in backups.iterdir() if path not in (stale, recent)]
    assert len(written) == 1 and written[0].name.endswith(".dump.gpg")
    assert not stale.exists() and recent.exists()  # rotated: only what is older than BACKUP_KEEP_DAYS
    content = written[0].read_bytes()
    assert (
        not content.startswith(b"PGDMP")
        and CLIENT_NAME.encode() not in content
        and b"Zanthorpe" not in content
    )
    assert written[0].stat().st_mode & 0o077 == 0  # readable by its owner only

    # A wrong passphrase restores nothing.
    wrong = tmp_path / "wrong"
    wrong.write_text("not the passphrase\n")
    target = {**env, "DATABASE_URL": _url(scratch_database)}
    refused = _run("restore.sh", str(written[0]), env={**target, "BACKUP_PASSPHRASE_FILE": str(wrong)})
    assert refused.returncode != 0
    assert _psql(scratch_database, "select count(*) from pg_tables where schemaname = 'public'") == "0"

    restored = _run("restore.sh", str(written[0]), env=target)
    assert restored.returncode == 0, restored.stderr
    assert _psql(scratch_database, "select name from intake_client") == CLIENT_NAME
    assert _psql(scratch_database, "select text from intake_argument") == MEDICAL
    # Restoring again over what is there (--clean) works too.
    assert _run("restore.sh", str(written[0]), env=target).returncode == 0
    assert _psql(scratch_database, "select count(*) from intake_case") == "1"
