#!/usr/bin/env bash
# Start a local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager and,
# when built, kube-scheduler + kwok with one simulated node) on 127.0.0.1 with free ports.
#
# Usage: start.sh [--node] DIR
#   --node: instead of kwok's simulated node, a real one (node.sh): everything runs in a network
#           namespace of its own, the project's images (images/build.sh) imported, PostgreSQL and
#           ElasticMQ running as pods in namespace hookwarden-infra. Needs root and build.sh --node.
#   DIR/kubeconfig       admin kubeconfig (O=system:masters), certificates embedded
#   DIR/env.sh           KUBECONFIG=..., HW_CP_APISERVER_URL=..., ports (shell syntax)
#   DIR/pids/*.pid       one PID per component (stop.sh DIR stops them)
#   DIR/logs/*.log       one log per component
#   DIR/pki/             CA, serving and client certificates, service-account key pair
# State (etcd data, certificates) is created anew on every start.
# Env: HW_CP_BIN_DIR (default: the cache dir of build.sh), HW_CP_TIMEOUT (s, default 180),
#      HW_CP_KEEP_ON_FAILURE=1 to leave processes running when start fails,
#      HW_IMAGES_DIR (--node; default images/target of this repository).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$HERE/versions.sh"

log() { printf '[start %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
usage() { echo "usage: $0 [--node] DIR" >&2; exit 2; }

NODE=0
if [[ "${1:-}" == "--node" ]]; then
  NODE=1
  shift
fi
[[ $# -eq 1 ]] || usage
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
BIN="${HW_CP_BIN_DIR:-$HW_CP_BIN}"
TIMEOUT="${HW_CP_TIMEOUT:-180}"
T_START=$SECONDS

for tool in openssl curl base64; do
  command -v "$tool" >/dev/null || { echo "[start] ERROR: $tool is required (apt-get install $tool)" >&2; exit 1; }
done
components=(etcd kube-apiserver kube-controller-manager)
if ((NODE)); then
  components+=(kube-scheduler)
elif [[ -x "$BIN/kwok" && -x "$BIN/kube-scheduler" ]]; then
  components+=(kube-scheduler kwok)
fi
for c in "${components[@]}"; do
  [[ -x "$BIN/$c" ]] || { echo "[start] ERROR: $BIN/$c is missing: run $HERE/build.sh first" >&2; exit 1; }
done

# Refuse to start twice in the same DIR.
if compgen -G "$DIR/pids/*.pid" >/dev/null; then
  for f in "$DIR"/pids/*.pid; do
    pid="$(cat "$f")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      echo "[start] ERROR: $(basename "$f" .pid) (pid $pid) from an earlier start is still running: run $HERE/stop.sh $DIR" >&2
      exit 1
    fi
  done
fi

if grep -qF " $DIR/" /proc/mounts; then
  echo "[start] ERROR: something is still mounted under $DIR: run $HERE/stop.sh $DIR" >&2
  exit 1
fi
rm -rf "$DIR/pki" "$DIR/etcd-data" "$DIR/pids" "$DIR/logs" "$DIR/kubeconfig" "$DIR/env.sh" "$DIR"/*.kubeconfig "$DIR/node"
mkdir -p "$DIR/pki" "$DIR/pids" "$DIR/logs" "$DIR/etcd-data"
chmod 700 "$DIR/pki" "$DIR/etcd-data"

started=0
on_exit() {
  local rc=$?
  if ((rc != 0 && started)); then
    if [[ "${HW_CP_KEEP_ON_FAILURE:-0}" == 1 ]]; then
      echo "[start] failed; processes left running (HW_CP_KEEP_ON_FAILURE=1): stop them with $HERE/stop.sh $DIR" >&2
    else
      echo "[start] failed; stopping what was started (logs stay in $DIR/logs)" >&2
      "$HERE/stop.sh" "$DIR" >&2 || true
    fi
  fi
}
trap on_exit EXIT

fail() { # component message
  local c=$1
  shift
  echo "[start] ERROR: $c: $*" >&2
  if [[ -f "$DIR/logs/$c.log" ]]; then
    echo "[start] last lines of $DIR/logs/$c.log:" >&2
    tail -n 25 "$DIR/logs/$c.log" | sed 's/^/    /' >&2
  fi
  echo "[start] all logs: $DIR/logs/" >&2
  exit 1
}

# ---------------------------------------------------------------- free ports
USED_PORTS=" "
free_port() { # sets REPLY to a port nothing listens on (and that we did not hand out yet)
  local p i
  for ((i = 0; i < 500; i++)); do
    p=$((20000 + RANDOM % 30000))
    [[ "$USED_PORTS" == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      USED_PORTS+="$p "
      REPLY=$p
      return 0
    fi
  done
  echo "[start] ERROR: found no free port on 127.0.0.1" >&2
  exit 1
}
free_port; ETCD_PORT=$REPLY
free_port; ETCD_PEER_PORT=$REPLY
free_port; API_PORT=$REPLY
free_port; KCM_PORT=$REPLY
free_port; SCHED_PORT=$REPLY
free_port; KWOK_PORT=$REPLY

# ---------------------------------------------------------------- node network
# Without --node everything runs here on 127.0.0.1; with it, in the node's network namespace
# (IN_NS prefixes each command that must run there) and the host reaches it on a veth.
IN_NS=()
API_HOST=127.0.0.1
API_SANS="IP:127.0.0.1,IP:10.0.0.1"
if ((NODE)); then
  NODE_DIR="$DIR/node"
  IMAGES_DIR="${HW_IMAGES_DIR:-$(cd "$HERE/../.." && pwd)/images/target}"
  # shellcheck source=node.sh
  source "$HERE/node.sh"
  node_check_tools
  node_netns
  API_HOST=$NODE_VETH_IP
  API_SANS+=",IP:$NODE_IP,IP:$NODE_VETH_IP"
fi

# ---------------------------------------------------------------- certificates
PKI="$DIR/pki"
ossl() { openssl "$@" 2>>"$DIR/logs/openssl.log" || fail openssl "openssl $1 failed"; }
# ECDSA P-256 keys (cheap to generate on a busy machine), except the admin client key and
# the service-account key: RSA, which every client library (fabric8 included) reads.
EC=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
RSA=(-newkey rsa:2048)
ossl req -x509 "${EC[@]}" -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -days 3650 \
  -subj "/CN=hookwarden-local-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
# a second CA for the aggregation layer's front proxy, as kubeadm sets it up
ossl req -x509 "${EC[@]}" -nodes -keyout "$PKI/front-proxy-ca.key" -out "$PKI/front-proxy-ca.crt" \
  -days 3650 -subj "/CN=hookwarden-local-front-proxy-ca" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
sign() { # name subject extensions [ca] [rsa]
  local name=$1 subj=$2 ext=$3 ca=${4:-ca} key=("${EC[@]}")
  [[ "${5:-}" == rsa ]] && key=("${RSA[@]}")
  ossl req -new "${key[@]}" -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "$subj"
  printf '%s\n' "$ext" >"$PKI/$name.ext"
  ossl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial \
    -days 3650 -out "$PKI/$name.crt" -extfile "$PKI/$name.ext"
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}
CLIENT_EXT=$'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth'
sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$API_SANS,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
sign admin "/O=system:masters/CN=hookwarden-admin" "$CLIENT_EXT" ca rsa
sign kube-controller-manager "/CN=system:kube-controller-manager" "$CLIENT_EXT"
sign kube-scheduler "/CN=system:kube-scheduler" "$CLIENT_EXT"
sign kwok "/O=system:masters/CN=kwok-controller" "$CLIENT_EXT"
sign front-proxy-client "/CN=front-proxy-client" "$CLIENT_EXT" front-proxy-ca
ossl genrsa -out "$PKI/sa.key" 2048
ossl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub"
chmod 600 "$PKI"/*.key
log "certificates and keys in $PKI ($((SECONDS - T_START)) s since start)"

API_URL="https://$API_HOST:$API_PORT"
b64() { base64 -w0 <"$1"; }
kubeconfig() { # file user certname
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: hookwarden-local
  cluster:
    server: $API_URL
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(b64 "$PKI/$3.crt")
    client-key-data: $(b64 "$PKI/$3.key")
contexts:
- name: hookwarden-local
  context:
    cluster: hookwarden-local
    user: $2
    namespace: default
current-context: hookwarden-local
EOF
  chmod 600 "$1"
}
kubeconfig "$DIR/kubeconfig" hookwarden-admin admin
kubeconfig "$DIR/kube-controller-manager.kubeconfig" system:kube-controller-manager kube-controller-manager
kubeconfig "$DIR/kube-scheduler.kubeconfig" system:kube-scheduler kube-scheduler
kubeconfig "$DIR/kwok.kubeconfig" kwok-controller kwok
if ((NODE)); then node_certificates; fi

# ---------------------------------------------------------------- helpers
launch() { # name args... ; runs $BIN/name in the background, records its PID
  local name=$1
  shift
  started=1
  nohup "${IN_NS[@]}" "$BIN/$name" "$@" >"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
  log "$name started (pid $!, log $DIR/logs/$name.log)"
}
alive() { kill -0 "$(cat "$DIR/pids/$1.pid")" 2>/dev/null; }
kcurl() { # curl as the admin; extra args passed through
  "${IN_NS[@]}" curl -sS --max-time 10 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"
}
wait_for() { # component description command...
  local c=$1 what=$2 deadline=$((SECONDS + TIMEOUT))
  shift 2
  until "$@" >/dev/null 2>&1; do
    alive "$c" || fail "$c" "exited while waiting for $what"
    ((SECONDS < deadline)) || fail "$c" "timed out after ${TIMEOUT}s waiting for $what"
    sleep 0.5
  done
  log "$c: $what ($((SECONDS - T_START)) s since start)"
}
http_ok() { [[ "$("${IN_NS[@]}" curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$@")" == 200 ]]; }
node_ready() { kcurl "$API_URL/api/v1/nodes/$NODE_NAME" | tr -d ' \n' | grep -q '"type":"Ready","status":"True"'; }
api_ok() { [[ "$(kcurl -o /dev/null -w '%{http_code}' "$API_URL$1")" == 200 ]]; }

# ---------------------------------------------------------------- etcd
launch etcd \
  --name hookwarden-local \
  --data-dir "$DIR/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "hookwarden-local=http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster-state new \
  --unsafe-no-fsync \
  --quota-backend-bytes 4294967296 \
  --log-level warn
wait_for etcd "/health" http_ok "http://127.0.0.1:$ETCD_PORT/health"

# ---------------------------------------------------------------- kube-apiserver
if ((NODE)); then
  # pods reach it as Service kubernetes (10.0.0.1) on the bridge address; the host on the veth
  api_network=(--bind-address 0.0.0.0 --advertise-address "$NODE_IP" --kubelet-preferred-address-types InternalIP)
else
  api_network=(--bind-address 127.0.0.1 --advertise-address 127.0.0.1 --endpoint-reconciler-type none)
fi
launch kube-apiserver \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  "${api_network[@]}" \
  --secure-port "$API_PORT" \
  --tls-cert-file "$PKI/apiserver.crt" \
  --tls-private-key-file "$PKI/apiserver.key" \
  --client-ca-file "$PKI/ca.crt" \
  --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
  --service-account-key-file "$PKI/sa.pub" \
  --service-account-signing-key-file "$PKI/sa.key" \
  --authorization-mode Node,RBAC \
  --requestheader-client-ca-file "$PKI/front-proxy-ca.crt" \
  --requestheader-allowed-names front-proxy-client \
  --requestheader-username-headers X-Remote-User \
  --requestheader-group-headers X-Remote-Group \
  --requestheader-extra-headers-prefix X-Remote-Extra- \
  --proxy-client-cert-file "$PKI/front-proxy-client.crt" \
  --proxy-client-key-file "$PKI/front-proxy-client.key" \
  --service-cluster-ip-range 10.0.0.0/24 \
  --allow-privileged=true \
  --profiling=false \
  --v=1
wait_for kube-apiserver "/readyz" api_ok /readyz
wait_for kube-apiserver "namespace default" api_ok /api/v1/namespaces/default

# ---------------------------------------------------------------- kube-controller-manager
KCM_KC="$DIR/kube-controller-manager.kubeconfig"
launch kube-controller-manager \
  --kubeconfig "$KCM_KC" \
  --authentication-kubeconfig "$KCM_KC" \
  --authorization-kubeconfig "$KCM_KC" \
  --bind-address 127.0.0.1 \
  --secure-port "$KCM_PORT" \
  --cert-dir "$DIR/pki/kube-controller-manager-serving" \
  --controllers '*' \
  --use-service-account-credentials=true \
  --service-account-private-key-file "$PKI/sa.key" \
  --root-ca-file "$PKI/ca.crt" \
  --cluster-signing-cert-file "$PKI/ca.crt" \
  --cluster-signing-key-file "$PKI/ca.key" \
  --service-cluster-ip-range 10.0.0.0/24 \
  --leader-elect=false \
  --profiling=false \
  --v=1
wait_for kube-controller-manager "/healthz" http_ok -k "https://127.0.0.1:$KCM_PORT/healthz"
# the serviceaccount + token controllers ran: namespaced workloads can be created now
wait_for kube-controller-manager "serviceaccount default/default" \
  api_ok /api/v1/namespaces/default/serviceaccounts/default

# ---------------------------------------------------------------- kube-scheduler + kwok or a real node
NODE_NAME="${NODE_NAME:-}" # node.sh names its node
if [[ " ${components[*]} " == *" kube-scheduler "* ]]; then
  SCHED_KC="$DIR/kube-scheduler.kubeconfig"
  launch kube-scheduler \
    --kubeconfig "$SCHED_KC" \
    --authentication-kubeconfig "$SCHED_KC" \
    --authorization-kubeconfig "$SCHED_KC" \
    --bind-address 127.0.0.1 \
    --secure-port "$SCHED_PORT" \
    --cert-dir "$DIR/pki/kube-scheduler-serving" \
    --leader-elect=false \
    --profiling=false \
    --v=1
  wait_for kube-scheduler "/healthz" http_ok -k "https://127.0.0.1:$SCHED_PORT/healthz"
fi
if ((NODE)); then
  node_start
elif [[ " ${components[*]} " == *" kwok "* ]]; then
  launch kwok \
    --kubeconfig "$DIR/kwok.kubeconfig" \
    --config "$BIN/kwok-stages.yaml" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-ip 127.0.0.1 \
    --server-address "127.0.0.1:$KWOK_PORT" \
    --cidr 10.244.0.0/16
  wait_for kwok "/healthz" http_ok "http://127.0.0.1:$KWOK_PORT/healthz"

  NODE_NAME=kwok-node-0
  node_json='{"apiVersion":"v1","kind":"Node","metadata":{"name":"'"$NODE_NAME"'",
    "annotations":{"kwok.x-k8s.io/node":"fake","node.alpha.kubernetes.io/ttl":"0"},
    "labels":{"kubernetes.io/hostname":"'"$NODE_NAME"'","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","type":"kwok"}},
    "spec":{"podCIDR":"10.244.0.0/24"},
    "status":{"allocatable":{"cpu":"32","memory":"256Gi","pods":"110"},
              "capacity":{"cpu":"32","memory":"256Gi","pods":"110"}}}'
  code="$(kcurl -o "$DIR/logs/node-create.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data "$node_json" "$API_URL/api/v1/nodes")"
  [[ "$code" == 201 ]] || fail kwok "creating node $NODE_NAME answered HTTP $code: $(cat "$DIR/logs/node-create.json")"
  wait_for kwok "node $NODE_NAME Ready" node_ready
fi

cat >"$DIR/env.sh" <<EOF
export KUBECONFIG='$DIR/kubeconfig'
export HW_CP_APISERVER_URL='$API_URL'
export HW_CP_CA_CERT='$PKI/ca.crt'
export HW_CP_ADMIN_CERT='$PKI/admin.crt'
export HW_CP_ADMIN_KEY='$PKI/admin.key'
export HW_CP_ETCD_URL='http://127.0.0.1:$ETCD_PORT'
export HW_CP_NODE='$NODE_NAME'
EOF
if ((NODE)); then
  cat >>"$DIR/env.sh" <<EOF
export PATH='$BIN':"\$PATH"
export HW_NODE_EXEC='${IN_NS[*]}'
export HW_NODE_CONTAINERD_SOCK='$CONTAINERD_SOCK'
export HW_NODE_INFRA_NAMESPACE='$INFRA_NAMESPACE'
export HW_NODE_HOST_VETH_IP='$HOST_VETH_IP'
export HW_IMAGES_DIR='$IMAGES_DIR'
EOF
  sed 's/^/export /' "$IMAGES_DIR/images.env" >>"$DIR/env.sh"
fi

started=0 # success: keep them running
log "control plane ready in $((SECONDS - T_START)) s: ${components[*]}"
log "apiserver $API_URL (Kubernetes $HW_K8S_VERSION, etcd $HW_ETCD_VERSION)"
echo "KUBECONFIG=$DIR/kubeconfig"
