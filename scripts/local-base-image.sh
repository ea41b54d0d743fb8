#!/usr/bin/env bash
# Builds the local base image that the bundled sample datasets use on machines without
# registry access, and prints the one line that points arena at it:
#
#   eval "$(bash scripts/local-base-image.sh)"
#
# The image is a Debian bookworm root made by debootstrap with what the samples need
# (python3 + pytest, node, git). It is cached: nothing is rebuilt when the tag exists.
set -euo pipefail

TAG="${ARENA_LOCAL_BASE_IMAGE:-arena-base:bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="python3,python3-pytest,nodejs,git,patch,ca-certificates"

if ! docker image inspect "$TAG" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  root="$(mktemp -d /tmp/arena-base.XXXXXX)"
  trap 'rm -rf "$root"' EXIT
  echo "building $TAG with debootstrap (about two minutes)..." >&2
  debootstrap --variant=minbase --include="$PACKAGES" bookworm "$root" "$MIRROR" >"$root.log" 2>&1 \
    || { echo "debootstrap failed, see $root.log" >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$TAG" >/dev/null
  echo "built $TAG" >&2
else
  echo "$TAG already present" >&2
fi
echo "export ARENA_BUILD_ARGS=BASE_IMAGE=$TAG"
