#!/usr/bin/env bash
# Image build and push benchmark: first build+push of a release, redeploy of the unchanged
# release (time and layer bytes uploaded, which must be 0), Jib builder vs Docker builder on the
# same content as a ratio measured in the same run. Builds in the reactor; installs nothing into
# the local Maven repository.
# Usage: scripts/bench-images.sh [rounds]   (default 5; needs root for the Docker engine)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-servers.sh start
eval "$(scripts/test-servers.sh env)"
mvn -B -q -pl deploy-registry -am -Pbench-images -DskipTests verify -Dexec.args="${1:-5}"
