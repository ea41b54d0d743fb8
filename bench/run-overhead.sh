#!/usr/bin/env bash
# Measures arena's own overhead per task against a plain `docker run` of the same image.
# Needs Docker and the base image (eval "$(bash scripts/local-base-image.sh)").
# Usage: bash bench/run-overhead.sh [ROUNDS] [DATASETS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
cp="target/classes:target/test-classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
exec java -cp "$cp" dev.arena.bench.HarnessOverheadBench "${1:-10}" "${2:-py-textkit,js-inventory}"
