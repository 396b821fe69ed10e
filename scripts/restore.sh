#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a database that does not hold these schemas yet.
#   scripts/restore.sh <database-url> <backup-dir>
# The checksums are verified first; any error stops the restore. Then run each app's
# `python -m <app>.cli check` against the database: it prints the revision and rows per table and fails
# unless the schema is at the code's newest revision (run `migrate` when the backup is older than the code).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <database-url> <backup-dir>" >&2
  exit 2
fi
url=${1/+asyncpg/}
dir=$2
(cd "$dir" && sha256sum --check --quiet SHA256SUMS)
# A schema dump holds no extensions, which live in the database: case-service's similar-case index uses
# pg_trgm's operator class and its statistics' city-led span index btree_gist's, so each is created first
# wherever the server offers it.
for extension in pg_trgm btree_gist; do
  if psql "$url" -Atqc "SELECT 1 FROM pg_available_extensions WHERE name = '$extension'" | grep -q 1; then
    psql "$url" -qc "CREATE EXTENSION IF NOT EXISTS $extension" >/dev/null
  fi
done
for dump in "$dir"/*.dump; do
  pg_restore --no-owner --no-privileges --exit-on-error --dbname="$url" "$dump"
done
echo "restored $(cd "$dir" && ls -- *.dump | tr '\n' ' ')into ${url##*/}"
