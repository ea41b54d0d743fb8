#!/usr/bin/env bash
# Grader for one task: runs the project's own tests plus the task's hidden tests.
# Usage: cd /app && bash ./run_tests.sh <task-id>   (exit status 0 iff all pass)
set -uo pipefail

task_id="${1:?usage: run_tests.sh <task-id>}"
cd "$(dirname "$0")"

if [ ! -f "tasks/$task_id/task_tests.py" ]; then
  echo "no tests for task '$task_id' (expected tasks/$task_id/task_tests.py)" >&2
  exit 2
fi

python3 -m pytest -rA -p no:cacheprovider tests "tasks/$task_id/task_tests.py"
exit $?
