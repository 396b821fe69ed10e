#!/usr/bin/env bash
# Entrypoint of every image: secrets arrive as files (Docker secrets, never in env files or
# `docker inspect`), the apps read environment variables; bridge the two, then run the command.
# For each name below, NAME_FILE (when set) names the file holding NAME's value.
#   PGPASSWORD      the app's database password (asyncpg reads it when the URL carries none)
#   INTERNAL_TOKEN  the service-to-service token
#   TRADE_PII_KEYS  trade-service's key ring for workers' personal data
set -euo pipefail

for name in PGPASSWORD INTERNAL_TOKEN TRADE_PII_KEYS; do
  file_var="${name}_FILE"
  file="${!file_var:-}"
  if [[ -n "$file" ]]; then
    if [[ ! -r "$file" ]]; then
      echo "entrypoint: $file_var=$file is not a readable file" >&2
      exit 1
    fi
    # Command substitution drops trailing newlines, as `echo secret > file` leaves one.
    export "$name=$(<"$file")"
    unset "$file_var"
  fi
done

exec "$@"
