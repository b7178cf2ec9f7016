#!/usr/bin/env bash
# Smoke test of a control plane started by start.sh DIR, with curl and the admin client cert
# only (no kubectl): namespace lifecycle (namespace controller), ownerReference cascade
# (garbage collector), a CRD whose x-kubernetes-validations CEL rule rejects an invalid
# object, and, when kwok runs, a Deployment that reaches its available replicas.
# Prints one line per check and a closing 'N passed, N failed'; exit 1 if any failed.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
DIR="$(cd "$1" && pwd)"
[[ -f "$DIR/env.sh" ]] || { echo "[verify] $DIR/env.sh missing: start.sh $DIR first" >&2; exit 1; }
command -v jq >/dev/null || { echo "[verify] jq is required (apt-get install jq)" >&2; exit 1; }
# shellcheck source=/dev/null
source "$DIR/env.sh"
TIMEOUT="${HW_CP_VERIFY_TIMEOUT:-120}"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "PASS $*"; }
ko() { failed=$((failed + 1)); echo "FAIL $*"; }

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
# api METHOD PATH [JSON] -> body in $OUT/body, HTTP status in $CODE
api() {
  local args=(-sS --max-time 20 --cacert "$HW_CP_CA_CERT" --cert "$HW_CP_ADMIN_CERT" --key "$HW_CP_ADMIN_KEY"
    -o "$OUT/body" -w '%{http_code}' -X "$1")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data "$3")
  : >"$OUT/body"
  CODE="$(curl "${args[@]}" "$HW_CP_APISERVER_URL$2")" || CODE="curl-failed"
}
body() { cat "$OUT/body"; }
expect() { # HTTP-status description
  if [[ "$CODE" == "$1" ]]; then ok "$2"; else ko "$2: HTTP $CODE $(body)"; fi
}
poll() { # description command... : retry until true or TIMEOUT
  local deadline=$((SECONDS + TIMEOUT)) t0=$SECONDS
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
  echo "     ($1: $((SECONDS - t0)) s)"
}

NS="hw-verify-$RANDOM"

# 1. namespace
api POST /api/v1/namespaces '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"'"$NS"'"}}'
expect 201 "namespace $NS created"

# 2. service-account tokens: TokenRequest (apiserver signing key) and a legacy token Secret
#    filled by the controller-manager's token controller (its private key), both accepted
api POST "/api/v1/namespaces/$NS/serviceaccounts" '{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"probe"}}'
expect 201 "ServiceAccount probe created"
api POST "/api/v1/namespaces/$NS/serviceaccounts/probe/token" '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}'
SA_TOKEN="$(body | jq -r '.status.token // empty')"
api POST "/api/v1/namespaces/$NS/secrets" '{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/service-account-token",
  "metadata":{"name":"probe-token","annotations":{"kubernetes.io/service-account.name":"probe"}}}'
token_filled() { api GET "/api/v1/namespaces/$NS/secrets/probe-token"; [[ -n "$(body | jq -r '.data.token // empty')" ]]; }
if poll token_filled; then
  LEGACY_TOKEN="$(body | jq -r .data.token | base64 -d)"
else
  LEGACY_TOKEN=""
fi
for kind in TokenRequest legacy; do
  if [[ "$kind" == TokenRequest ]]; then tok="$SA_TOKEN"; else tok="$LEGACY_TOKEN"; fi
  who="$(curl -sS --max-time 20 --cacert "$HW_CP_CA_CERT" -H "Authorization: Bearer $tok" -X POST \
    -H 'Content-Type: application/json' --data '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' \
    "$HW_CP_APISERVER_URL/apis/authentication.k8s.io/v1/selfsubjectreviews" | jq -r '.status.userInfo.username // empty' || true)"
  if [[ -n "$tok" && "$who" == "system:serviceaccount:$NS:probe" ]]; then
    ok "$kind service-account token authenticates as $who"
  else
    ko "$kind service-account token: got user '$who'"
  fi
done

code="$(curl -sS --max-time 20 --cacert "$HW_CP_CA_CERT" -H "Authorization: Bearer $SA_TOKEN" -o /dev/null -w '%{http_code}' \
  "$HW_CP_APISERVER_URL/api/v1/namespaces/$NS/secrets" || true)"
if [[ "$code" == 403 ]]; then ok "RBAC: the ServiceAccount may not list secrets (HTTP 403)"; else ko "RBAC: ServiceAccount listing secrets got HTTP $code"; fi

