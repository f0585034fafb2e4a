#!/usr/bin/env bash
# Runs every test of ProcessDeploy: installs what is missing (Debian/Ubuntu, as root or with sudo),
# starts a real OCI registry (plain and with basic auth), a real Docker engine and a real
# single-node Kubernetes cluster (built once from Debian's sources and cached, see
# scripts/local-cluster.sh), runs `mvn verify` (unit tests, integration tests on the embedded and
# on the real cluster, the Helm tests with real Helm), runs the demo once on the real cluster,
# then stops everything it started.
# Extra arguments go to Maven, e.g. scripts/run-tests.sh -pl deploy-registry -am
set -euo pipefail
cd "$(dirname "$0")/.."

stop_all() {
  scripts/local-cluster.sh stop || echo "run-tests: could not stop the local cluster; see scripts/local-cluster.sh status" >&2
  scripts/test-servers.sh stop || echo "run-tests: could not stop every test server; see scripts/test-servers.sh status" >&2
}

scripts/test-servers.sh install
scripts/local-cluster.sh install
trap stop_all EXIT
scripts/test-servers.sh start
scripts/local-cluster.sh start
eval "$(scripts/test-servers.sh env)"
eval "$(scripts/local-cluster.sh env)"

mvn -B verify "$@"
if [ $# -eq 0 ]; then
  # The demo on the real cluster: the same main job as -Pdemo, with real containers.
  mvn -B -q -Pdemo -DskipTests package -pl deploy-testkit -am -Dprocessdeploy.demo.kubeconfig="$PROCESSDEPLOY_KUBECONFIG"
fi
