#!/usr/bin/env bash
# Measures arena's own overhead per task against a plain `docker run` of the same image.
# Needs Docker and the base image (eval "$(bash scripts/local-base-image.sh)").
# Usage: bash bench/run-overhead.sh [ROUNDS] [DATASETS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
# to a file, not stdout: Maven wraps its stdout in colour codes that would spoil the first and last entries
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
exec java -cp "$cp" dev.arena.bench.HarnessOverheadBench "${1:-10}" "${2:-py-textkit,js-inventory}"
