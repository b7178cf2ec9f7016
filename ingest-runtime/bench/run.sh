#!/usr/bin/env bash
# Ingest benchmark: starts local mode (embedded PostgreSQL with synchronous commit, embedded SQS),
# drives unique signed ~1 KB webhooks with wrk for a fixed time, then checks every 2xx is a row.
#   ingest-runtime/bench/run.sh [DURATION_SECONDS] [CONNECTIONS]
# BENCH_RELAY=off measures the ingest path alone: the outbox relay (and so the embedded SQS,
# which shares these two cores) stays idle, as on an ingest-only pod.
set -euo pipefail
duration=${1:-30}
connections=${2:-64}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/ingest-runtime/target/quarkus-app/quarkus-run.jar"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 2; }
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -pl api,ingest-runtime -am package -DskipTests)

work=$(mktemp -d)
port=$((20000 + RANDOM % 10000))
cat > "$work/bench.yaml" <<YAML
apiVersion: v1
kind: Secret
metadata: {name: bench, namespace: bench}
stringData: {secret: bench-secret}
---
apiVersion: hookwarden.io/v1alpha1
kind: WebhookSource
metadata: {name: bench, namespace: bench}
spec:
  verification: {scheme: hmac-sha256-v1, secretRef: {name: bench, key: secret}}
YAML

relay=${BENCH_RELAY:-on}
relay_enabled=true
[ "$relay" = off ] && relay_enabled=false
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} -Dquarkus.log.level=WARN -Dhookwarden.relay.enabled=$relay_enabled \
  -jar "$jar" local -f "$work/bench.yaml" --port "$port" --data-dir "$work/data" > "$work/runtime.log" 2>&1 &
runtime=$!
cleanup() { kill "$runtime" 2>/dev/null; wait "$runtime" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  grep -q "local mode ready" "$work/runtime.log" && break
  kill -0 "$runtime" 2>/dev/null || { cat "$work/runtime.log" >&2; exit 1; }
  sleep 0.5
done
jdbc=$(grep -o 'jdbc:postgresql://[^ ]*' "$work/runtime.log" | head -1)
pg_port=$(echo "$jdbc" | sed -E 's#.*:([0-9]+)/.*#\1#')

echo "warming up (5 s)..."
BENCH_RUN="warmup-$$" wrk -t2 -c"$connections" -d5s -s "$here/signed-requests.lua" "http://127.0.0.1:$port" > /dev/null
sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc "$1"; }
count() { sql "SELECT count(*) FROM events WHERE source = 'bench'"; }
before=$(count)

echo "measuring ${duration} s with $connections connections..."
BENCH_RUN="measure-$$" wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s "$here/signed-requests.lua" "http://127.0.0.1:$port" | tee "$work/wrk.txt"
line=$(grep '^BENCH' "$work/wrk.txt")
get() { echo "$line" | grep -o "$1=[0-9]*" | cut -d= -f2; }
requests=$(get requests); micros=$(get duration_us); non2xx=$(get non2xx); socket=$(get socket_errors)
after=$(count)
stored=$((after - before))
drain=""
if [ "$relay" = on ]; then
  # The outbox absorbs what SQS could not take during the run; time how long it takes to empty.
  drain_start=$SECONDS
  pending=$(sql "SELECT count(*) FROM events WHERE status = 'received'")
  initial=$pending
  while [ "$pending" -gt 0 ] && [ $((SECONDS - drain_start)) -lt 300 ]; do
    sleep 1
    pending=$(sql "SELECT count(*) FROM events WHERE status = 'received'")
  done
  queued=$(sql "SELECT count(*) FROM events WHERE status = 'queued'")
  drain="outbox after run: $initial pending, empty after $((SECONDS - drain_start)) s ($pending left); $queued events on SQS"
fi
ok=$((requests - non2xx - socket))
echo
echo "== Hookwarden ingest benchmark (relay $relay, ${duration} s, $connections connections) =="
awk -v r="$requests" -v us="$micros" -v ok="$ok" -v e="$non2xx" -v s="$socket" -v st="$stored" \
    -v p50="$(get p50_us)" -v p99="$(get p99_us)" 'BEGIN {
  printf "accepted req/s : %.0f\n", ok / (us / 1e6)
  printf "latency p50    : %.1f ms\n", p50 / 1000
  printf "latency p99    : %.1f ms\n", p99 / 1000
  printf "errors         : %d non-2xx, %d socket\n", e, s
  printf "2xx answers    : %d\n", ok
  printf "rows stored    : %d (%s)\n", st, (st >= ok ? "every 2xx is in PostgreSQL; any extra were in flight when wrk stopped" : "MISSING ROWS")
}'
[ -z "$drain" ] || echo "$drain"
[ "$stored" -ge "$ok" ] && [ "$non2xx" -eq 0 ] && [ "$socket" -eq 0 ]
