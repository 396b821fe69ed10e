#!/usr/bin/env bash
# Installs Debian's PgBouncer for the transaction-pooling test (deploy/tests/test_pgbouncer.py), only when
# missing. The package's own service is not wanted: the test starts its own instance on a free port.
set -euo pipefail
if command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends pgbouncer
