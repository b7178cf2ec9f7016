#!/usr/bin/env bash
# Build a local Kubernetes control plane from upstream Go modules (no Docker, no downloads
# besides the Go module proxy): etcd, kube-apiserver, kube-controller-manager, and (unless
# HW_CP_WITH_KWOK=0) kube-scheduler + kwok, so that Pods land on a simulated node and
# Deployments report available replicas.
#
# Binaries are cached under ${HW_CP_CACHE:-~/.cache/hookwarden/control-plane}/<key>/bin,
# where <key> names every version; with a warm cache this script does nothing.
#
# With --node it also builds what a real node needs (start.sh --node): kubelet, kube-proxy and
# kubectl (same k8s.io/kubernetes module), CoreDNS, helm and the pause program, into the same
# bin directory.
#
# Usage: build.sh [--node]    build (or confirm the cache), print the bin directory last
#        build.sh --print-bin-dir   only print the bin directory (no build)
# Env:   HW_K8S_VERSION (v1.37.2), HW_ETCD_VERSION (v3.5.35), HW_KWOK_VERSION (v0.8.0),
#        HW_COREDNS_VERSION (v1.14.7), HW_HELM_VERSION (v3.22.0),
#        HW_CP_WITH_KWOK (1), HW_CP_CACHE, plus the usual Go variables (GOPROXY, GOMODCACHE,
#        GOCACHE).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"

if [[ "${1:-}" == "--print-bin-dir" ]]; then
  echo "$HW_CP_BIN"
  exit 0
fi

NODE=0
[[ "${1:-}" == "--node" ]] && NODE=1

log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "the Go toolchain (go >= 1.26) is not on PATH"

# Common Go settings: modules resolved from the proxy, no VCS stamping, no toolchain switch,
# static binaries.
export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN=local
export CGO_ENABLED=0
LDFLAGS_BASE="-s -w"
GO_BUILD=(go build -trimpath)

if ((NODE)); then
  wanted=(kubelet kube-proxy kubectl coredns helm pause)
  lock="$HW_CP_DIR/.build-node.lock"
else
  wanted=(etcd kube-apiserver kube-controller-manager)
  if [[ "$HW_CP_WITH_KWOK" == 1 ]]; then
    wanted+=(kube-scheduler kwok)
  fi
  lock="$HW_CP_DIR/.build.lock"
fi

# Each binary has a stamp file with the version it was built from.
stamp_ok() { # name version
  [[ -x "$HW_CP_BIN/$1" && -f "$HW_CP_BIN/.$1.version" && "$(cat "$HW_CP_BIN/.$1.version")" == "$2" ]] || return 1
  # kwok needs its stage definitions next to it
  [[ "$1" != kwok || -s "$HW_CP_BIN/kwok-stages.yaml" ]]
}
version_of() {
  case "$1" in
    etcd) echo "$HW_ETCD_VERSION" ;;
    kwok) echo "$HW_KWOK_VERSION" ;;
    coredns) echo "$HW_COREDNS_VERSION" ;;
    helm) echo "$HW_HELM_VERSION" ;;
    pause) sha256sum "$HERE/pause/main.go" | cut -c1-16 ;;
    *) echo "$HW_K8S_VERSION" ;;
  esac
}

missing=()
for b in "${wanted[@]}"; do
  stamp_ok "$b" "$(version_of "$b")" || missing+=("$b")
