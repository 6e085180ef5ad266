#!/usr/bin/env bash
# Encrypted, rotated backup of the Safety Valve database (README, "Data at rest").
#
#   BACKUP_PASSPHRASE_FILE=/root/backup.pass DATABASE_URL=postgres://... scripts/backup.sh
#
# pg_dump's custom format, piped straight into GnuPG (AES-256, symmetric): no unencrypted copy touches the disk.
# Writes $BACKUP_DIR/safety-valve-<UTC time>.dump.gpg (mode 600), then deletes this script's backups older than
# $BACKUP_KEEP_DAYS days. Keep the passphrase file away from the backups (a password manager, another machine):
# without it no backup can be restored. PG_DUMP replaces the dump command, e.g. for docker compose:
#   PG_DUMP="docker compose exec -T db pg_dump -U safety_valve -d safety_valve"
set -euo pipefail

: "${BACKUP_PASSPHRASE_FILE:?set BACKUP_PASSPHRASE_FILE to a file holding the backup passphrase}"
[ -s "$BACKUP_PASSPHRASE_FILE" ] || { echo "backup: $BACKUP_PASSPHRASE_FILE is empty or missing" >&2; exit 2; }
backup_dir="${BACKUP_DIR:-backups}"
keep_days="${BACKUP_KEEP_DAYS:-30}"
if [ -z "${PG_DUMP:-}" ]; then
    : "${DATABASE_URL:?set DATABASE_URL (postgres://user@host:5432/db) or PG_DUMP}"
    PG_DUMP="pg_dump --dbname=$DATABASE_URL"
fi

umask 077
mkdir -p "$backup_dir"
target="$backup_dir/safety-valve-$(date -u +%Y%m%dT%H%M%SZ).dump.gpg"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

# shellcheck disable=SC2086 # PG_DUMP is a command with its arguments
$PG_DUMP --format=custom --no-owner \
    | gpg --batch --yes --quiet --pinentry-mode loopback --passphrase-file "$BACKUP_PASSPHRASE_FILE" \
          --symmetric --cipher-algo AES256 --output "$partial"
mv "$partial" "$target"
echo "backup written: $target"

# Rotation: only files this script wrote, only once a newer backup exists (the one just written).
find "$backup_dir" -maxdepth 1 -name 'safety-valve-*.dump.gpg' -type f -mtime +"$keep_days" -print -delete \
    | sed 's/^/backup removed (older than '"$keep_days"' days): /'
