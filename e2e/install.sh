#!/usr/bin/env bash
# helm install of the chart on the local node, then one webhook through pods only:
#   e2e/local-control-plane/run.sh --node -- e2e/install.sh [--keep-example]
# 1. namespace hookwarden-system (pod-security restricted), `helm install` of helm/ with
#    e2e/node-values.yaml (in-cluster ElasticMQ of hookwarden-infra) and the images of images/build.sh;
# 2. examples/webhooksource.yaml in namespace hookwarden-example (restricted), its database Secret
#    naming the in-cluster PostgreSQL, and an event-sink pod; spec.sink set to the sink's Service;
# 3. a request signed as docs/signature-schemes.md says, sent to the ingest Service from inside
#    the node: 202 with an event_id, then the worker pod delivers it to the sink as a CloudEvent
#    whose ce-id is that event_id, exactly once.
# Prints what it checks and a closing 'N passed, N failed'; exit 1 if any failed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
: "${HW_NODE_EXEC:?run inside e2e/local-control-plane/run.sh --node (HW_NODE_EXEC is unset)}"
KEEP_EXAMPLE=0
[[ "${1:-}" == "--keep-example" ]] && KEEP_EXAMPLE=1
read -r -a IN_NODE <<<"$HW_NODE_EXEC"
OPERATOR_NAMESPACE=hookwarden-system
RELEASE=hookwarden-operator
EXAMPLE_NAMESPACE=hookwarden-example
# what the operator names a source's objects (operator ResourceNames)
INGEST=wordpress-hookwarden-ingest
WORKER=wordpress-hookwarden-worker
TIMEOUT=300s
T_START=$SECONDS

log() { printf '[install %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "PASS $*"; }
ko() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
}
repository() { echo "${1%:*}"; }
tag() { echo "${1##*:}"; }
restricted_namespace() {
  kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl label --overwrite namespace "$1" pod-security.kubernetes.io/enforce=restricted >/dev/null
}

# ---------------------------------------------------------------- the chart
restricted_namespace "$OPERATOR_NAMESPACE"
log "helm install $RELEASE (operator $OPERATOR_E2E_IMAGE, runtime $INGEST_RUNTIME_E2E_IMAGE)"
t0=$SECONDS
helm install "$RELEASE" "$ROOT/helm" --namespace "$OPERATOR_NAMESPACE" -f "$HERE/node-values.yaml" \
  --set image.repository="$(repository "$OPERATOR_E2E_IMAGE")" --set image.tag="$(tag "$OPERATOR_E2E_IMAGE")" \
  --set runtime.image.repository="$(repository "$INGEST_RUNTIME_E2E_IMAGE")" \
  --set runtime.image.tag="$(tag "$INGEST_RUNTIME_E2E_IMAGE")" \
  --wait --timeout "$TIMEOUT" >/dev/null
ok "helm install --wait: operator Deployment available in $((SECONDS - t0)) s"

# ---------------------------------------------------------------- the example, its sink and database
restricted_namespace "$EXAMPLE_NAMESPACE"
kubectl -n "$EXAMPLE_NAMESPACE" create secret generic hookwarden-database \
  --from-literal=jdbc-url="jdbc:postgresql://postgres.$HW_NODE_INFRA_NAMESPACE.svc:5432/postgres" \
  --from-literal=username=postgres --from-literal=password=postgres >/dev/null
sed -e "s|@SINK_IMAGE@|$EVENT_SINK_IMAGE|" "$HERE/node-sink.yaml" | kubectl -n "$EXAMPLE_NAMESPACE" apply -f - >/dev/null
sed -e "s/namespace: default/namespace: $EXAMPLE_NAMESPACE/" "$ROOT/examples/webhooksource.yaml" | kubectl apply -f - >/dev/null
kubectl -n "$EXAMPLE_NAMESPACE" patch webhooksource wordpress --type merge \
  -p '{"spec":{"sink":{"url":"http://event-sink:8080/hooks/wordpress","mode":"binary","timeoutSeconds":10}}}' >/dev/null
kubectl -n "$EXAMPLE_NAMESPACE" rollout status deployment/event-sink --timeout="$TIMEOUT" >/dev/null

t0=$SECONDS
if kubectl -n "$EXAMPLE_NAMESPACE" wait webhooksource/wordpress --for=condition=Ready --timeout="$TIMEOUT" >/dev/null; then
  ok "WebhookSource wordpress Ready in $((SECONDS - t0)) s"
