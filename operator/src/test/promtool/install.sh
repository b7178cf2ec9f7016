#!/usr/bin/env bash
# promtool (Debian package prometheus) for AlertRulesPromtoolTest, which fails without it.
set -euo pipefail
if command -v promtool >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
promtool --version | head -1
