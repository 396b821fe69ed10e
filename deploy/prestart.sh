#!/usr/bin/env bash
# One-shot job before an app starts: wait for its database, migrate its schema, load reference data
# (regions, built-in roles, units). Never demo data: this runs in production, which refuses it.
# Usage: prestart.sh <module>   (gateway | case_service | investment_service | trade_service)
set -euo pipefail

module="${1:?usage: prestart.sh <module>}"
here="$(dirname "${BASH_SOURCE[0]}")"

python "$here/wait_for_database.py" "$module"
python -m "$module.cli" migrate
python -m "$module.cli" seed
echo "prestart: $module migrated and seeded"
