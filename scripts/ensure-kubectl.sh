#!/usr/bin/env bash
# Debian's kubernetes-client (kubectl with its built-in kustomize) for the offline checks of the Kubernetes
# manifests (deploy/tests/test_k8s.py). Installed with apt when no kubectl is there. Where another package
# already owns /usr/bin/kubectl (a cloud SDK's, say), Debian's package is unpacked into var/tools instead,
# leaving that one alone: the checks render with Debian's either way, and with the other one too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/var/tools/kubernetes-client"
if dpkg -s kubernetes-client >/dev/null 2>&1 || [ -x "$dest/usr/bin/kubectl" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! command -v kubectl >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends kubernetes-client
  exit 0
fi
download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT
# apt downloads as its own user where it can write; the folder is open to it.
chmod 0777 "$download"
if ! (cd "$download" && apt-get download -qq kubernetes-client 2>/dev/null); then
  $SUDO apt-get update -qq
  (cd "$download" && apt-get download -qq kubernetes-client)
fi
mkdir -p "$dest"
dpkg-deb -x "$download"/kubernetes-client_*.deb "$dest"
"$dest/usr/bin/kubectl" version --client >/dev/null
