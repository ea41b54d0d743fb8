#!/usr/bin/env bash
# Measures `arena report` over a generated run (default 10,000 tasks with patches, test logs and
# trajectories) against `arena status --json` over the same run, and the page in headless chromium.
# Needs no Docker; the browser part needs `apt-get install -y chromium chromium-driver`.
# Usage: bash bench/run-report.sh [TASKS] [ROUNDS] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
cp="target/classes:target/test-classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
exec java -cp "$cp" dev.arena.bench.ReportBench "${1:-10000}" "${2:-5}" ${3:+"$3"}
