# shellcheck shell=bash
# Versions of the local control plane, sourced by build.sh and start.sh.
# Changing one changes the cache key, so the next build.sh rebuilds.
HW_K8S_VERSION="${HW_K8S_VERSION:-v1.37.2}"   # k8s.io/kubernetes; staging modules at v0.37.2
HW_ETCD_VERSION="${HW_ETCD_VERSION:-v3.5.35}" # go.etcd.io/etcd/server/v3
HW_KWOK_VERSION="${HW_KWOK_VERSION:-v0.8.0}"  # sigs.k8s.io/kwok
HW_COREDNS_VERSION="${HW_COREDNS_VERSION:-v1.14.7}" # github.com/coredns/coredns (cluster DNS, --node)
HW_HELM_VERSION="${HW_HELM_VERSION:-v3.22.0}"          # helm.sh/helm/v3 (e2e/install.sh)
HW_CP_WITH_KWOK="${HW_CP_WITH_KWOK:-1}"       # 0: no kube-scheduler/kwok (no simulated node)

HW_CP_CACHE="${HW_CP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hookwarden/control-plane}"
HW_CP_KEY="k8s-${HW_K8S_VERSION}_etcd-${HW_ETCD_VERSION}"
if [[ "$HW_CP_WITH_KWOK" == 1 ]]; then
  HW_CP_KEY+="_kwok-${HW_KWOK_VERSION}"
fi
HW_CP_DIR="$HW_CP_CACHE/$HW_CP_KEY"
HW_CP_BIN="$HW_CP_DIR/bin"
export HW_K8S_VERSION HW_ETCD_VERSION HW_KWOK_VERSION HW_COREDNS_VERSION HW_HELM_VERSION HW_CP_WITH_KWOK HW_CP_CACHE HW_CP_KEY HW_CP_DIR HW_CP_BIN
