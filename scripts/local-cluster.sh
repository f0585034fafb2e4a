#!/usr/bin/env bash
# A real single-node Kubernetes cluster on this machine: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and a kubelet running pods on its own Docker engine.
# Everything comes from Debian's packages: the Kubernetes binaries are built once from Debian's
# `kubernetes` source package (1.20) and cached outside the clone.
#
# Usage: scripts/local-cluster.sh install|build|start|stop|status|env|logs
#   install  installs the Debian packages the cluster needs (Go, etcd, docker.io, busybox-static, ...)
#   build    builds the cluster binaries and the pause image unless they are cached already
#   start    installs and builds when needed, starts the cluster and waits until its node is Ready
#   stop     stops everything start started and removes the cluster's state (not the cache)
#   status   says what runs
#   env      prints the export lines the tests read (KUBECONFIG, PROCESSDEPLOY_REAL_CLUSTER, ...)
#   logs     prints the tail of every component's log
#
# The cluster's API server listens on https://127.0.0.1:6443; its kubeconfig is
# $PROCESSDEPLOY_CLUSTER_DIR/kubeconfig (default /var/tmp/processdeploy-cluster/kubeconfig).
# Pods get addresses on the bridge pd-cluster0 (172.30.99.0/24) and pull images from registries
# on loopback. Built binaries are cached in $PROCESSDEPLOY_CACHE_DIR (default
# /var/cache/processdeploy), so only the first run on a machine builds (about 8 minutes).
set -euo pipefail

K8S_VERSION=1.20.2
CACHE_DIR=${PROCESSDEPLOY_CACHE_DIR:-/var/cache/processdeploy}
BIN_DIR=$CACHE_DIR/kubernetes-$K8S_VERSION/bin
CLUSTER_DIR=${PROCESSDEPLOY_CLUSTER_DIR:-/var/tmp/processdeploy-cluster}
SOCKET_DIR=/var/run/processdeploy
NODE_DOCKER_SOCKET=$SOCKET_DIR/cluster-docker.sock
BRIDGE=pd-cluster0
BRIDGE_CIDR=172.30.99.1/24
NODE_IP=172.30.99.1
API_PORT=6443
NODE_NAME=node-1
# The default StorageClass (host-path volumes under /tmp, made by the controller manager).
STORAGE_CLASS=local-hostpath
HOSTPATH_VOLUMES=/tmp/hostpath_pv
PAUSE_IMAGE=k8s.gcr.io/pause:3.2
PACKAGES=(golang-go etcd-server rsync docker.io busybox-static openssl curl iproute2 gcc make
  golang-github-modern-go-reflect2-dev dpkg-dev)
# Bumped whenever the way the binaries are built changes, so that cached binaries are rebuilt.
RECIPE=2
REFLECT2=/usr/share/gocode/src/github.com/modern-go/reflect2

