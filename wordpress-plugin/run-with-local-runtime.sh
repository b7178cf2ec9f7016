#!/usr/bin/env bash
# Runs run-tests.sh against the real Hookwarden ingest runtime in local mode:
# starts `java -jar ingest-runtime/target/quarkus-app/quarkus-run.jar local -f FILE --port N`
# with examples/webhooksource.yaml (its Secret given a fresh random value), waits for
# "Hookwarden local mode ready", runs the tests with HOOKWARDEN_URL/HOOKWARDEN_SECRET set, and
# stops the runtime by its PID. The runtime must be built first (./mvnw -pl ingest-runtime -am package).
#
# Environment: HOOKWARDEN_RUNTIME_JAR (default ingest-runtime/target/quarkus-app/quarkus-run.jar),
#              HOOKWARDEN_SOURCES_YAML (default examples/webhooksource.yaml; its Secret's
#              "secret:" value is replaced), HOOKWARDEN_READY_TIMEOUT (seconds, default 180).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
JAR="$(realpath -m "${HOOKWARDEN_RUNTIME_JAR:-$REPO/ingest-runtime/target/quarkus-app/quarkus-run.jar}")"
YAML_IN="$(realpath -m "${HOOKWARDEN_SOURCES_YAML:-$REPO/examples/webhooksource.yaml}")"
READY_TIMEOUT="${HOOKWARDEN_READY_TIMEOUT:-180}"

fail() { echo "run-with-local-runtime.sh: $*" >&2; exit 1; }
command -v java >/dev/null 2>&1 || fail "java not found"
command -v php >/dev/null 2>&1 || fail "php not found; run wordpress-plugin/install-deps.sh"
[[ -f "$JAR" ]] || fail "runtime not built: $JAR is missing (./mvnw -pl ingest-runtime -am package -DskipTests)"
[[ -f "$YAML_IN" ]] || fail "$YAML_IN is missing"
grep -Eq '^[[:space:]]+secret:[[:space:]]' "$YAML_IN" || fail "$YAML_IN has no 'secret:' entry under the Secret's stringData"

WORK="$(mktemp -d /tmp/hookwarden-wp-runtime.XXXXXX)"
RT_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$RT_PID" ]] && kill -0 "$RT_PID" 2>/dev/null; then
    kill "$RT_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$RT_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$RT_PID" 2>/dev/null && kill -9 "$RT_PID" 2>/dev/null || true
    wait "$RT_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -s "$WORK/runtime.log" ]]; then
    echo "---- tail of the runtime log" >&2; tail -n 40 "$WORK/runtime.log" >&2
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SECRET="wp-$(php -r 'echo bin2hex(random_bytes(24));')"
sed -E "s/^([[:space:]]+secret:[[:space:]]).*/\1$SECRET/" "$YAML_IN" > "$WORK/sources.yaml"
PORT=$(php -r '$s=stream_socket_server("tcp://127.0.0.1:0");$n=stream_socket_get_name($s,false);echo substr($n,strrpos($n,":")+1);')

# Local mode keeps its state under ./.hookwarden/: run it from the temp dir, removed afterwards.
(cd "$WORK" && exec java -jar "$JAR" local -f "$WORK/sources.yaml" --port "$PORT" >"$WORK/runtime.log" 2>&1) &
RT_PID=$!
deadline=$((SECONDS + READY_TIMEOUT))
until grep -qs 'Hookwarden local mode ready' "$WORK/runtime.log"; do
  kill -0 "$RT_PID" 2>/dev/null || fail "the runtime exited before it was ready"
  (( SECONDS < deadline )) || fail "the runtime was not ready within ${READY_TIMEOUT}s"
  sleep 0.5
done
echo "run-with-local-runtime.sh: Hookwarden runtime (pid $RT_PID) ready on http://127.0.0.1:$PORT"

HOOKWARDEN_URL="http://127.0.0.1:$PORT" HOOKWARDEN_SECRET="$SECRET" "$HERE/run-tests.sh"
