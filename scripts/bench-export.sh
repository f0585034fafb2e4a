#!/usr/bin/env bash
# Helm export benchmark: export time and zip size for 10 connectors against none. Builds in the
# reactor; installs nothing into the local Maven repository; needs no servers.
# Usage: scripts/bench-export.sh [warmup] [samples]   (default 300 2000)
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -pl deploy-helm -am -Pbench-export -DskipTests verify -Dexec.args="${1:-300} ${2:-2000}"
