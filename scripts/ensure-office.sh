#!/usr/bin/env bash
# Installs Debian's LibreOffice Writer, poppler-utils and CJK fonts for the work report's DOCX -> PDF -> PNG
# tests, only when one of them is missing.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && fc-list | grep -q "Noto Serif CJK"; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer poppler-utils fonts-noto-cjk
