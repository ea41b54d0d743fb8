#!/usr/bin/env bash
# Starting runs of many tasks: one Indexed Job against one Job per task, against the mock API
# server (no Docker, no cluster). Usage: bash bench/job-submission.sh [SIZES]   (default 1000,10000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
cp="target/classes:target/test-classes:$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)"
exec java -cp "$cp" dev.arena.bench.JobSubmissionBench "${1:-1000,10000}"
