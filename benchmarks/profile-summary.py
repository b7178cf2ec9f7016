#!/usr/bin/env python3
"""Where a process's CPU went, from an async-profiler collapsed-stacks file (benchmarks/run.sh with
BENCH_PROFILE): each sample charged to the deepest layer on its stack (so a syscall made by the
store counts as kernel, the store's own code as store; the shares add up to 100 %), then the
hottest frames by self time.
Usage: profile-summary.py FILE.collapsed [TOP]"""
import collections
import sys

# Layer -> substrings of a frame that put a sample in it, first match per layer.
LAYERS = [
    ("JIT compiler threads", ("CompileBroker::", "C2Compiler::", "Compilation::")),
    ("garbage collector", ("GCTaskThread", "G1", "ParallelGC", "PSScavenge", "ParallelScavenge", "ConcurrentGCThread", "WorkerThread::run")),
    ("kernel (syscalls, network, scheduler)", ("_[k]",)),
    ("HTTP server (Netty, Vert.x)", ("io/netty/", "io/vertx/core/http", "io.netty.", "io.vertx.core.http")),
    ("router and framework errors", ("io/vertx/ext/web", "io/quarkus/vertx", "io/hookwarden/runtime/http")),
    ("ingest handler", ("io/hookwarden/runtime/ingest",)),
    ("signature verification", ("io/hookwarden/runtime/verify",)),
    ("JSON (Jackson)", ("com/fasterxml/jackson",)),
    ("store and group commit", ("io/hookwarden/runtime/store",)),
    ("PostgreSQL driver", ("org/postgresql",)),
    ("outbox relay", ("io/hookwarden/runtime/outbox",)),
    ("worker", ("io/hookwarden/runtime/worker",)),
    ("AWS SDK", ("software/amazon/awssdk",)),
    ("metrics (Micrometer)", ("io/micrometer",)),
    ("logging", ("org/jboss/logmanager", "org/jboss/logging")),
]

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
stacks = []
for line in open(path):
    stack, _, count = line.rstrip("\n").rpartition(" ")
    if stack:
        stacks.append((stack.split(";"), int(count)))
total = sum(n for _, n in stacks)
if not total:
    sys.exit("no samples in " + path)
print(f"{total} samples (1 ms of CPU each)")
def layer(frames):
    for frame in reversed(frames):
        for name, markers in LAYERS:
            if any(m in frame for m in markers):
                return name
    return "other (JVM runtime, JDK, threads)"


by_layer = collections.Counter()
for frames, count in stacks:
    by_layer[layer(frames)] += count
for name, n in by_layer.most_common():
    print(f"  {100 * n / total:5.1f} %  {name}")
self_time = collections.Counter()
for frames, count in stacks:
    self_time[frames[-1]] += count
print("hottest frames (self):")
for frame, n in self_time.most_common(top):
    print(f"  {100 * n / total:5.1f} %  {frame}")
