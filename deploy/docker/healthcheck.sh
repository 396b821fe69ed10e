#!/usr/bin/env bash
# Container healthcheck: GET /readyz (the app and its database) on the app's port; healthy on 200.
# bash's /dev/tcp rather than Python: the check runs inside the app's memory limit every 15 s, where
# an interpreter costs ~20 MB against ~3 MB for bash (the gateway's limit is 150 MB).
# Usage: healthcheck.sh <port>
set -euo pipefail

port="${1:?usage: healthcheck.sh <port>}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
read -r -t 2 _version status _reason <&3
[[ "$status" == 200 ]]
