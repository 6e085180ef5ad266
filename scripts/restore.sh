#!/usr/bin/env bash
# Restore an encrypted backup written by scripts/backup.sh (README, "Data at rest").
#
#   BACKUP_PASSPHRASE_FILE=/root/backup.pass DATABASE_URL=postgres://.../scratch scripts/restore.sh FILE
#
# Decrypts with GnuPG and feeds pg_restore directly (no unencrypted copy on disk). --clean replaces what the
# database holds, in one transaction: a wrong passphrase or a damaged file changes nothing. Stop the app first
# (docker compose stop web) when restoring over the live database; try restores into a scratch database often.
# PG_RESTORE replaces the restore command, e.g. "docker compose exec -T db pg_restore -U safety_valve -d safety_valve".
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: scripts/restore.sh BACKUP.dump.gpg" >&2; exit 2; }
backup="$1"
[ -f "$backup" ] || { echo "restore: no such file: $backup" >&2; exit 2; }
: "${BACKUP_PASSPHRASE_FILE:?set BACKUP_PASSPHRASE_FILE to the file holding the backup passphrase}"
if [ -z "${PG_RESTORE:-}" ]; then
    : "${DATABASE_URL:?set DATABASE_URL (postgres://user@host:5432/db) or PG_RESTORE}"
    PG_RESTORE="pg_restore --dbname=$DATABASE_URL"
fi

# shellcheck disable=SC2086 # PG_RESTORE is a command with its arguments
gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$BACKUP_PASSPHRASE_FILE" --decrypt "$backup" \
    | $PG_RESTORE --clean --if-exists --no-owner --exit-on-error --single-transaction
echo "restored: $backup"
