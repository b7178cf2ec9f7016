#!/usr/bin/env bash
# Stop the control plane that start.sh DIR started: TERM each process by the PID in
# DIR/pids (dependents first), wait up to HW_CP_STOP_GRACE seconds (default 15), then KILL.
# A PID is signalled only while its command line still names DIR (never a recycled PID).
# Exit 0 when nothing of DIR is left running.
set -uo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
[[ -d "$1" ]] || { echo "[stop] nothing to stop: $1 does not exist" >&2; exit 0; }
DIR="$(cd "$1" && pwd)"
GRACE="${HW_CP_STOP_GRACE:-15}"

log() { printf '[stop %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

ours() { # pid: running and started for this DIR
  local pid=$1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/"
}

left=0
# reverse start order: clients of the apiserver first, etcd last
for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  f="$DIR/pids/$name.pid"
  [[ -f "$f" ]] || continue
  pid="$(cat "$f")"
  if ! ours "$pid"; then
    rm -f "$f"
    continue
  fi
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < GRACE * 10; i++)); do
    ours "$pid" || break
    sleep 0.1
  done
  if ours "$pid"; then
    log "$name (pid $pid) ignored TERM for ${GRACE}s: KILL"
    kill -KILL "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
      ours "$pid" || break
      sleep 0.1
    done
  fi
  if ours "$pid"; then
    log "ERROR: $name (pid $pid) is still running"
    left=1
  else
    log "$name (pid $pid) stopped"
    rm -f "$f"
  fi
done
exit "$left"
