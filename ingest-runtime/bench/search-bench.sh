#!/usr/bin/env bash
# The event console's queries on a large events table (default 1,000,000 events over four sources and
# about three days, 1% dead-lettered) in embedded PostgreSQL: median and p95 per query, and the plan of
# the list's first page.
#   ingest-runtime/bench/search-bench.sh [events=1000000] [runs=25]
set -euo pipefail
cd "$(dirname "$0")/../.."
# In one reactor run, so hookwarden-api resolves to this checkout's classes (nothing installed).
./mvnw -B -q -pl ingest-runtime -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$PWD/ingest-runtime/target/search-bench.classpath" -Dmdep.includeScope=test
classpath="ingest-runtime/target/test-classes:ingest-runtime/target/classes:$(cat ingest-runtime/target/search-bench.classpath)"
exec java -Xms256m -Xmx1g \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dorg.jboss.logging.provider=jboss -Dlogging.configuration=none \
    -cp "$classpath" io.hookwarden.runtime.store.EventSearchBenchmark "$@"
