#!/usr/bin/env bash
# Installs Debian's Chromium and its chromedriver for the console's browser tests (ConsoleBrowserTest).
# Selenium is pointed at /usr/bin/chromedriver: nothing is downloaded at test time. Idempotent.
set -euo pipefail

PACKAGES=(chromium chromium-driver)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "browser/install.sh: all packages present (${PACKAGES[*]})"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "browser/install.sh: run as root (apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "browser/install.sh: installing ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