# 3. garbage collection of an owned ConfigMap
api POST "/api/v1/namespaces/$NS/configmaps" '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owner"},"data":{"role":"owner"}}'
OWNER_UID="$(body | jq -r .metadata.uid)"
api POST "/api/v1/namespaces/$NS/configmaps" '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dependent",
  "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"'"$OWNER_UID"'"}]},"data":{"role":"dependent"}}'
if [[ "$CODE" == 201 ]]; then
  ok "ConfigMap dependent created with ownerReference to owner (uid $OWNER_UID)"
else
  ko "create dependent: HTTP $CODE $(body)"
fi
api DELETE "/api/v1/namespaces/$NS/configmaps/owner"
expect 200 "owner deleted"
dependent_gone() { api GET "/api/v1/namespaces/$NS/configmaps/dependent"; [[ "$CODE" == 404 ]]; }
if poll dependent_gone; then ok "garbage collector deleted the dependent ConfigMap"; else ko "dependent still there: HTTP $CODE"; fi

# 4. CRD with a CEL validation rule
CRD='{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
 "metadata":{"name":"widgets.verify.hookwarden.io"},
 "spec":{"group":"verify.hookwarden.io","scope":"Namespaced",
  "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
  "versions":[{"name":"v1","served":true,"storage":true,
   "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
     "properties":{"minReplicas":{"type":"integer"},"replicas":{"type":"integer"}},
     "x-kubernetes-validations":[{"rule":"self.minReplicas <= self.replicas",
        "message":"minReplicas must not exceed replicas"}]}}}}}]}}'
api DELETE /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.verify.hookwarden.io
api POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions "$CRD"
expect 201 "CRD widgets.verify.hookwarden.io created"
crd_established() {
  api GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.verify.hookwarden.io
  [[ "$(body | jq -r '.status.conditions[]? | select(.type=="Established") | .status')" == True ]] &&
    api GET "/apis/verify.hookwarden.io/v1/namespaces/$NS/widgets" && [[ "$CODE" == 200 ]]
}
if poll crd_established; then ok "CRD established and served"; else ko "CRD not established: $(body)"; fi
api POST "/apis/verify.hookwarden.io/v1/namespaces/$NS/widgets" \
  '{"apiVersion":"verify.hookwarden.io/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"minReplicas":5,"replicas":2}}'
if [[ "$CODE" == 422 ]] && body | jq -r .message | grep -q 'minReplicas must not exceed replicas'; then
  ok "invalid Widget rejected: HTTP 422 $(body | jq -r .message)"
else
  ko "invalid Widget not rejected by CEL: HTTP $CODE $(body)"
fi
api POST "/apis/verify.hookwarden.io/v1/namespaces/$NS/widgets" \
  '{"apiVersion":"verify.hookwarden.io/v1","kind":"Widget","metadata":{"name":"good"},"spec":{"minReplicas":1,"replicas":2}}'
expect 201 "valid Widget accepted"

# 5. Deployment on the kwok node
if [[ -n "${HW_CP_NODE:-}" ]]; then
  api POST "/apis/apps/v1/namespaces/$NS/deployments" '{"apiVersion":"apps/v1","kind":"Deployment",
   "metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
   "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"example.invalid/web:1"}]}}}}'
  expect 201 "Deployment web (2 replicas) created"
  available() {
    api GET "/apis/apps/v1/namespaces/$NS/deployments/web"
    [[ "$(body | jq -r '.status.availableReplicas // 0')" == 2 ]]
  }
  if poll available; then
    api GET "/api/v1/namespaces/$NS/pods"
    ok "Deployment web has 2 available replicas (pods: $(body | jq -r '[.items[] | .metadata.name + "@" + .spec.nodeName + "=" + .status.phase] | join(", ")'))"
  else
    ko "Deployment not available: $(body | jq -c .status)"
  fi
else
  echo "SKIP Deployment availability: no kwok node (built with HW_CP_WITH_KWOK=0)"
fi

# 6. namespace deletion (namespace controller empties and finalizes it)
api DELETE "/api/v1/namespaces/$NS"
ns_gone() { api GET "/api/v1/namespaces/$NS"; [[ "$CODE" == 404 ]]; }
if poll ns_gone; then ok "namespace $NS deleted by the namespace controller"; else ko "namespace still there: $(body | jq -c .status)"; fi
api DELETE /apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.verify.hookwarden.io

echo "$passed passed, $failed failed"
((failed == 0))