log() { echo "local-cluster: $*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=lib/daemons.sh
. "$(dirname "$0")/lib/daemons.sh"

apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found; install $* by hand"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

cmd_install() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "cluster packages are installed"
  else
    log "installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

binaries_cached() {
  [ "$(cat "$BIN_DIR/recipe" 2>/dev/null)" = "$RECIPE" ] || return 1
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubelet pause; do
    [ -x "$BIN_DIR/$b" ] || return 1
  done
}

# Adds a deb-src twin of every Debian "deb" source, so that `apt-get source` finds kubernetes.
enable_debian_sources() {
  local src=/etc/apt/sources.list.d/debian.sources twin=/etc/apt/sources.list.d/processdeploy-src.sources
  [ -f "$twin" ] && return 0
  if [ -f "$src" ]; then
    sed 's/^Types: deb$/Types: deb-src/' "$src" | as_root tee "$twin" >/dev/null
  elif [ -f /etc/apt/sources.list ]; then
    grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | as_root tee /etc/apt/sources.list.d/processdeploy-src.list >/dev/null
  else
    die "no Debian apt sources found to add deb-src entries to"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
}

cmd_build() {
  if binaries_cached; then
    log "cluster binaries cached in $BIN_DIR"
    return 0
  fi
  cmd_install
  enable_debian_sources
  local work=$CACHE_DIR/build
  local tree=$work/gopath/src/k8s.io/kubernetes
  mkdir -p "$work/download" "$BIN_DIR"
  local orig
  orig=$(ls "$work"/download/kubernetes_*.orig.tar.gz 2>/dev/null | head -1 || true)
  if [ -z "$orig" ]; then
    log "downloading Debian's kubernetes source package"
    (cd "$work/download" && apt-get source --download-only kubernetes >/dev/null)
    orig=$(ls "$work"/download/kubernetes_*.orig.tar.gz | head -1)
  fi
  if [ ! -f "$tree/Makefile" ]; then
    log "unpacking $(basename "$orig")"
    rm -rf "$tree" && mkdir -p "$tree"
    tar xzf "$orig" -C "$tree" --strip-components=1
  fi
  # Kubernetes 1.20 vendors reflect2 1.0.1, whose map iteration crashes programs built with Go
  # 1.18 or later ("fatal error: fault" in mapiternext); Debian's reflect2 1.0.2 fixes it.
  rm -rf "$tree/vendor/github.com/modern-go/reflect2"
  cp -r "$REFLECT2" "$tree/vendor/github.com/modern-go/reflect2"
  log "building kube-apiserver, kube-controller-manager, kube-scheduler and kubelet (about 8 minutes)"
  local started=$SECONDS
  (
    cd "$tree"
    export GOPATH=$work/gopath GOCACHE=$CACHE_DIR/gocache GO111MODULE=off GOFLAGS= GOTOOLCHAIN=local
    make generated_files
    make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet"
  ) >"$work/build.log" 2>&1 || { tail -50 "$work/build.log" >&2; die "build failed; log in $work/build.log"; }
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubelet; do
    cp "$tree/_output/bin/$b" "$BIN_DIR/$b"
  done
  gcc -Os -static -o "$BIN_DIR/pause" "$tree/build/pause/linux/pause.c"
  echo "$RECIPE" >"$BIN_DIR/recipe"
  log "built in $((SECONDS - started)) s; binaries in $BIN_DIR"
}

# ---------------------------------------------------------------- start

docker_cli() {
  local cli=docker
  [ -x /usr/bin/docker ] && cli=/usr/bin/docker
  DOCKER_API_VERSION=1.41 "$cli" -H "unix://$NODE_DOCKER_SOCKET" "$@"
}

token() { cat "$CLUSTER_DIR/token"; }

api_ready() {
  curl -sk --max-time 2 -H "Authorization: Bearer $(token)" "https://127.0.0.1:$API_PORT/readyz" | grep -qx ok
}

node_ready() {
  curl -sk --max-time 2 -H "Authorization: Bearer $(token)" \
    "https://127.0.0.1:$API_PORT/api/v1/nodes/$NODE_NAME" \
    | tr -d ' \n' | grep -q '"type":"Ready","status":"True"'
}

# spawn NAME COMMAND... : starts a component in the background, its log and pid in CLUSTER_DIR.
spawn() {
  local name=$1; shift
  nohup "$@" >"$CLUSTER_DIR/$name.log" 2>&1 &
  echo $! >"$CLUSTER_DIR/$name.pid"
}

fail_start() {
  log "$*"
  cmd_logs >&2 || true
  local kept=$CLUSTER_DIR-failed-logs
  rm -rf "$kept" && mkdir -p "$kept" && cp "$CLUSTER_DIR"/*.log "$kept"/ 2>/dev/null || true
  log "complete logs kept in $kept"
  cmd_stop || true
  exit 1
}

write_configuration() {
  mkdir -p "$CLUSTER_DIR/certs" "$CLUSTER_DIR/etcd" "$CLUSTER_DIR/kubelet" "$CLUSTER_DIR/docker/root" \
    "$CLUSTER_DIR/docker/exec" "$SOCKET_DIR"
  [ -f "$CLUSTER_DIR/sa.key" ] || openssl genrsa -out "$CLUSTER_DIR/sa.key" 2048 2>/dev/null
  openssl rsa -in "$CLUSTER_DIR/sa.key" -pubout -out "$CLUSTER_DIR/sa.pub" 2>/dev/null
  [ -f "$CLUSTER_DIR/token" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$CLUSTER_DIR/token"
  echo "$(token),admin,admin,system:masters" >"$CLUSTER_DIR/tokens.csv"
  cat >"$CLUSTER_DIR/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: processdeploy-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: $(token)
contexts:
- name: processdeploy-local
  context: {cluster: processdeploy-local, user: admin}
current-context: processdeploy-local
KUBECONFIG
  chmod 600 "$CLUSTER_DIR/kubeconfig" "$CLUSTER_DIR/tokens.csv" "$CLUSTER_DIR/token"
  # Some container hosts refuse a negative oom_score_adj, which the kubelet gives
  # its pause containers: the node's runtime zeroes it before handing the bundle to runc.
  cat >"$CLUSTER_DIR/runc" <<'RUNC'
#!/bin/sh
bundle=""
prev=""
for arg in "$@"; do
  case "$prev" in --bundle|-b) bundle=$arg ;; esac
  case "$arg" in --bundle=*) bundle=${arg#--bundle=} ;; esac
  prev=$arg
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  sed -i -E 's/"oomScoreAdj":-[0-9]+/"oomScoreAdj":0/' "$bundle/config.json"
fi
exec /usr/sbin/runc "$@"
RUNC
  chmod 755 "$CLUSTER_DIR/runc"
  cat >"$CLUSTER_DIR/kubelet.yaml" <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
failSwapOn: false
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
evictionHard: {memory.available: "50Mi", nodefs.available: "1%", nodefs.inodesFree: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
KUBELET
}

start_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    as_root ip link add "$BRIDGE" type bridge
  fi
  ip addr show dev "$BRIDGE" | grep -q " ${BRIDGE_CIDR%/*}/" || as_root ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  as_root ip link set "$BRIDGE" up
}

start_node_docker() {
  spawn cluster-dockerd dockerd --host "unix://$NODE_DOCKER_SOCKET" \
    --data-root "$CLUSTER_DIR/docker/root" --exec-root "$CLUSTER_DIR/docker/exec" \
    --pidfile "$CLUSTER_DIR/docker/dockerd.pid" --bridge="$BRIDGE" --iptables=false \
    --ip6tables=false --ip-masq=false --storage-driver=vfs \
    --add-runtime "processdeploy-runc=$CLUSTER_DIR/runc" --default-runtime=processdeploy-runc
  wait_for 60 docker_cli version || fail_start "the node's Docker engine did not answer on unix://$NODE_DOCKER_SOCKET"
  if ! docker_cli image inspect "$PAUSE_IMAGE" >/dev/null 2>&1; then
    local tmp
    tmp=$(mktemp -d)
    cp "$BIN_DIR/pause" "$tmp/pause"
    tar -C "$tmp" -cf "$tmp/pause.tar" pause
    docker_cli import -c 'ENTRYPOINT ["/pause"]' "$tmp/pause.tar" "$PAUSE_IMAGE" >/dev/null
    rm -rf "$tmp"
  fi
}

start_control_plane() {
  spawn etcd etcd --data-dir "$CLUSTER_DIR/etcd" --listen-client-urls http://127.0.0.1:2379 \
    --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 \
    --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster default=http://127.0.0.1:2380
  wait_for 60 curl -sf http://127.0.0.1:2379/health || fail_start "etcd did not answer on 127.0.0.1:2379"
  start_apiserver
  spawn kube-controller-manager "$BIN_DIR/kube-controller-manager" --kubeconfig="$CLUSTER_DIR/kubeconfig" \
    --service-account-private-key-file="$CLUSTER_DIR/sa.key" --root-ca-file="$CLUSTER_DIR/certs/apiserver.crt" \
    --leader-elect=false --bind-address=127.0.0.1 --port=0 --use-service-account-credentials=false \
    --enable-hostpath-provisioner=true
  spawn kube-scheduler "$BIN_DIR/kube-scheduler" --kubeconfig="$CLUSTER_DIR/kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --port=0
}

start_apiserver() {
  spawn kube-apiserver "$BIN_DIR/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 \
    --bind-address=127.0.0.1 --advertise-address="$NODE_IP" --secure-port="$API_PORT" --insecure-port=0 \
    --cert-dir="$CLUSTER_DIR/certs" --token-auth-file="$CLUSTER_DIR/tokens.csv" \
    --authorization-mode=Node,RBAC --service-account-key-file="$CLUSTER_DIR/sa.pub" \
    --service-account-signing-key-file="$CLUSTER_DIR/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc --service-cluster-ip-range=10.96.0.0/16 \
    --kubelet-preferred-address-types=InternalIP
  wait_for 90 api_ready || fail_start "kube-apiserver did not become ready on https://127.0.0.1:$API_PORT"
}

start_kubelet() {
  spawn kubelet "$BIN_DIR/kubelet" --config="$CLUSTER_DIR/kubelet.yaml" \
    --kubeconfig="$CLUSTER_DIR/kubeconfig" --container-runtime=docker \
    --docker-endpoint="unix://$NODE_DOCKER_SOCKET" --pod-infra-container-image="$PAUSE_IMAGE" \
    --root-dir="$CLUSTER_DIR/kubelet" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP"
  wait_for 120 node_ready || fail_start "node $NODE_NAME did not become Ready"
}

# The cluster's default StorageClass: Kubernetes' own host-path provisioner (enabled above in the
# controller manager, for single-node clusters) makes a volume under /tmp for each claim and
# deletes it with the claim.
ensure_storage_class() {
  local code
  code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $(token)" \
    -H 'Content-Type: application/json' -X POST \
    "https://127.0.0.1:$API_PORT/apis/storage.k8s.io/v1/storageclasses" -d "{
      \"apiVersion\": \"storage.k8s.io/v1\", \"kind\": \"StorageClass\",
      \"metadata\": {\"name\": \"$STORAGE_CLASS\",
        \"annotations\": {\"storageclass.kubernetes.io/is-default-class\": \"true\"}},
      \"provisioner\": \"kubernetes.io/host-path\", \"reclaimPolicy\": \"Delete\",
      \"volumeBindingMode\": \"Immediate\"}")
  case "$code" in
    201|409) ;;
    *) fail_start "the default StorageClass $STORAGE_CLASS could not be created (HTTP $code)" ;;
  esac
}

cmd_start() {
  if [ -f "$CLUSTER_DIR/kube-apiserver.pid" ] && alive "$CLUSTER_DIR/kube-apiserver.pid" && node_ready; then
    log "cluster already runs on https://127.0.0.1:$API_PORT"
    return 0
  fi
  cmd_build
  local started=$SECONDS
  mkdir -p "$CLUSTER_DIR"
  write_configuration
  start_bridge
  start_node_docker
  start_control_plane
  start_kubelet
  ensure_storage_class
  log "cluster up in $((SECONDS - started)) s: node $NODE_NAME Ready; KUBECONFIG=$CLUSTER_DIR/kubeconfig"
}

# Kills the API server with SIGKILL, keeps it down for SECONDS (default 5), starts it again and
# waits until it is ready: for tests of clients that must live through an API server outage.
cmd_restart_apiserver() {
  local down=${1:-5}
  alive "$CLUSTER_DIR/kube-apiserver.pid" || die "kube-apiserver does not run; start the cluster first"
  kill -9 "$(cat "$CLUSTER_DIR/kube-apiserver.pid")"
  sleep "$down"
  mv "$CLUSTER_DIR/kube-apiserver.log" "$CLUSTER_DIR/kube-apiserver.log.1"
  start_apiserver
  log "kube-apiserver restarted after $down s down"
}

# ---------------------------------------------------------------- stop

cmd_stop() {
  [ -d "$CLUSTER_DIR" ] || { log "nothing to stop"; return 0; }
  stop_pid kubelet "$CLUSTER_DIR/kubelet.pid"
  if alive "$CLUSTER_DIR/cluster-dockerd.pid"; then
    local containers
    containers=$(docker_cli ps -aq 2>/dev/null || true)
    [ -z "$containers" ] || docker_cli rm -f $containers >/dev/null 2>&1 || true
  fi
  stop_pid kube-scheduler "$CLUSTER_DIR/kube-scheduler.pid"
  stop_pid kube-controller-manager "$CLUSTER_DIR/kube-controller-manager.pid"
  stop_pid kube-apiserver "$CLUSTER_DIR/kube-apiserver.pid"
  stop_pid etcd "$CLUSTER_DIR/etcd.pid"
  stop_pid cluster-dockerd "$CLUSTER_DIR/cluster-dockerd.pid"
  # The kubelet mounts Secret and ConfigMap volumes as tmpfs under its root directory.
  unmount_under "$CLUSTER_DIR"
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    as_root ip link delete "$BRIDGE" 2>/dev/null || true
  fi
  rm -rf "$CLUSTER_DIR"
  rm -f "$NODE_DOCKER_SOCKET"
  # Volumes the host-path provisioner made for claims that were never deleted.
  as_root rm -rf "$HOSTPATH_VOLUMES"
}

# ---------------------------------------------------------------- status, env, logs

cmd_status() {
  local rc=0 c
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler cluster-dockerd kubelet; do
    if alive "$CLUSTER_DIR/$c.pid"; then printf '%-24s up\n' "$c"; else printf '%-24s down\n' "$c"; rc=1; fi
  done
  if [ -f "$CLUSTER_DIR/token" ] && node_ready; then echo "node $NODE_NAME            Ready"; else echo "node $NODE_NAME            not ready"; rc=1; fi
  return $rc
}

cmd_env() {
  echo "export PROCESSDEPLOY_KUBECONFIG=$CLUSTER_DIR/kubeconfig"
  echo "export PROCESSDEPLOY_CLUSTER_CONTROL=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
}

cmd_logs() {
  local f
  for f in "$CLUSTER_DIR"/*.log; do
    [ -f "$f" ] || continue
    echo "===== $(basename "$f"): first fatal lines"
    grep -m 10 -E '^(F|E)[0-9]{4} |^panic|^fatal error|^runtime:|level=(fatal|error)' "$f" | cut -c1-400 || true
    echo "===== $(basename "$f"): last 25 lines"
    tail -25 "$f" | cut -c1-400
  done
}

case "${1:-}" in
  install) cmd_install ;;
  build) cmd_build ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  logs) cmd_logs ;;
  restart-apiserver) cmd_restart_apiserver "${2:-5}" ;;
  *) echo "usage: $0 install|build|start|stop|status|env|logs|restart-apiserver [seconds]" >&2; exit 2 ;;
esac
