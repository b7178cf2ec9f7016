#!/usr/bin/env bash
# Debian packages for images/build.sh and start.sh --node: debootstrap, umoci and skopeo (images
# without a daemon); containerd, runc, the CNI plugins, iptables and conntrack (the node).
# Only what is missing is installed; their own services are never started (no systemd here, and
# start.sh runs containerd with a private config).
set -euo pipefail
packages=(debootstrap umoci skopeo containerd runc containernetworking-plugins iptables conntrack)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "[install-node-deps] present: ${packages[*]}"
