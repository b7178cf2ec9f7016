#!/usr/bin/env bash
# Stop what start.sh [--node] DIR started: TERM each process by the PID in DIR/pids (dependents
# first), wait up to HW_CP_STOP_GRACE seconds (default 15), then KILL.
# A PID is signalled only while its command line still names DIR (never a recycled PID).
# With a node (DIR/node): first the controllers, then every pod is deleted and the kubelet given
# HW_NODE_DRAIN seconds (default 90) to tear their sandboxes down; after the processes, what the
# node left is removed: mounts under DIR, its cgroups, the sysctls the kubelet changed restored.
# Exit 0 when nothing of DIR is left running or mounted.
set -uo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
[[ -d "$1" ]] || { echo "[stop] nothing to stop: $1 does not exist" >&2; exit 0; }
DIR="$(cd "$1" && pwd)"
GRACE="${HW_CP_STOP_GRACE:-15}"
DRAIN="${HW_NODE_DRAIN:-90}"
NODE_DIR="$DIR/node"

log() { printf '[stop %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

ours() { # pid: running and started for this DIR
  local pid=$1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/"
}
running() { [[ -f "$DIR/pids/$1.pid" ]] && ours "$(cat "$DIR/pids/$1.pid")"; }

left=0
stop_pid() { # name pid
  local name=$1 pid=$2 i
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
    return 1
  fi
  log "$name (pid $pid) stopped"
}
stop_component() { # name
  local f="$DIR/pids/$1.pid"
  [[ -f "$f" ]] || return 0
  if ours "$(cat "$f")"; then
    stop_pid "$1" "$(cat "$f")" && rm -f "$f"
  else
    rm -f "$f"
  fi
}

if [[ -d "$NODE_DIR" ]]; then
  # nothing re-creates pods once the controllers are gone
  stop_component kube-controller-manager
  stop_component kube-scheduler
  if running kubelet && running kube-apiserver && running netns; then
    netns_pid="$(cat "$DIR/pids/netns.pid")"
    kubectl=(nsenter "--net=/proc/$netns_pid/ns/net" -- "$("$(dirname "$0")/build.sh" --print-bin-dir)/kubectl"
      --kubeconfig "$DIR/kubeconfig" --request-timeout=20s)
    "${kubectl[@]}" delete pods --all --all-namespaces --wait=false >/dev/null 2>&1
    deadline=$((SECONDS + DRAIN))
    while ((SECONDS < deadline)); do
      [[ -z "$("${kubectl[@]}" get pods --all-namespaces -o name 2>/dev/null)" ]] && break
      sleep 1
    done
    if [[ -n "$("${kubectl[@]}" get pods --all-namespaces -o name 2>/dev/null)" ]]; then
      log "pods still there after ${DRAIN}s: $("${kubectl[@]}" get pods -A --no-headers 2>&1 | head -5 | tr '\n' ';')"
    else
      log "all pods deleted and torn down by the kubelet"
    fi
  fi
fi

# reverse start order: clients of the apiserver first, etcd last, the node's namespace holder after all
for name in coredns kube-proxy kubelet containerd kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  stop_component "$name"
  if [[ "$name" == containerd ]]; then
    # runc shims of this containerd (their -address names its socket under DIR)
    for p in /proc/[0-9]*; do
      pid="${p#/proc/}"
      if ours "$pid" && tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q '^[^ ]*containerd-shim'; then
        stop_pid containerd-shim "$pid"
      fi
    done
  fi
done

if [[ -d "$NODE_DIR" ]]; then
  # mounts under DIR (the kubelet's root bind mount, volumes, container root filesystems), deepest first
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" || { log "ERROR: cannot unmount $m"; left=1; }
  done < <(awk -v d="$DIR/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r)
  stop_component netns # the namespace goes with its last process, and the veth pair with it
  if [[ -s "$NODE_DIR/cgroup-root" ]]; then
    root="$(cat "$NODE_DIR/cgroup-root")"
    while read -r m; do
      [[ -d "$m$root" ]] && find "$m$root" -depth -type d -exec rmdir {} + 2>/dev/null
      [[ -d "$m$root" ]] && { log "ERROR: cgroup $m$root is still there"; left=1; }
    done < <(awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/mounts)
  fi
  if [[ -s "$NODE_DIR/sysctls.before" ]]; then
    while IFS='=' read -r key value; do
      [[ "$(sysctl -n "$key")" == "$value" ]] || sysctl -q -w "$key=$value" >/dev/null || left=1
    done <"$NODE_DIR/sysctls.before"
    log "sysctls restored: $(tr '\n' ' ' <"$NODE_DIR/sysctls.before")"
  fi
  # the kubelet's symlinks to container logs (a fixed directory) that point into DIR
  find /var/log/containers -maxdepth 1 -lname "$DIR/*" -delete 2>/dev/null
  # fixed paths of containerd 1.6 (shim sockets) and libcni (result cache): only when empty
  rmdir /run/containerd/s /run/containerd/fifo /run/containerd /var/lib/cni/results /var/lib/cni 2>/dev/null
fi
exit "$left"
