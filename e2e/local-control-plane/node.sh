# shellcheck shell=bash
# The real node of `start.sh --node` (sourced by start.sh; see README.md "A real node"):
# a network namespace of its own, containerd + runc + CNI bridge (Debian packages, private
# config/state/socket dirs), kubelet, kube-proxy and CoreDNS, the project's images imported.
# Uses from start.sh: DIR BIN PKI log fail launch wait_for node_ready kubeconfig sign CLIENT_EXT.
# shellcheck disable=SC2034 # variables start.sh reads

NODE_NAME=hookwarden-node
POD_CIDR=10.244.0.0/24
NODE_IP=10.244.0.1 # the CNI bridge's address: the node's InternalIP, pods' gateway and DNS server
SERVICE_CIDR=10.0.0.0/24 # start.sh's --service-cluster-ip-range
CLUSTER_DOMAIN=cluster.local
INFRA_NAMESPACE=hookwarden-infra
# sysctls the kubelet sets (pkg/kubelet/cm setupKernelTunables): recorded at start, restored at stop
KUBELET_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

node_check_tools() {
  local t
  for t in nsenter unshare ip containerd containerd-shim-runc-v2 runc ctr iptables; do
    command -v "$t" >/dev/null || fail node "$t is missing (bash $HERE/install-node-deps.sh)"
  done
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/loopback ]] ||
    fail node "CNI plugins missing in /usr/lib/cni (apt-get install containernetworking-plugins)"
  ((EUID == 0)) || fail node "a node needs root (containerd, runc, network namespace)"
  for t in kubelet kube-proxy coredns kube-scheduler; do
    [[ -x "$BIN/$t" ]] || fail node "$BIN/$t is missing: run $HERE/build.sh --node first"
  done
  [[ -s "$IMAGES_DIR/images.env" ]] || fail node "$IMAGES_DIR/images.env is missing: run images/build.sh first"
}

# A network namespace held open by a process of ours, with lo, the CNI bridge and a veth pair to
# the host (link-local /30): no default route, so nothing in it reaches off the machine.
node_netns() {
  local i octet
  mkdir -p "$NODE_DIR"
  : >"$NODE_DIR/netns.holder"
  started=1
  unshare --net -- tail -f "$NODE_DIR/netns.holder" >/dev/null 2>&1 </dev/null &
  echo $! >"$DIR/pids/netns.pid"
  NETNS_PID=$!
  for ((i = 0; i < 50; i++)); do
    [[ "$(readlink "/proc/$NETNS_PID/ns/net")" != "$(readlink /proc/self/ns/net)" ]] && break
    sleep 0.1
  done
  IN_NS=(nsenter "--net=/proc/$NETNS_PID/ns/net" --)
  # a /30 in 169.254.100-199.0/24 that no interface of the host uses yet
  for ((i = 0; i < 100; i++)); do
    octet=$((100 + RANDOM % 100))
    ip -4 -o addr | grep -q " 169\.254\.$octet\." || break
  done
  HOST_VETH_IP=169.254.$octet.1
  NODE_VETH_IP=169.254.$octet.2
  HOST_VETH="hwnode$NETNS_PID"
  HOST_VETH="${HOST_VETH:0:15}"
  echo "$HOST_VETH" >"$NODE_DIR/host-veth"
  ip link add "$HOST_VETH" type veth peer name veth0 netns "$NETNS_PID"
  ip addr add "$HOST_VETH_IP/30" dev "$HOST_VETH"
  ip link set "$HOST_VETH" up
  "${IN_NS[@]}" sh -e -c "
    ip link set lo up
    ip addr add $NODE_VETH_IP/30 dev veth0
    ip link set veth0 up
    ip link add cni0 type bridge
    ip addr add $NODE_IP/24 dev cni0
    ip link set cni0 up
    ip route add $SERVICE_CIDR dev cni0" # the node's own connections to ClusterIPs (kube-proxy DNATs them)
  if "${IN_NS[@]}" ip route get 192.0.2.1 >/dev/null 2>&1; then
    fail node "the node's network namespace routes off the machine: $("${IN_NS[@]}" ip route get 192.0.2.1)"
  fi
  log "network namespace (pid $NETNS_PID): bridge cni0 $NODE_IP/24, host $HOST_VETH_IP <-> node $NODE_VETH_IP, no default route"
}

