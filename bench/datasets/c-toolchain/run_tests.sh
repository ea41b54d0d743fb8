#!/usr/bin/env bash
# Grader for one task: builds the library with its own tests and the task's hidden tests,
# then runs both. Usage: cd /app && bash ./run_tests.sh <task-id>   (exit status 0 iff all pass)
set -uo pipefail

task_id="${1:?usage: run_tests.sh <task-id>}"
cd "$(dirname "$0")"

if [ ! -f "tasks/$task_id/task_tests.c" ]; then
  echo "no tests for task '$task_id' (expected tasks/$task_id/task_tests.c)" >&2
  exit 2
fi

passed=0
failed=0
if cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug -DTASK_TESTS="$PWD/tasks/$task_id/task_tests.c" >/dev/null \
    && cmake --build build -- -s 2>&1; then
  for t in test_strbuf task_tests; do
    if "./build/$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done
else
  echo "the build failed" >&2
  failed=2
fi
# one test per program: the project's own and the task's hidden one
echo "Results: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
