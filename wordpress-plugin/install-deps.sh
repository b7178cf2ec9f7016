#!/usr/bin/env bash
# Installs what wordpress-plugin/run-tests.sh needs, from Debian's packages. Idempotent.
# Services are not started by the packages here: the integration test runs its own MariaDB.
set -euo pipefail

PACKAGES=(php-cli php-curl php-mbstring php-xml php-mysql phpunit wordpress mariadb-server mariadb-client)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: run as root (apt-get install)" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps.sh: all packages present (${PACKAGES[*]})"
  exit 0
fi

# Keep package scripts from starting mariadb/apache: only when no policy is in place already.
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [[ ! -e $POLICY ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$POLICY"
  chmod +x "$POLICY"
  CREATED_POLICY=1
fi
trap 'if [[ $CREATED_POLICY -eq 1 ]]; then rm -f "$POLICY"; fi' EXIT

export DEBIAN_FRONTEND=noninteractive
echo "install-deps.sh: installing ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
