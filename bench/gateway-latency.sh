#!/usr/bin/env bash
# Measures the model gateway's added latency per call against calling the test upstream directly,
# for the Messages, Chat Completions and Responses APIs, whole and streamed. No Docker, no network.
# Usage: bash bench/gateway-latency.sh [ROUNDS] [CALLS_PER_ROUND]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
# to a file, not stdout: Maven wraps its stdout in colour codes that would spoil the first and last entries
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
exec java -cp "$cp" dev.arena.bench.GatewayLatencyBench "${1:-20}" "${2:-50}"
