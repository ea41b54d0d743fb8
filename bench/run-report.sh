#!/usr/bin/env bash
# Measures `arena report` over a generated run (default 10,000 tasks with patches, test logs and
# trajectories) against `arena status --json` over the same run, and the page in headless chromium.
# Needs no Docker; the browser part needs `apt-get install -y chromium chromium-driver`.
# Usage: bash bench/run-report.sh [TASKS] [ROUNDS] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
# to a file, not stdout: Maven wraps its stdout in colour codes that would spoil the first and last entries
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
exec java -cp "$cp" dev.arena.bench.ReportBench "${1:-10000}" "${2:-5}" ${3:+"$3"}
