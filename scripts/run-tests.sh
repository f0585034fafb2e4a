#!/usr/bin/env bash
# Runs every test of ProcessDeploy: installs what is missing (Debian/Ubuntu, as root or with sudo),
# starts a real OCI registry (plain and with basic auth) and a real Docker engine, runs
# `mvn verify` (unit tests, integration tests, the Helm tests with real Helm), then stops the servers.
# Extra arguments go to Maven, e.g. scripts/run-tests.sh -pl deploy-registry -am
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/test-servers.sh install
trap 'scripts/test-servers.sh stop || echo "run-tests: could not stop every test server; see scripts/test-servers.sh status" >&2' EXIT
scripts/test-servers.sh start
eval "$(scripts/test-servers.sh env)"

mvn -B verify "$@"
