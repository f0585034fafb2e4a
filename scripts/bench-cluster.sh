#!/usr/bin/env bash
# Real-cluster benchmark: deploy time of the sample expenses application (median of 5) and the
# delay of the RUNNING event after the last pod became ready (p50/p99 over N applications, default
# 50), shared informers against per-application polling measured in the same run.
# Usage: scripts/bench-cluster.sh [applications]   (needs root: it starts the test servers and
# the local cluster, and stops them at the end)
set -euo pipefail
cd "$(dirname "$0")/.."

trap 'scripts/local-cluster.sh stop; scripts/test-servers.sh stop' EXIT
scripts/test-servers.sh install
scripts/test-servers.sh start
scripts/local-cluster.sh start
eval "$(scripts/test-servers.sh env)"
eval "$(scripts/local-cluster.sh env)"
mvn -B -q -Pbench-cluster -pl deploy-k8s -am -DskipTests verify -Dbench.cluster.apps="${1:-50}"
