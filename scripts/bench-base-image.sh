#!/usr/bin/env bash
# Deploying releases on a large base image (3 layers of 20 MiB of random bytes): the archive path
# (Jib writes a tar, the registry client pushes it) against Jib from registry to registry. Prints
# the bytes downloaded from and uploaded to the registry (counted at a proxy in front of it), the
# wall time and the ratios. Builds only what it needs; installs nothing into the local repository.
# Usage: scripts/bench-base-image.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-servers.sh start
eval "$(scripts/test-servers.sh env)"
mvn -B -q verify -pl deploy-registry -am \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=BaseImageBench -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
