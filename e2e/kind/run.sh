#!/usr/bin/env bash
# Run the installed-mode e2e suite on a kind cluster, with the same images as the local node:
#   1. package the operator and the runtime, build the images (images/build.sh, as root),
#   2. create a kind cluster and load the images' archives into it,
#   3. PostgreSQL and ElasticMQ as pods in hookwarden-infra (local-control-plane/node-infrastructure.yaml),
#   4. e2e/install.sh (helm install + one webhook through the pods), e2e/installed-suite.sh.
# The cluster is deleted afterwards, whatever the outcome, unless --keep.
#
# Usage: e2e/kind/run.sh [--keep] [--name NAME]
# Needs: docker (with a daemon), kind, kubectl, helm, Java 17, root or sudo for images/build.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NAME=hookwarden-e2e
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    --name) NAME="$2"; shift 2 ;;
    *) echo "usage: $0 [--keep] [--name NAME]" >&2; exit 2 ;;
  esac
done

log() { printf '[kind %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || fail "$tool is required"
done
docker info >/dev/null 2>&1 || fail "docker finds no daemon"

WORK="$ROOT/e2e/target/kind"
KUBECONFIG_FILE="$WORK/kubeconfig"
IMAGES_DIR="$ROOT/images/target"
export HW_NODE_INFRA_NAMESPACE=hookwarden-infra
mkdir -p "$WORK"

log "packaging the operator and the runtime, building the images"
(cd "$ROOT" && ./mvnw -B -q -pl operator,ingest-runtime -am package -DskipTests)
if ((EUID == 0)); then "$ROOT/images/build.sh" "$IMAGES_DIR"; else sudo "$ROOT/images/build.sh" "$IMAGES_DIR"; fi
set -a
# shellcheck source=/dev/null
source "$IMAGES_DIR/images.env"
set +a

cleanup() {
  local rc=$?
  if ((KEEP)); then
    log "cluster $NAME kept: export KUBECONFIG=$KUBECONFIG_FILE; delete it with: kind delete cluster --name $NAME"
  else
    kind delete cluster --name "$NAME" || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "creating kind cluster $NAME"
kind create cluster --name "$NAME" --kubeconfig "$KUBECONFIG_FILE" --wait 180s
export KUBECONFIG="$KUBECONFIG_FILE"
for f in "$IMAGES_DIR"/*.tar; do
  kind load image-archive --name "$NAME" "$f"
done

log "PostgreSQL and ElasticMQ in namespace $HW_NODE_INFRA_NAMESPACE"
sed -e "s|@POSTGRES_IMAGE@|$POSTGRES_IMAGE|" -e "s|@ELASTICMQ_IMAGE@|$ELASTICMQ_IMAGE|" \
  -e "s|@NAMESPACE@|$HW_NODE_INFRA_NAMESPACE|g" "$ROOT/e2e/local-control-plane/node-infrastructure.yaml" | kubectl apply -f -
kubectl -n "$HW_NODE_INFRA_NAMESPACE" rollout status deployment/postgres --timeout=300s
kubectl -n "$HW_NODE_INFRA_NAMESPACE" rollout status deployment/elasticmq --timeout=300s

# install.sh reaches Services from inside the node: here, the kind node's container
HW_NODE_EXEC="docker exec $NAME-control-plane" "$ROOT/e2e/install.sh"
"$ROOT/e2e/installed-suite.sh"
