#!/usr/bin/env bash
# Integration test of the Hookwarden Bridge plugin:
#   real WordPress (Debian's `wordpress` package, installed with wp_install()),
#   real MariaDB (a server this script starts on a private socket in a temp dir and stops by PID),
#   the plugin activated in it, and the receiver at $HOOKWARDEN_URL (the Hookwarden runtime in CI).
#
# Environment:
#   HOOKWARDEN_URL     receiver base URL, e.g. http://127.0.0.1:18080 (required)
#   HOOKWARDEN_SECRET  shared secret of the receiver's "wordpress" source (required)
#   HW_IT_KEEP_TMP=1   keep the temp dir (logs, database) for debugging
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PLUGIN_ROOT="$(cd "$HERE/../.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"

fail() { echo "integration: $*" >&2; exit 1; }

[[ -n "${HOOKWARDEN_URL:-}" ]] || fail "HOOKWARDEN_URL is not set (base URL of the Hookwarden runtime, e.g. http://127.0.0.1:18080)"
[[ -n "${HOOKWARDEN_SECRET:-}" ]] || fail "HOOKWARDEN_SECRET is not set (the secret of the runtime's 'wordpress' source)"
case "$HOOKWARDEN_URL" in
  http://127.*|http://localhost*|http://\[::1\]*) ;;
  *) fail "HOOKWARDEN_URL must be a loopback URL (this test only talks to 127.0.0.1): $HOOKWARDEN_URL" ;;
esac

WP_CORE="${HW_IT_WP_CORE:-/usr/share/wordpress}"
for bin in php phpunit mariadbd mariadb-install-db mariadb mariadb-admin; do
  command -v "$bin" >/dev/null 2>&1 || fail "'$bin' not found; run wordpress-plugin/install-deps.sh"
done
[[ -f "$WP_CORE/wp-settings.php" ]] || fail "WordPress core not found in $WP_CORE; run wordpress-plugin/install-deps.sh (Debian package 'wordpress')"
for ext in curl mysqli mbstring dom json; do
  php -r "exit(extension_loaded('$ext') ? 0 : 1);" || fail "PHP extension '$ext' missing; run wordpress-plugin/install-deps.sh"
done

TMP="$(mktemp -d /tmp/hookwarden-wp-it.XXXXXX)"
MARIADB_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$MARIADB_PID" ]] && kill -0 "$MARIADB_PID" 2>/dev/null; then
    kill "$MARIADB_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$MARIADB_PID" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$MARIADB_PID" 2>/dev/null; then
      echo "integration: MariaDB (pid $MARIADB_PID) did not stop; killing it" >&2
      kill -9 "$MARIADB_PID" 2>/dev/null || true
    fi
    wait "$MARIADB_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 ]]; then
    for f in "$TMP/mariadb.err" "$TMP/debug.log" "$TMP/forwarder.err"; do
      # WordPress 6.1 core on PHP 8.2 logs deprecations of its own; show the rest.
      [[ -s "$f" ]] && { echo "---- tail of $f" >&2; grep -v 'PHP Deprecated: .*wp-includes/' "$f" | tail -n 40 >&2; }
    done
  fi
  if [[ "${HW_IT_KEEP_TMP:-0}" == "1" ]]; then
    echo "integration: kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "integration: MariaDB $(mariadbd --version | awk '{print $3}') in $TMP"
mariadb-install-db --no-defaults --datadir="$TMP/mysql" --user="$(id -un)" \
  --auth-root-authentication-method=normal --skip-test-db >"$TMP/mariadb-install.log" 2>&1 \
  || { cat "$TMP/mariadb-install.log" >&2; fail "mariadb-install-db failed"; }
SOCK="$TMP/mysqld.sock"
mariadbd --no-defaults --datadir="$TMP/mysql" --socket="$SOCK" --skip-networking \
  --pid-file="$TMP/mysqld.pid" --log-error="$TMP/mariadb.err" --user="$(id -un)" \
  --innodb-buffer-pool-size=64M --skip-log-bin --max-connections=20 --table-open-cache=200 &
MARIADB_PID=$!
for _ in $(seq 1 150); do
  mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$MARIADB_PID" 2>/dev/null || fail "MariaDB exited during start-up"
  sleep 0.2
done
mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1 || fail "MariaDB did not become ready in 30 s"
mariadb --no-defaults --socket="$SOCK" -uroot -e "
  CREATE DATABASE wordpress_it CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp';
  GRANT ALL PRIVILEGES ON wordpress_it.* TO 'wp'@'localhost';"

mkdir -p "$TMP/wp-content/plugins" "$TMP/wp-content/mu-plugins" "$TMP/wp-content/uploads"
cp -R "$PLUGIN_ROOT/hookwarden-bridge" "$TMP/wp-content/plugins/"
cp "$HERE"/mu-plugins/*.php "$TMP/wp-content/mu-plugins/"

export HW_IT_TMP="$TMP" HW_IT_DB_SOCKET="$SOCK" HW_IT_WP_CORE="$WP_CORE"
echo "integration: WordPress $(php -r "include '$WP_CORE/wp-includes/version.php'; echo \$wp_version;") from $WP_CORE; receiver $HOOKWARDEN_URL"
phpunit -c "$HERE/phpunit.xml.dist" "$@"
