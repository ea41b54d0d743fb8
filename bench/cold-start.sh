#!/usr/bin/env bash
# Per-task cold start in the pod's shape: a second, isolated Docker daemon with an empty image
# store, the dataset downloaded from a storage test double, then (a) the build from the dataset
# against (b) a pull of the prebuilt image by digest from a local registry (Debian's
# docker-registry). See bench/README.md.
# Needs root, Docker (the main daemon running), docker-registry, and the base image
# (eval "$(bash scripts/local-base-image.sh)").
# Usage: bash bench/cold-start.sh [ROUNDS] [DATASETS]   # defaults: 5, py-textkit,js-inventory,c-toolchain
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
datasets="${2:-py-textkit,js-inventory,c-toolchain}"

docker version >/dev/null 2>&1 || { echo "the main Docker daemon is not running (see docs: setsid dockerd &)" >&2; exit 1; }
command -v docker-registry >/dev/null || { echo "docker-registry is missing: apt-get install -y docker-registry" >&2; exit 1; }
eval "$(bash scripts/local-base-image.sh)"
export ARENA_BUILD_ARGS

mvn -B -q test-compile
# to a file, not stdout: Maven wraps its stdout in colour codes that would spoil the first and last entries
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"

work="$(mktemp -d /tmp/arena-coldstart.XXXXXX)"
bridge="arena-cs$(( $$ % 100000 ))"
dockerd_pid=""
registry_pid=""
subnet=""

cleanup() {
  set +e
  if [[ -n "$dockerd_pid" ]]; then
    kill "$dockerd_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$dockerd_pid" 2>/dev/null
  fi
  [[ -n "$registry_pid" ]] && kill "$registry_pid" 2>/dev/null
  ip link show "$bridge" >/dev/null 2>&1 && ip link del "$bridge"
  # the masquerade rule dockerd may leave for its bridge's subnet
  if [[ -n "$subnet" ]]; then
    iptables -t nat -S POSTROUTING 2>/dev/null | grep -F -- "-s $subnet " | sed 's/^-A /-D /' \
      | while read -r rule; do eval iptables -t nat "$rule"; done
  fi
  # overlay mounts left by a daemon that did not stop cleanly
  grep -F " $work/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# a bridge of the fresh daemon's own, on a /16 no interface uses yet (never --bridge=none)
for n in 29 30 31 28 27 26; do
  if ! ip -4 addr | grep -q "inet 172\.$n\."; then subnet="172.$n.0.0/16"; break; fi
done
[[ -n "$subnet" ]] || { echo "no free 172.26-31.0.0/16 subnet for the bridge" >&2; exit 1; }
ip link add "$bridge" type bridge
ip addr add "${subnet%.0.0/16}.0.1/16" dev "$bridge"
ip link set "$bridge" up

# the registry: its own storage folder, a free port on 127.0.0.1
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$work/registry"
cat >"$work/registry/config.yml" <<CONF
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry/data
http:
  addr: 127.0.0.1:$port
CONF
docker-registry serve "$work/registry/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!

# the fresh daemon: its own data root, exec root, pidfile, socket and bridge
mkdir -p "$work/d"
dockerd --bridge="$bridge" --data-root="$work/d/data" --exec-root="$work/d/exec" --pidfile="$work/d/docker.pid" \
  -H "unix://$work/d/docker.sock" --storage-driver=overlay2 >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
fresh="unix://$work/d/docker.sock"

for _ in $(seq 1 100); do
  docker -H "$fresh" version >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
  sleep 0.2
done
docker -H "$fresh" version >/dev/null || { echo "the fresh daemon did not start:" >&2; tail -20 "$work/dockerd.log" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null || { echo "the registry did not start:" >&2; tail -20 "$work/registry.log" >&2; exit 1; }
echo "fresh daemon $fresh (bridge $bridge, $subnet), registry 127.0.0.1:$port, work folder $work" >&2

echo "load before: $(cat /proc/loadavg)" >&2
java -cp "$cp" dev.arena.bench.ColdStartBench "$rounds" "$datasets" "$fresh" "127.0.0.1:$port" "$work"
echo "load after: $(cat /proc/loadavg)" >&2
