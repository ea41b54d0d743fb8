#!/usr/bin/env bash
# Starting runs of many tasks: one Indexed Job against one Job per task, against the mock API
# server (no Docker, no cluster). Usage: bash bench/job-submission.sh [SIZES]   (default 1000,10000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
# to a file, not stdout: Maven wraps its stdout in colour codes that would spoil the first and last entries
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
exec java -cp "$cp" dev.arena.bench.JobSubmissionBench "${1:-1000,10000}"
