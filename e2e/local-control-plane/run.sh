#!/usr/bin/env bash
# Run a command against a fresh local control plane, then stop it whatever happens.
#
# Usage: run.sh [--node] [--dir DIR] [--keep-logs] -- COMMAND [ARGS...]
#   builds (or reuses the cache), start.sh [--node] DIR, runs COMMAND with KUBECONFIG and the
#   variables of DIR/env.sh exported, stop.sh DIR, exits with COMMAND's status.
#   DIR defaults to a new temporary directory, removed afterwards unless --keep-logs
#   (or a failure: then its logs are kept and their path printed).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR=""
KEEP=0
NODE=()
USAGE="usage: $0 [--node] [--dir DIR] [--keep-logs] -- COMMAND [ARGS...]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --node) NODE=(--node); shift ;;
    --dir) DIR="$2"; shift 2 ;;
    --keep-logs) KEEP=1; shift ;;
    --) shift; break ;;
    *) echo "$USAGE" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "$USAGE" >&2; exit 2; }
TEMP=0
if [[ -z "$DIR" ]]; then
  DIR="$(mktemp -d "${TMPDIR:-/tmp}/hookwarden-cp.XXXXXX")"
  TEMP=1
fi

"$HERE/build.sh" "${NODE[@]}" >/dev/null
rc=0
cleanup() {
  "$HERE/stop.sh" "$DIR" || rc=1
  if ((TEMP && !KEEP && rc == 0)); then
    rm -rf "$DIR"
  else
    echo "[run] control-plane logs kept in $DIR/logs" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'rc=130; exit' INT TERM
"$HERE/start.sh" "${NODE[@]}" "$DIR" >/dev/null || { rc=$?; exit; }
# shellcheck source=/dev/null
source "$DIR/env.sh"
"$@" || rc=$?
