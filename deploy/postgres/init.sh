#!/usr/bin/env bash
# First start of an empty data volume only (the postgres image runs /docker-entrypoint-initdb.d/*.sh once).
# One database, one schema per service, one login role per service owning only its schema.
# Role and schema share a name: it is the schema constant in each app (gateway `iam`, `case_svc`, ...),
# and the user name in each app's database URL (deploy/env/*.env.example).
set -euo pipefail

SERVICE_ROLES=(iam case_svc investment_svc trade_svc)
SQL_DIR="$(dirname "${BASH_SOURCE[0]}")/sql"
SECRETS_DIR="${SECRETS_DIR:-/run/secrets}"

run_psql() {
  psql --no-psqlrc --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set dbname="$POSTGRES_DB" "$@"
}

run_psql --file "$SQL_DIR/database.sql"
for name in "${SERVICE_ROLES[@]}"; do
  run_psql --set role="$name" --set schema="$name" --set password_file="$SECRETS_DIR/db_password_$name" \
    --file "$SQL_DIR/service-role.sql"
done
