#!/usr/bin/env bash
# The browser suites one after another, each on a stack of its own. The demo data is prepared once per run and
# copied for every later suite (E2E_SEED_CACHE), then thrown away: the next run prepares it from its own code.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_SEED_CACHE="$(mktemp -d "${TMPDIR:-/tmp}/wrzwq-e2e-seed-XXXXXX")"
export E2E_SEED_CACHE
trap 'rm -rf "$E2E_SEED_CACHE"' EXIT
if [ "$#" -eq 0 ]; then set -- e2e/*.e2e.mjs; fi  # or the suites named, e.g. e2e/core.e2e.mjs
node --test --test-reporter=spec --test-concurrency=1 "$@"
