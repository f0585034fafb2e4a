#!/usr/bin/env bash
# Update benchmark: the sample expenses application updated 5 times to a release that differs in
# one file (update time, median of 5, and bytes pushed for each), then to a version whose runtime
# bundle crashes (time until it is rolled back and Running again), with the longest time any
# service had no ready pod during all of it. Builds in the reactor; installs nothing.
# Usage: scripts/bench-update.sh [local|embedded]
#   local (default): on the real single-node cluster; needs root, starts the test servers and the
#   local cluster, and stops them at the end. embedded: on the embedded cluster, with the real
#   registry of the test servers (started and stopped here too).
set -euo pipefail
cd "$(dirname "$0")/.."
where="${1:-local}"

if [ "$where" = local ]; then
  trap 'scripts/local-cluster.sh stop; scripts/test-servers.sh stop' EXIT
else
  trap 'scripts/test-servers.sh stop' EXIT
fi
scripts/test-servers.sh install
scripts/test-servers.sh start
eval "$(scripts/test-servers.sh env)"
if [ "$where" = local ]; then
  scripts/local-cluster.sh start
  eval "$(scripts/local-cluster.sh env)"
fi
mvn -B -q -Pbench-update -pl deploy-k8s -am -DskipTests verify -Dbench.update.cluster="$where"
