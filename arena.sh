#!/usr/bin/env bash
# Runs arena, building the jar first when it is missing or older than the sources.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/arena.jar"
if [[ ! -f "$jar" || -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
  echo "building arena (mvn package)..." >&2
  # some Maven builds (Debian's 3.8) print colour resets even in batch mode with style.color=never: strip them
  (cd "$here" && mvn -B -q -Dstyle.color=never -DskipTests package 2>&1 | sed $'s/\x1b\\[[0-9;]*m//g' >&2) \
    || { echo "arena.sh: the build failed; run 'mvn -B package' to see why" >&2; exit 1; }
fi
exec java ${ARENA_JAVA_OPTS:-} -jar "$jar" "$@"
