#!/usr/bin/env bash
# Image build and push benchmark: first build+push of a release, redeploy of the unchanged
# release (time and layer bytes uploaded, which must be 0), Jib builder vs Docker builder on the
# same content as a ratio measured in the same run.
# Usage: scripts/bench-images.sh [rounds]   (default 5; needs root for the Docker engine)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-servers.sh start
eval "$(scripts/test-servers.sh env)"
mvn -B -q install -pl deploy-registry -am -DskipTests
mvn -B -q -pl deploy-registry test-compile exec:java@bench -Dexec.args="${1:-5}"
