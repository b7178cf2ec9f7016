#!/usr/bin/env bash
# Run the e2e suite on a kind cluster, where the ingest and worker pods really run:
#   1. package the operator and the runtime, build their images (Dockerfile.jvm),
#   2. create a kind cluster and load the images into it,
#   3. install PostgreSQL and ElasticMQ (infrastructure.yaml) and the operator's chart (helm/),
#   4. run the e2e module against it (operator mode "installed"), ElasticMQ reached by a port-forward.
# The cluster is deleted afterwards, whatever the outcome, unless --keep.
#
# Usage: e2e/kind/run.sh [--keep] [--name NAME]
# Needs: docker (with a daemon), kind, kubectl, helm, Java 17.
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
INFRA_NAMESPACE=hookwarden-e2e
OPERATOR_NAMESPACE=hookwarden-system
# The release is named like the chart, so its resources are named hookwarden-operator.
RELEASE=hookwarden-operator
TAG=e2e
OPERATOR_REPOSITORY=hookwarden/operator
RUNTIME_REPOSITORY=hookwarden/ingest-runtime
mkdir -p "$WORK"

log "packaging the operator and the runtime"
(cd "$ROOT" && ./mvnw -B -q -pl operator,ingest-runtime -am package -DskipTests)

build_image() { # repository module
  docker build -q -f "$HERE/Dockerfile.jvm" -t "$1:$TAG-base" "$ROOT/$2/target/quarkus-app" >/dev/null
  # kind has no IRSA: placeholder credentials for the AWS default chain (ElasticMQ accepts any).
  printf 'FROM %s\nENV AWS_ACCESS_KEY_ID=e2e AWS_SECRET_ACCESS_KEY=e2e\n' "$1:$TAG-base" | docker build -q -t "$1:$TAG" - >/dev/null
  log "image $1:$TAG"
}
build_image "$OPERATOR_REPOSITORY" operator
build_image "$RUNTIME_REPOSITORY" ingest-runtime

forward_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$forward_pid" ]]; then
    kill "$forward_pid" 2>/dev/null || true
  fi
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
kind load docker-image --name "$NAME" "$OPERATOR_REPOSITORY:$TAG" "$RUNTIME_REPOSITORY:$TAG"

log "PostgreSQL and ElasticMQ in namespace $INFRA_NAMESPACE"
kubectl apply -f "$HERE/infrastructure.yaml"
kubectl -n "$INFRA_NAMESPACE" rollout status deployment/postgres --timeout=300s
kubectl -n "$INFRA_NAMESPACE" rollout status deployment/elasticmq --timeout=300s

log "installing the operator's chart"
helm install "$RELEASE" "$ROOT/helm" --namespace "$OPERATOR_NAMESPACE" --create-namespace \
  --set image.repository="$OPERATOR_REPOSITORY" --set image.tag="$TAG" --set image.pullPolicy=Never \
  --set runtime.image.repository="$RUNTIME_REPOSITORY" --set runtime.image.tag="$TAG" --set runtime.image.pullPolicy=Never \
  --set sqs.endpoint="http://elasticmq.$INFRA_NAMESPACE.svc:9324" \
  --wait --timeout 5m

log "forwarding ElasticMQ to 127.0.0.1"
kubectl -n "$INFRA_NAMESPACE" port-forward --address 127.0.0.1 svc/elasticmq :9324 >"$WORK/port-forward.log" 2>&1 &
forward_pid=$!
sqs_address=""
for _ in $(seq 1 100); do
  sqs_address="$(grep -o -m1 '127\.0\.0\.1:[0-9]*' "$WORK/port-forward.log" || true)"
  [[ -n "$sqs_address" ]] && break
  kill -0 "$forward_pid" 2>/dev/null || fail "port-forward exited: $(cat "$WORK/port-forward.log")"
  sleep 0.2
done
[[ -n "$sqs_address" ]] || fail "port-forward did not start: $(cat "$WORK/port-forward.log")"

log "running the e2e suite (ElasticMQ at $sqs_address)"
# LeaderElectionIT kills operator processes the suite runs itself; an installed operator has none here.
(cd "$ROOT" && ./mvnw -B verify -pl e2e -am \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='io/hookwarden/e2e/*IT,!io/hookwarden/e2e/LeaderElectionIT' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dhookwarden.e2e.kubeconfig="$KUBECONFIG_FILE" \
  -Dhookwarden.e2e.operator=installed \
  -Dhookwarden.e2e.sqs-endpoint="http://$sqs_address" \
  -Dhookwarden.e2e.pods-jdbc-url="jdbc:postgresql://postgres.$INFRA_NAMESPACE.svc:5432/postgres")
