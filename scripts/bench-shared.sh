#!/usr/bin/env bash
# Deployment services sharing a PostgreSQL store, on the embedded cluster: deploys per minute with
# 1 and 3 instances, JDBC statements per deploy, and the takeover time (p50/p99) of the
# applications of an instance cut off from the database. Starts (and stops) PostgreSQL only;
# builds in the reactor; installs nothing into the local Maven repository.
# Usage: scripts/bench-shared.sh [applications per run] [lease ms]   (default 12 3000)
set -euo pipefail
cd "$(dirname "$0")/.."

trap 'scripts/test-servers.sh stop postgresql' EXIT
scripts/test-servers.sh install
scripts/test-servers.sh start postgresql
eval "$(scripts/test-servers.sh env)"
mvn -B -q -Pbench-shared -pl deploy-testkit -am -DskipTests -Dmaven.javadoc.skip package \
  -Dbench.apps="${1:-12}" -Dbench.lease="${2:-3000}"
