#!/usr/bin/env bash
# Storage benchmarks, no Docker needed: DatasetArchive.pack against `tar czf`, and run status from
# one bucket listing against reading every result.json (both against the in-test FakeGcsServer).
# Usage: bash bench/run-storage.sh [PACK_MB] [RESULTS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
# to a file, not stdout: Maven wraps its stdout in colour codes that would spoil the first and last entries
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
java -cp "$cp" dev.arena.bench.PackingBench "${1:-300}"
java -cp "$cp" dev.arena.bench.BucketStatusBench "${2:-10000}" "${3:-3}"
