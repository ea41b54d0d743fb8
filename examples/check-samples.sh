#!/usr/bin/env bash
# Checks the sample datasets under examples/datasets/ with Docker.
#
#   bash examples/check-samples.sh [BASE_IMAGE]      (default: arena-base:bookworm)
#
# For each dataset the image is built from a copy of the folder WITHOUT tasks/
# (proving the Dockerfile does not need them) and the project's own tests must
# pass in it. Then, for each task, run_tests.sh and tasks/<id>/ are copied into
# /app of a fresh container (no network) and graded twice:
#   null   - unmodified code: run_tests.sh must fail (exit 1: tests failed)
#   oracle - after committing a baseline and `git apply` of task_diff.txt: exit 0
# Prints "<dataset>/<task> null=fail oracle=pass" per task; exits 1 on any mismatch.
set -uo pipefail

base_image="${1:-arena-base:bookworm}"
root="$(cd "$(dirname "$0")" && pwd)/datasets"
work="$(mktemp -d /tmp/check-samples.XXXXXX)"
trap '[ -n "${KEEP_LOGS:-}" ] && echo "logs kept in $work" >&2 || rm -rf "$work"' EXIT
status=0

own_tests_cmd() {
  case "$1" in
    py-*) echo 'python3 -m pytest -q -p no:cacheprovider tests' ;;
    js-*) echo 'node test/runner.js test/*.test.js' ;;
    *) echo 'false' ;;
  esac
}

# grade <image> <dataset dir> <task id> <null|oracle> <log file>: prints the exit status
grade() {
  local image="$1" dir="$2" id="$3" mode="$4" log="$5" script
  script='set -e; cd /app; tar -x'
  if [ "$mode" = oracle ]; then
    script+='; git init -q; git add -A'
    script+='; git -c user.name=check -c user.email=check@example.invalid commit -qm baseline'
    script+="; git apply tasks/$id/task_diff.txt"
  fi
  script+="; set +e; bash ./run_tests.sh $id"
  tar -C "$dir" -c run_tests.sh "tasks/$id" \
    | docker run --rm -i --network none "$image" bash -c "$script" >"$log" 2>&1
  echo $?
}

show_log() {
  echo "---- $1 (last 25 lines)" >&2
  tail -n 25 "$1" >&2
}

for dir in "$root"/*/; do
  dir="${dir%/}"
  ds="$(basename "$dir")"
  [ -f "$dir/Dockerfile" ] || continue
  image="arena-sample-$ds:check"

  ctx="$work/context-$ds"
  mkdir -p "$ctx"
  tar -C "$dir" --exclude=./tasks -c . | tar -C "$ctx" -x
  if ! docker build --build-arg BASE_IMAGE="$base_image" -t "$image" "$ctx" >"$work/$ds.build.log" 2>&1; then
    echo "$ds build=fail"
    show_log "$work/$ds.build.log"
    status=1
    continue
  fi

  if docker run --rm --network none "$image" bash -c "cd /app && $(own_tests_cmd "$ds")" >"$work/$ds.own.log" 2>&1; then
    echo "$ds build=ok own-tests=pass"
  else
    echo "$ds build=ok own-tests=fail"
    show_log "$work/$ds.own.log"
    status=1
  fi

  for task_dir in "$dir"/tasks/*/; do
    task_dir="${task_dir%/}"
    id="$(basename "$task_dir")"
    diff_file="$task_dir/task_diff.txt"
    problems=""
    for f in task_description.txt task_diff.txt; do
      [ -s "$task_dir/$f" ] || problems+=" missing-$f"
    done
    ls "$task_dir"/task_tests.* >/dev/null 2>&1 || problems+=" missing-task_tests"
    if grep -Eq '^(\+\+\+|---) [ab]/tasks/|^diff --git a/tasks/' "$diff_file" 2>/dev/null; then
      problems+=" diff-touches-tasks"
    fi

    rc_null="$(grade "$image" "$dir" "$id" null "$work/$ds-$id.null.log")"
    rc_oracle="$(grade "$image" "$dir" "$id" oracle "$work/$ds-$id.oracle.log")"
    # The null run must fail because tests fail (exit 1), not because the
    # grader or the container broke (pytest 2-5, tar, docker 125-127, ...).
    case "$rc_null" in 0) null=pass ;; 1) null=fail ;; *) null="error(rc=$rc_null)" ;; esac
    [ "$rc_oracle" = 0 ] && oracle=pass || oracle=fail

    echo "$ds/$id null=$null oracle=$oracle${problems}"
    if [ "$null" != fail ]; then show_log "$work/$ds-$id.null.log"; status=1; fi
    if [ "$oracle" != pass ]; then show_log "$work/$ds-$id.oracle.log"; status=1; fi
    [ -z "$problems" ] || status=1
  done
done

exit "$status"
