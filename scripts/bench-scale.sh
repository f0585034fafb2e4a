#!/usr/bin/env bash
# Scale benchmark on the embedded cluster: watch connections, heap per application and the
# Running-event latency of shared informers against per-application polling. Builds in the
# reactor; installs nothing into the local Maven repository; needs no servers.
# Usage: scripts/bench-scale.sh [applications] [poll interval]   (default 1000 PT2S)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl deploy-k8s -am -Pbench-scale -DskipTests verify \
  -Dbench.apps="${1:-1000}" -Dbench.poll="${2:-PT2S}"