done
if ((${#missing[@]} == 0)); then
  log "cache warm: ${wanted[*]} in $HW_CP_BIN (nothing to do)"
  echo "$HW_CP_BIN"
  exit 0
fi

mkdir -p "$HW_CP_BIN" "$HW_CP_DIR/src"
# one build per cache key at a time; a second caller waits, then finds the cache warm
if command -v flock >/dev/null; then
  exec 9>"$lock"
  if ! flock -n 9; then
    log "another build.sh is building $HW_CP_KEY: waiting for it"
    flock 9
    exec "$0" "$@"
  fi
fi
log "go: $(go version)"
log "building: ${missing[*]} -> $HW_CP_BIN"
start_all=$SECONDS

needs() { local x; for x in "${missing[@]}"; do [[ "$x" == "$1" ]] && return 0; done; return 1; }

# A throwaway module per upstream project, so their dependency graphs never meet.
new_module() { # dir modulepath
  rm -rf "$1"
  mkdir -p "$1"
  printf 'module %s\n\ngo 1.26.0\n' "$2" >"$1/go.mod"
}
write_tools() { # dir pkg...
  local dir=$1
  shift
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    local p
    for p in "$@"; do printf '\t_ "%s"\n' "$p"; done
    printf ')\n'
  } >"$dir/tools.go"
}
finish() { # name version
  printf '%s\n' "$2" >"$HW_CP_BIN/.$1.version"
  log "built $1 $2 ($(du -h "$HW_CP_BIN/$1" | cut -f1))"
}

# ---------------------------------------------------------------- etcd
if needs etcd; then
  t0=$SECONDS
  d="$HW_CP_DIR/src/etcd"
  new_module "$d" hookwarden.local/cp-etcd
  write_tools "$d" go.etcd.io/etcd/server/v3
  # etcd's own go.mod replaces its sibling modules with ../paths (ignored for a dependency):
  # pin them to the same release explicitly.
  (
    cd "$d"
    ev="$HW_ETCD_VERSION"
    v2="v2.305.${ev#v3.5.}"
    reqs=("go.etcd.io/etcd/server/v3@$ev" "go.etcd.io/etcd/api/v3@$ev"
      "go.etcd.io/etcd/client/pkg/v3@$ev" "go.etcd.io/etcd/client/v3@$ev"
      "go.etcd.io/etcd/pkg/v3@$ev")
    case "$ev" in
      v3.5.*) reqs+=("go.etcd.io/etcd/raft/v3@$ev" "go.etcd.io/etcd/client/v2@$v2") ;;
    esac
    go get "${reqs[@]}"
    go mod tidy
    "${GO_BUILD[@]}" -ldflags "$LDFLAGS_BASE" -o "$HW_CP_BIN/etcd.tmp" go.etcd.io/etcd/server/v3
  )
  mv "$HW_CP_BIN/etcd.tmp" "$HW_CP_BIN/etcd"
  finish etcd "$HW_ETCD_VERSION"
  log "etcd took $((SECONDS - t0)) s"
fi

# A tool whose main package lives in one Go module, built in a throwaway module of its own.
single_module_tool() { # name module version package ldflags
  local t0=$SECONDS d="$HW_CP_DIR/src/$1"
  new_module "$d" "hookwarden.local/cp-$1"
  write_tools "$d" "$4"
  (
    cd "$d"
    go get "$2@$3"
    go mod tidy
    "${GO_BUILD[@]}" -ldflags "$LDFLAGS_BASE $5" -o "$HW_CP_BIN/$1.tmp" "$4"
  )
  mv "$HW_CP_BIN/$1.tmp" "$HW_CP_BIN/$1"
  finish "$1" "$3"
  log "$1 took $((SECONDS - t0)) s"
}
# cluster DNS of the node
needs coredns && single_module_tool coredns github.com/coredns/coredns "$HW_COREDNS_VERSION" github.com/coredns/coredns ""
# e2e/install.sh
needs helm && single_module_tool helm helm.sh/helm/v3 "$HW_HELM_VERSION" helm.sh/helm/v3/cmd/helm \
  "-X helm.sh/helm/v3/internal/version.version=$HW_HELM_VERSION"

# ---------------------------------------------------------------- pause (the pods' sandbox process)
if needs pause; then
  d="$HW_CP_DIR/src/pause"
  new_module "$d" hookwarden.local/pause
  cp "$HERE/pause/main.go" "$d/"
  (cd "$d" && "${GO_BUILD[@]}" -ldflags "$LDFLAGS_BASE" -o "$HW_CP_BIN/pause.tmp" .)
  mv "$HW_CP_BIN/pause.tmp" "$HW_CP_BIN/pause"
  finish pause "$(version_of pause)"
fi

# ---------------------------------------------------------------- kubernetes
# kubelet, kube-proxy and kubectl after the control plane (its own lock): they share most of its
# compiled packages through Go's build cache.
((NODE)) && "$0" >/dev/null
k8s_bins=()
for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
  needs "$b" && k8s_bins+=("$b")
done
if ((${#k8s_bins[@]} > 0)); then
  t0=$SECONDS
  d="$HW_CP_DIR/src/kubernetes"
  ((NODE)) && d+=-node # never the directory a concurrent control-plane build uses
  new_module "$d" hookwarden.local/cp-kubernetes
  kv="$HW_K8S_VERSION"
  sv="v0.${kv#v1.}" # v1.37.2 -> v0.37.2 for the staging modules
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with
  # ./staging/...; a dependent module must replace each one with the published release.
  modjson="$(cd "$d" && go mod download -json "k8s.io/kubernetes@$kv")"
  gomod="$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p' <<<"$modjson")"
  [[ -f "$gomod" ]] || die "could not download k8s.io/kubernetes@$kv: $modjson"
  staging=()
  while IFS= read -r m; do staging+=("$m"); done < <(
    awk '/^replace \(/{r=1;next} r&&/^\)/{r=0} r&&$3 ~ /^\.\/staging\//{print $1}' "$gomod")
  required="$(awk '/^require \(/{r=1;next} r&&/^\)/{r=0} r{print $1}' "$gomod")"
  {
    printf '\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$kv"
    for m in "${staging[@]}"; do
      # only those it requires: a few sample modules are not published for every release
      grep -qxF "$m" <<<"$required" && printf '\t%s => %s %s\n' "$m" "$m" "$sv"
    done
    printf ')\n'
  } >>"$d/go.mod"
  pkgs=()
  for b in "${k8s_bins[@]}"; do
    pkgs+=("k8s.io/kubernetes/cmd/$b")
  done
  write_tools "$d" "${pkgs[@]}"
  # version stamping as upstream's hack/lib/version.sh does it
  major="${kv#v}"; major="${major%%.*}"
  minor="${kv#v*.}"; minor="${minor%%.*}"
  vpkg=k8s.io/component-base/version
  ldflags="$LDFLAGS_BASE -X $vpkg.gitVersion=$kv -X $vpkg.gitMajor=$major -X $vpkg.gitMinor=$minor"
  ldflags+=" -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=1970-01-01T00:00:00Z"
  ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$kv"
  (
    cd "$d"
    log "resolving k8s.io/kubernetes $kv with staging modules at $sv"
    go mod tidy
    log "compiling ${k8s_bins[*]} (this is the long part)"
    mkdir -p "$d/out"
    "${GO_BUILD[@]}" -ldflags "$ldflags" -o "$d/out/" "${pkgs[@]}"
  )
  for b in "${k8s_bins[@]}"; do
    mv "$d/out/$b" "$HW_CP_BIN/$b"
    finish "$b" "$kv"
  done
  log "kubernetes binaries took $((SECONDS - t0)) s"
fi

# ---------------------------------------------------------------- kwok
if needs kwok; then
  t0=$SECONDS
  d="$HW_CP_DIR/src/kwok"
  new_module "$d" hookwarden.local/cp-kwok
  write_tools "$d" sigs.k8s.io/kwok/cmd/kwok
  (
    cd "$d"
    go get "sigs.k8s.io/kwok@$HW_KWOK_VERSION"
    go mod tidy
    "${GO_BUILD[@]}" -ldflags "$LDFLAGS_BASE -X sigs.k8s.io/kwok/pkg/consts.Version=$HW_KWOK_VERSION" \
      -o "$HW_CP_BIN/kwok.tmp" sigs.k8s.io/kwok/cmd/kwok
    # The kwok binary simulates nothing without Stage objects: take the ones kwokctl uses
    # by default (fast node start + heartbeat, fast pod lifecycle) from the module source.
    src="$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage"
    for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml \
      pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      [[ -s "$src/$f" ]] || die "kwok stage $src/$f not found in sigs.k8s.io/kwok@$HW_KWOK_VERSION"
      printf -- '---\n# from sigs.k8s.io/kwok@%s kustomize/stage/%s\n' "$HW_KWOK_VERSION" "$f"
      cat "$src/$f"
    done >"$HW_CP_BIN/kwok-stages.yaml"
  )
  mv "$HW_CP_BIN/kwok.tmp" "$HW_CP_BIN/kwok"
  finish kwok "$HW_KWOK_VERSION"
  log "kwok took $((SECONDS - t0)) s"
fi

log "done in $((SECONDS - start_all)) s: $HW_CP_BIN"
echo "$HW_CP_BIN"
