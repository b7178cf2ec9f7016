#!/usr/bin/env bash
# Hookwarden Bridge (WordPress plugin) tests: unit tests, then the integration test.
#
#   HOOKWARDEN_URL=http://127.0.0.1:18080 HOOKWARDEN_SECRET=... wordpress-plugin/run-tests.sh
#
# HOOKWARDEN_URL / HOOKWARDEN_SECRET: base URL of a running Hookwarden ingest runtime (local mode)
# and the secret of its "wordpress" source. Both are required: the integration test is never
# skipped.
#
#   wordpress-plugin/run-tests.sh --use-test-double
#
# runs the integration test against tests/integration/test-double-receiver.php instead, a PHP
# stand-in for developing the plugin without the Java runtime. Refused when CI=true.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"
USE_DOUBLE=0
for arg in "$@"; do
  case "$arg" in
    --use-test-double) USE_DOUBLE=1 ;;
    *) echo "run-tests.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

fail() { echo "run-tests.sh: $*" >&2; exit 1; }

missing=()
for bin in php phpunit mariadbd mariadb-install-db mariadb mariadb-admin; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("$bin")
done
[[ -f /usr/share/wordpress/wp-settings.php || -n "${HW_IT_WP_CORE:-}" ]] || missing+=("wordpress (Debian package)")
if command -v php >/dev/null 2>&1; then
  for ext in curl mysqli mbstring dom; do
    php -r "exit(extension_loaded('$ext') ? 0 : 1);" || missing+=("php-$ext")
  done
fi
[[ ${#missing[@]} -eq 0 ]] || fail "missing: ${missing[*]} — run wordpress-plugin/install-deps.sh (as root)"

DOUBLE_PID=""
REPORTS="$(mktemp -d /tmp/hookwarden-wp-tests.XXXXXX)"
cleanup() {
  if [[ -n "$DOUBLE_PID" ]] && kill -0 "$DOUBLE_PID" 2>/dev/null; then
    kill "$DOUBLE_PID" 2>/dev/null || true
    wait "$DOUBLE_PID" 2>/dev/null || true
  fi
  rm -rf "$REPORTS"
}
trap cleanup EXIT

if [[ $USE_DOUBLE -eq 1 ]]; then
  [[ "${CI:-}" != "true" ]] || fail "--use-test-double is not allowed in CI: point HOOKWARDEN_URL at the Hookwarden runtime"
  PORT=$(php -r '$s=stream_socket_server("tcp://127.0.0.1:0");$n=stream_socket_get_name($s,false);echo substr($n,strrpos($n,":")+1);')
  export HOOKWARDEN_SECRET="${HOOKWARDEN_SECRET:-test-double-secret-$RANDOM$RANDOM}"
  export HOOKWARDEN_URL="http://127.0.0.1:$PORT"
  echo "run-tests.sh: TEST DOUBLE receiver (not the Hookwarden runtime) on $HOOKWARDEN_URL"
  HW_DOUBLE_STATE="$REPORTS/double-state.json" php -S "127.0.0.1:$PORT" "$HERE/tests/integration/test-double-receiver.php" \
    >"$REPORTS/double.log" 2>&1 &
  DOUBLE_PID=$!
  for _ in $(seq 1 50); do
    php -r "exit(@fsockopen('127.0.0.1', $PORT) ? 0 : 1);" && break
    sleep 0.1
  done
fi
echo "== wordpress-plugin: unit tests"
unit_rc=0
phpunit -c "$HERE/tests/unit/phpunit.xml.dist" --log-junit "$REPORTS/unit.xml" || unit_rc=$?

it_rc=0
if [[ -z "${HOOKWARDEN_URL:-}" || -z "${HOOKWARDEN_SECRET:-}" ]]; then
  echo "run-tests.sh: integration test NOT RUN: HOOKWARDEN_URL and HOOKWARDEN_SECRET must both be set (the Hookwarden runtime in local mode, e.g. http://127.0.0.1:18080, and the secret of its 'wordpress' source); for a local check without the runtime use --use-test-double" >&2
  it_rc=1
else
  echo "== wordpress-plugin: integration test (receiver $HOOKWARDEN_URL)"
  "$HERE/tests/integration/run-integration.sh" --log-junit "$REPORTS/integration.xml" || it_rc=$?
fi

php -r '
  $p = 0; $f = 0; $s = 0;
  foreach (array_slice($argv, 1) as $file) {
    if (!is_file($file)) { $f++; continue; } // A suite that did not run counts as a failure.
    $x = simplexml_load_file($file);
    foreach ($x->testsuite as $suite) {
      $bad = (int) $suite["failures"] + (int) $suite["errors"];
      $p += (int) $suite["tests"] - $bad - (int) $suite["skipped"]; $f += $bad; $s += (int) $suite["skipped"];
    }
  }
  printf("wordpress-plugin: %d passed, %d failed, %d skipped\n", $p, $f, $s);
' "$REPORTS/unit.xml" "$REPORTS/integration.xml"

[[ $unit_rc -eq 0 ]] || fail "unit tests failed (exit $unit_rc)"
[[ $it_rc -eq 0 ]] || fail "integration test failed (exit $it_rc)"