else
  ko "WebhookSource wordpress not Ready: $(kubectl -n "$EXAMPLE_NAMESPACE" get webhooksource wordpress -o jsonpath='{.status.conditions}')"
fi
for d in "$INGEST" "$WORKER"; do
  if kubectl -n "$EXAMPLE_NAMESPACE" rollout status "deployment/$d" --timeout="$TIMEOUT" >/dev/null; then
    ok "deployment $d: every pod Running and Ready ($((SECONDS - t0)) s after the example)"
  else
    ko "deployment $d did not become available: $(kubectl -n "$EXAMPLE_NAMESPACE" get pods -o wide 2>&1 | tail -n +2 | tr '\n' ';')"
  fi
done
kubectl get webhooksources -A

# ---------------------------------------------------------------- one signed webhook through the pods
service_ip="$(kubectl -n "$EXAMPLE_NAMESPACE" get service "$INGEST" -o jsonpath='{.spec.clusterIP}')"
service_port="$(kubectl -n "$EXAMPLE_NAMESPACE" get service "$INGEST" -o jsonpath='{.spec.ports[0].port}')"
secret="$(sed -n 's/^ *secret: *//p' "$ROOT/examples/webhooksource.yaml")"
body='{"id":"post-42","type":"post.updated","title":"Hello from the node"}'
ts="$(date +%s)"
signature="$(printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)"
trace_id="$(openssl rand -hex 16)"
answer="$("${IN_NODE[@]}" curl -sS --max-time 20 -w '\n%{http_code}' -X POST \
  -H 'Content-Type: application/json' -H "X-Timestamp: $ts" -H "X-Signature: $signature" \
  -H "X-Idempotency-Key: install-$ts" -H "traceparent: 00-$trace_id-00f067aa0ba902b7-01" \
  --data "$body" "http://$service_ip:$service_port/webhooks/wordpress" 2>&1 || true)"
code="${answer##*$'\n'}"
event_id="$(sed -n 's/.*"event_id" *: *"\([^"]*\)".*/\1/p' <<<"$answer")"
if [[ "$code" == 202 && -n "$event_id" ]]; then
  ok "signed request through Service $INGEST ($service_ip:$service_port): 202, event_id $event_id"
else
  ko "signed request through Service $INGEST: $answer"
fi

sink_pod="$(kubectl -n "$EXAMPLE_NAMESPACE" get pods -l app=event-sink -o jsonpath='{.items[0].status.podIP}')"
delivered=""
deadline=$((SECONDS + 60))
while [[ -n "$event_id" ]] && ((SECONDS < deadline)); do
  delivered="$("${IN_NODE[@]}" curl -sS --max-time 5 "http://$sink_pod:8080/events" 2>/dev/null | grep -F "\"ce-id\":\"$event_id\"" || true)"
  [[ -n "$delivered" ]] && break
  sleep 1
done
if [[ -n "$delivered" && "$delivered" == *"$trace_id"* && "$delivered" == *'"delivery":1,'* && "$delivered" == *post-42* ]]; then
  ok "worker pod delivered it to the sink pod: ce-id $event_id, same trace id, same body"
else
  ko "no delivery of $event_id at the sink within 60 s: $("${IN_NODE[@]}" curl -sS --max-time 5 "http://$sink_pod:8080/events" 2>&1 | tail -3)"
fi
sleep 3
stats="$("${IN_NODE[@]}" curl -sS --max-time 5 "http://$sink_pod:8080/stats" 2>&1)"
if [[ -n "$delivered" && "$stats" == *'"events":1,"duplicates":0'* ]]; then ok "sink ledger, one event, no duplicate: $stats"; else ko "sink ledger: $stats"; fi

# container start times as the kubelet reports them: real containers, not a simulation
kubectl -n "$EXAMPLE_NAMESPACE" get pods -o jsonpath='{range .items[*]}{.metadata.name}{" created "}{.metadata.creationTimestamp}{" started "}{.status.containerStatuses[0].state.running.startedAt}{" node "}{.spec.nodeName}{"\n"}{end}'
if ((!KEEP_EXAMPLE)); then
  kubectl delete namespace "$EXAMPLE_NAMESPACE" --wait=false >/dev/null
fi
log "done in $((SECONDS - T_START)) s"
finish
