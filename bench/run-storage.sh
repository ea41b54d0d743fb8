#!/usr/bin/env bash
# Storage benchmarks, no Docker needed: DatasetArchive.pack against `tar czf`, and run status from
# one bucket listing against reading every result.json (both against the in-test FakeGcsServer).
# Usage: bash bench/run-storage.sh [PACK_MB] [RESULTS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
cp="target/classes:target/test-classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
java -cp "$cp" dev.arena.bench.PackingBench "${1:-300}"
java -cp "$cp" dev.arena.bench.BucketStatusBench "${2:-10000}" "${3:-3}"