node_certificates() {
  sign kubelet "/O=system:nodes/CN=system:node:$NODE_NAME" "$CLIENT_EXT"
  sign kube-proxy "/CN=system:kube-proxy" "$CLIENT_EXT"
  sign coredns "/CN=hookwarden:coredns" "$CLIENT_EXT"
  sign kubelet-serving "/CN=$NODE_NAME" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:$NODE_IP,DNS:$NODE_NAME"
  kubeconfig "$DIR/kubelet.kubeconfig" "system:node:$NODE_NAME" kubelet
  kubeconfig "$DIR/kube-proxy.kubeconfig" system:kube-proxy kube-proxy
  kubeconfig "$DIR/coredns.kubeconfig" hookwarden:coredns coredns
}

# containerd with its own root, state, socket and CNI config; the CRI settings this machine needs
# (REAL-NODE.md: oom_score_adj, cgroup v1, hugetlb).
node_containerd() {
  local c="$NODE_DIR/containerd"
  mkdir -p "$c/root" "$c/state" "$NODE_DIR/cni/net.d" "$NODE_DIR/cni/ipam" "$NODE_DIR/opt"
  CONTAINERD_SOCK="$c/containerd.sock"
  ((${#CONTAINERD_SOCK} < 100)) || fail containerd "socket path $CONTAINERD_SOCK is too long for a unix socket"
  cat >"$NODE_DIR/cni/net.d/10-hookwarden.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "hookwarden", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$NODE_DIR/cni/ipam",
            "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]],
            "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}
]}
EOF
  cat >"$c/config.toml" <<EOF
version = 2
root = "$c/root"
state = "$c/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
[debug]
  address = "$CONTAINERD_SOCK.debug"
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$NODE_DIR/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # no CAP_SYS_RESOURCE here: pause may not get oom_score_adj -998
  restrict_oom_score_adj = true
  disable_hugetlb_controller = true
  tolerate_missing_hugetlb_controller = true
  # pod network namespaces under the state dir, not the host's /run/netns
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "$(command -v runc)"
        Root = "$c/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
EOF
  started=1
  "${IN_NS[@]}" containerd --config "$c/config.toml" >"$DIR/logs/containerd.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/containerd.pid"
  log "containerd started (pid $!, log $DIR/logs/containerd.log)"
  wait_for containerd "its socket" ctr --address "$CONTAINERD_SOCK" version
}

node_import_images() {
  local f t0=$SECONDS
  for f in "$IMAGES_DIR"/*.tar; do
    ctr --address "$CONTAINERD_SOCK" -n k8s.io images import --snapshotter overlayfs "$f" \
      >>"$DIR/logs/image-import.log" 2>&1 || fail image-import "ctr import $f failed"
  done
  log "images imported ($((SECONDS - t0)) s): $(ctr --address "$CONTAINERD_SOCK" -n k8s.io images ls -q | grep -v '^sha256:' | tr '\n' ' ')"
}

node_record_sysctls() {
  local s
  for s in "${KUBELET_SYSCTLS[@]}"; do
    printf '%s=%s\n' "$s" "$(sysctl -n "$s")"
  done >"$NODE_DIR/sysctls.before"
}

# cgroup v1 (and the hybrid cgroup2 mount): the kubelet's pods live under a cgroup of this node only.
node_cgroups() {
  CGROUP_ROOT="/hookwarden-$NETNS_PID"
  echo "$CGROUP_ROOT" >"$NODE_DIR/cgroup-root"
  local m
  while read -r m; do
    mkdir -p "$m$CGROUP_ROOT"
  done < <(awk '$3 == "cgroup" || $3 == "cgroup2" {print $2}' /proc/mounts)
  # A new cgroup weighs as much as one busy process of the root cgroup: on a loaded machine the
  # node's pods would starve (JVMs failing their startup probes). Weigh it as a few processes.
  local shares
  shares="$(awk '$3 == "cgroup" && $4 ~ /(^|,)cpu(,|$)/ {print $2 "'"$CGROUP_ROOT"'/cpu.shares"; exit}' /proc/mounts)"
  [[ -n "$shares" && -w "$shares" ]] && echo $((4096 * $(nproc))) >"$shares"
}

node_kubelet() {
  local k="$NODE_DIR/kubelet"
  mkdir -p "$k/root" "$k/pki"
  : >"$NODE_DIR/resolv.conf" # pods with dnsPolicy Default get no nameserver: nothing off the machine
  cat >"$k/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# cgroup v1 on this machine (REAL-NODE.md)
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
tlsCertFile: $PKI/kubelet-serving.crt
tlsPrivateKeyFile: $PKI/kubelet-serving.key
# reachable only inside the node's network namespace
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: AlwaysAllow}
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$NODE_IP]
resolvConf: $NODE_DIR/resolv.conf
podLogsDir: $NODE_DIR/pod-logs
failSwapOn: false
# imported images must never be collected, nor pods evicted for a busy shared disk
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "1Mi", nodefs.available: "1%", nodefs.inodesFree: "1%", imagefs.available: "1%"}
serializeImagePulls: false
syncFrequency: 10s
fileCheckFrequency: 10s
EOF
  launch kubelet \
    --config "$k/config.yaml" \
    --kubeconfig "$DIR/kubelet.kubeconfig" \
    --root-dir "$k/root" \
    --cert-dir "$k/pki" \
    --hostname-override "$NODE_NAME" \
    --node-ip "$NODE_IP" \
    --v=1
  wait_for kubelet "node $NODE_NAME Ready" node_ready
}

node_kube_proxy() {
  cat >"$NODE_DIR/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $DIR/kube-proxy.kubeconfig}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# no global sysctl touched: no conntrack tuning, no route_localnet
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
iptables:
  localhostNodePorts: false
  # a pod reaching a Service whose endpoint is on the same bridge gets the reply back through here
  masqueradeAll: true
EOF
  launch kube-proxy --config "$NODE_DIR/kube-proxy.yaml" --v=1
  wait_for kube-proxy "/healthz" http_ok "http://127.0.0.1:10256/healthz"
}

# Cluster DNS as a process of the node, on the bridge address the kubelet gives pods as nameserver.
node_coredns() {
  cat >"$NODE_DIR/Corefile" <<EOF
.:53 {
    bind $NODE_IP
    errors
    health 127.0.0.1:18080
    kubernetes $CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
        kubeconfig $DIR/coredns.kubeconfig hookwarden-local
        pods insecure
    }
    cache 5
}
EOF
  # what CoreDNS's kubernetes plugin reads (its upstream ClusterRole system:coredns)
  kubectl_apply <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "hookwarden:coredns"}
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "hookwarden:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "hookwarden:coredns"}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "hookwarden:coredns"}
EOF
  launch coredns -conf "$NODE_DIR/Corefile"
  wait_for coredns "/health" http_ok "http://127.0.0.1:18080/health"
}

kubectl_apply() { "${IN_NS[@]}" "$BIN/kubectl" --kubeconfig "$DIR/kubeconfig" apply -f - >>"$DIR/logs/kubectl.log" 2>&1 || fail kubectl "apply failed"; }

# PostgreSQL and ElasticMQ as pods, images from images/build.sh
node_infrastructure() {
  sed -e "s|@POSTGRES_IMAGE@|$POSTGRES_IMAGE|" -e "s|@ELASTICMQ_IMAGE@|$ELASTICMQ_IMAGE|" \
    -e "s|@NAMESPACE@|$INFRA_NAMESPACE|g" "$HERE/node-infrastructure.yaml" | kubectl_apply
  local d
  for d in postgres elasticmq; do
    "${IN_NS[@]}" "$BIN/kubectl" --kubeconfig "$DIR/kubeconfig" -n "$INFRA_NAMESPACE" rollout status \
      "deployment/$d" --timeout="${TIMEOUT}s" >>"$DIR/logs/kubectl.log" 2>&1 ||
      fail kubectl "deployment $INFRA_NAMESPACE/$d did not become available"
  done
  log "PostgreSQL and ElasticMQ pods ready in namespace $INFRA_NAMESPACE ($((SECONDS - T_START)) s since start)"
}

node_start() {
  # shellcheck source=/dev/null
  source "$IMAGES_DIR/images.env"
  node_containerd
  node_import_images
  node_record_sysctls
  node_cgroups
  node_kubelet
  node_kube_proxy
  node_coredns
  node_infrastructure
}
