#!/usr/bin/env bash
# Delivery throughput of one worker process on this machine: events already queued on ElasticMQ
# (standard queue) and stored in PostgreSQL, delivered to a local HTTP sink that answers 200 at once.
# Everything runs locally (embedded PostgreSQL, embedded ElasticMQ, sink and worker on 127.0.0.1).
#   ingest-runtime/bench/worker-bench.sh [events=50000] [concurrency=128] [pollers=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl ingest-runtime -am test-compile -DskipTests
./mvnw -B -q -pl ingest-runtime dependency:build-classpath -Dmdep.outputFile="$PWD/ingest-runtime/target/bench.classpath" \
    -Dmdep.includeScope=test
# This checkout's api classes first, ahead of any hookwarden-api jar in the local repository.
classpath="ingest-runtime/target/test-classes:ingest-runtime/target/classes:api/target/classes:$(cat ingest-runtime/target/bench.classpath)"
exec java -Xms1g -Xmx2g -XX:+UseParallelGC \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -Dorg.jboss.logging.provider=jboss -Dlogging.configuration=none \
    -cp "$classpath" io.hookwarden.runtime.worker.WorkerBenchmark "$@"
