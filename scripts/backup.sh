#!/usr/bin/env bash
# Back up the platform's PostgreSQL data: one custom-format dump per app schema, and their checksums.
#   scripts/backup.sh <database-url> <out-dir> [schema ...]
# The URL as libpq takes it (postgresql://user@host:port/db; a "+asyncpg" driver suffix is dropped). The
# schemas default to the four apps'. Each dump holds its schema's tables, data, sequences and the Alembic
# revision, so a restore lands where the code expects it (`python -m <app>.cli check` says so).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 <database-url> <out-dir> [schema ...]" >&2
  exit 2
fi
url=${1/+asyncpg/}
out=$2
shift 2
schemas=("$@")
[ ${#schemas[@]} -gt 0 ] || schemas=(iam case_svc investment_svc trade_svc)
mkdir -p "$out"
for schema in "${schemas[@]}"; do
  pg_dump --format=custom --no-owner --no-privileges --schema="$schema" --file="$out/$schema.dump" "$url"
done
(cd "$out" && sha256sum -- *.dump > SHA256SUMS)
echo "backed up ${schemas[*]} to $out"
