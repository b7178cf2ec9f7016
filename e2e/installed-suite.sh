#!/usr/bin/env bash
# Run the e2e suite against an operator the chart installed (e2e/install.sh on the local node,
# or kind/run.sh): forwards the in-cluster ElasticMQ to 127.0.0.1 and runs module e2e with
# -Dhookwarden.e2e.operator=installed. Stops the forward whatever happens. The operator's intervals
# stay as installed: Secrets are watched, so the suite's Secret checks need no shortened period.
#   KUBECONFIG=... e2e/installed-suite.sh [MAVEN ARGS...]
# Env: HW_INFRA_NAMESPACE (hookwarden-infra), HW_OPERATOR_NAMESPACE (hookwarden-system).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
: "${KUBECONFIG:?KUBECONFIG names the cluster}"
INFRA_NAMESPACE="${HW_INFRA_NAMESPACE:-hookwarden-infra}"
OPERATOR_NAMESPACE="${HW_OPERATOR_NAMESPACE:-hookwarden-system}"
WORK="$ROOT/e2e/target/installed"
mkdir -p "$WORK"
log() { printf '[installed-suite %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }

kubectl -n "$INFRA_NAMESPACE" port-forward --address 127.0.0.1 svc/elasticmq :9324 >"$WORK/port-forward.log" 2>&1 &
forward_pid=$!
trap 'kill "$forward_pid" 2>/dev/null || true' EXIT
sqs_address=""
for _ in $(seq 1 100); do
  sqs_address="$(grep -o -m1 '127\.0\.0\.1:[0-9]*' "$WORK/port-forward.log" || true)"
  [[ -n "$sqs_address" ]] && break
  kill -0 "$forward_pid" 2>/dev/null || fail "port-forward exited: $(cat "$WORK/port-forward.log")"
  sleep 0.2
done
[[ -n "$sqs_address" ]] || fail "port-forward did not start: $(cat "$WORK/port-forward.log")"

log "running the e2e suite against the installed operator (ElasticMQ forwarded to $sqs_address)"
cd "$ROOT"
# LeaderElectionIT kills operator processes the suite runs itself; an installed operator has none.
./mvnw -B verify -pl e2e -am \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='io/hookwarden/e2e/*IT,!io/hookwarden/e2e/LeaderElectionIT' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dhookwarden.e2e.kubeconfig="$KUBECONFIG" \
  -Dhookwarden.e2e.operator=installed -Dhookwarden.e2e.real-pods="${HW_E2E_REAL_PODS:-true}" \
  -Dhookwarden.e2e.sqs-endpoint="http://$sqs_address" \
  -Dhookwarden.e2e.pods-jdbc-url="jdbc:postgresql://postgres.$INFRA_NAMESPACE.svc:5432/postgres" "$@"
