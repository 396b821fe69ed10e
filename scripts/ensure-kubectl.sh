#!/usr/bin/env bash
# Installs Debian's kubernetes-client (kubectl with its built-in kustomize) for the offline checks of the
# Kubernetes manifests (deploy/tests/test_k8s.py), only when no kubectl that renders kustomizations is there.
set -euo pipefail
if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends kubernetes-client
