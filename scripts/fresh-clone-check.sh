#!/usr/bin/env bash
# What a new user does: clone the repository into an empty folder (nothing beside it), `make run`,
# wait until the gateway is live, sign in with a demo account, read a page of data, then Ctrl-C.
# Fails when any step does, or when a process outlives the interrupt.
#
#   bash scripts/fresh-clone-check.sh [PORT]      (default 8600; the stack uses PORT..PORT+103)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${1:-8600}"
WORK="$(mktemp -d)"
CLONE="$WORK/empty/commerce-platform"
LOG="$WORK/run.log"
RUN_PID=""

cleanup() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -INT -- "-$RUN_PID" 2>/dev/null || true
    sleep 5
    kill -KILL -- "-$RUN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for p in "$PORT" $((PORT + 101)) $((PORT + 102)) $((PORT + 103)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "port $p is in use: pass another base port" >&2
    exit 2
  fi
done

mkdir -p "$WORK/empty"
git clone --quiet --no-hardlinks "$ROOT" "$CLONE"
# The clone's parent holds nothing but the clone: no reference data, no shared folder.
[ "$(ls -A "$WORK/empty")" = "commerce-platform" ]

started=$(date +%s)
# make leads its own process group (setsid in place of the subshell), so that the interrupt reaches
# make and everything it started, as Ctrl-C in a terminal does.
(cd "$CLONE" && exec setsid make run PORT="$PORT" >"$LOG" 2>&1) &
RUN_PID=$!

ready=""
for _ in $(seq 1 900); do
  if grep -q "stack ready" "$LOG" 2>/dev/null; then ready=1; break; fi
  if ! kill -0 "$RUN_PID" 2>/dev/null; then break; fi
  sleep 1
done
if [ -z "$ready" ]; then
  echo "make run did not get ready; its output:" >&2
  tail -60 "$LOG" >&2
  exit 1
fi
echo "fresh clone: make run ready in $(( $(date +%s) - started )) s"

BASE="http://127.0.0.1:$PORT"
curl -fsS "$BASE/livez" | grep -q '"ok"'
curl -fsS "$BASE/" | grep -qi "<html"
TOKEN="$(curl -fsS -H 'Content-Type: application/json' \
  -d '{"username":"city","password":"Demo@2021pass"}' "$BASE/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
total="$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/enterprises?page_size=5" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
[ "$total" -gt 0 ] || { echo "the demo directory is empty" >&2; exit 1; }
echo "fresh clone: signed in as city, $total enterprises"

# Ctrl-C: the interrupt goes to the whole group; every process must be gone within 20 s.
kill -INT -- "-$RUN_PID"
for _ in $(seq 1 20); do
  if ! pgrep -g "$RUN_PID" >/dev/null 2>&1; then break; fi
  sleep 1
done
if pgrep -g "$RUN_PID" >/dev/null 2>&1; then
  echo "processes outlived the interrupt:" >&2
  pgrep -a -g "$RUN_PID" >&2
  exit 1
fi
RUN_PID=""
echo "fresh clone: stopped cleanly"
