#!/usr/bin/env bash
# The real servers the integration tests talk to:
#   - a plain OCI registry (CNCF distribution) on http://127.0.0.1:5000
#   - the same registry with basic auth (user ci / password ci-secret) on http://127.0.0.1:5001
#   - a Docker engine at unix:///var/run/processdeploy/docker.sock
#   - PostgreSQL (Debian's) on 127.0.0.1:55432, database processdeploy, user processdeploy /
#     password processdeploy-secret: a private cluster in the state directory, run as user postgres
#
# Usage: scripts/test-servers.sh install|start [postgresql]|stop [postgresql]|status|env
#   install  installs docker-registry, apache2-utils, docker.io and postgresql when missing
#            (Debian/Ubuntu, as root or through sudo)
#   start    starts what is not running yet and waits until each answers; does nothing when all are up.
#            "start postgresql" starts PostgreSQL only (it needs no other server)
#   stop     stops what start started (by recorded process id, PostgreSQL with pg_ctl) and removes
#            its data; "stop postgresql" stops and removes PostgreSQL only
#   status   says what runs
#   env      prints the export lines the tests read, e.g. eval "$(scripts/test-servers.sh env)"
#
# Data, configuration, logs and process ids live in $PROCESSDEPLOY_STATE_DIR
# (default /var/tmp/processdeploy-servers); PostgreSQL's in $PROCESSDEPLOY_POSTGRES_DIR (default
# /var/tmp/processdeploy-postgresql), so that it can run and stop apart from the others.
set -euo pipefail

STATE_DIR=${PROCESSDEPLOY_STATE_DIR:-/var/tmp/processdeploy-servers}
SOCKET_DIR=/var/run/processdeploy
DOCKER_SOCKET=$SOCKET_DIR/docker.sock
PLAIN_ADDR=127.0.0.1:5000
AUTH_ADDR=127.0.0.1:5001
AUTH_USER=ci
AUTH_PASSWORD=ci-secret
PG_DIR=${PROCESSDEPLOY_POSTGRES_DIR:-/var/tmp/processdeploy-postgresql}
PG_PORT=55432
PG_DATABASE=processdeploy
PG_USER=processdeploy
PG_PASSWORD=processdeploy-secret

log() { echo "test-servers: $*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=lib/daemons.sh
. "$(dirname "$0")/lib/daemons.sh"

cmd_install() {
  local missing=()
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v curl >/dev/null || missing+=(curl)
  pg_bin >/dev/null || missing+=(postgresql)
  if [ ${#missing[@]} -eq 0 ]; then
    log "docker-registry, htpasswd, dockerd, curl and postgresql are installed"
    return 0
  fi
  command -v apt-get >/dev/null || die "apt-get not found; install ${missing[*]} by hand"
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

registry_up() { curl -s -o /dev/null -w '%{http_code}' "http://$1/v2/" | grep -qE '^(200|401)$'; }

docker_up() { curl -sf --unix-socket "$DOCKER_SOCKET" http://localhost/_ping; }

write_registry_config() { # NAME ADDR [HTPASSWD]
  local name=$1 addr=$2 htpasswd=${3:-}
  mkdir -p "$STATE_DIR/$name/data"
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage:"
    echo "  filesystem: {rootdirectory: $STATE_DIR/$name/data}"
    echo "  delete: {enabled: true}"
    echo "http: {addr: $addr}"
    if [ -n "$htpasswd" ]; then
      echo "auth:"
      echo "  htpasswd: {realm: processdeploy-test, path: $htpasswd}"
    fi
  } >"$STATE_DIR/$name/config.yml"
}

start_registry() { # NAME ADDR [HTPASSWD]
  local name=$1 addr=$2
  if registry_up "$addr"; then
    log "registry $name already answers on $addr"
    return 0
  fi
  command -v docker-registry >/dev/null || die "docker-registry not installed: run scripts/test-servers.sh install"
  write_registry_config "$@"
  nohup docker-registry serve "$STATE_DIR/$name/config.yml" >"$STATE_DIR/$name.log" 2>&1 &
  echo $! >"$STATE_DIR/$name.pid"
  wait_for 60 registry_up "$addr" || die "registry $name did not answer on $addr; see $STATE_DIR/$name.log"
  log "registry $name up on http://$addr"
}

start_docker() {
  if docker_up >/dev/null 2>&1; then
    log "Docker engine already answers on unix://$DOCKER_SOCKET"
    return 0
  fi
  command -v dockerd >/dev/null || die "dockerd not installed: run scripts/test-servers.sh install"
  local dir=$STATE_DIR/docker
  mkdir -p "$dir/root" "$dir/exec" "$SOCKET_DIR"
  rm -f "$DOCKER_SOCKET"
  nohup dockerd --host "unix://$DOCKER_SOCKET" --data-root "$dir/root" --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" --iptables=false --ip6tables=false --bridge=none \
    --storage-driver=vfs >"$STATE_DIR/dockerd.log" 2>&1 &
  echo $! >"$STATE_DIR/dockerd.pid"
  wait_for 60 docker_up || die "Docker engine did not answer on unix://$DOCKER_SOCKET; see $STATE_DIR/dockerd.log"
  log "Docker engine up on unix://$DOCKER_SOCKET"
}

# pg_bin: the bin directory of the newest PostgreSQL installed from Debian's packages.
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

postgres_up() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

# as_postgres COMMAND...: runs COMMAND as the postgres user (PostgreSQL refuses to run as root).
as_postgres() { as_root runuser -u postgres -- "$@"; }

start_postgres() {
  local bin dir=$PG_DIR
  bin=$(pg_bin) || die "PostgreSQL not installed: run scripts/test-servers.sh install"
  if postgres_up; then
    log "PostgreSQL already answers on 127.0.0.1:$PG_PORT"
    return 0
  fi
  id postgres >/dev/null 2>&1 || die "no postgres user: run scripts/test-servers.sh install"
  as_root mkdir -p "$dir"
  as_root chown postgres: "$dir"
  as_root chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    # Local (socket) connections of the superuser are trusted, TCP ones need a password.
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      die "initdb failed; see $dir/initdb.log"
  fi
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -w -t 60 \
    -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
    die "PostgreSQL did not start on 127.0.0.1:$PG_PORT; see $dir/postgresql.log"
  wait_for 60 postgres_up || die "PostgreSQL did not answer on 127.0.0.1:$PG_PORT; see $dir/postgresql.log"
  as_postgres "$bin/psql" -q -h "$dir" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL ||
SELECT 'CREATE ROLE $PG_USER LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER')\\gexec
ALTER ROLE $PG_USER PASSWORD '$PG_PASSWORD';
SELECT 'CREATE DATABASE $PG_DATABASE OWNER $PG_USER' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE')\\gexec
SQL
    die "cannot create the database $PG_DATABASE; see $dir/postgresql.log"
  log "PostgreSQL up on 127.0.0.1:$PG_PORT (database $PG_DATABASE, user $PG_USER)"
}

stop_postgres() {
  local bin dir=$PG_DIR
  if [ -f "$dir/data/postmaster.pid" ] && bin=$(pg_bin); then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      log "PostgreSQL in $dir/data did not stop cleanly"
    log "stopped PostgreSQL"
  fi
  as_root rm -rf "$dir"
}

cmd_start() {
  if [ "${1:-}" = postgresql ]; then
    start_postgres
    return 0
  fi
  mkdir -p "$STATE_DIR"
  command -v curl >/dev/null || die "curl not installed: run scripts/test-servers.sh install"
  start_registry registry "$PLAIN_ADDR"
  if ! registry_up "$AUTH_ADDR"; then
    command -v htpasswd >/dev/null || die "htpasswd not installed: run scripts/test-servers.sh install"
    mkdir -p "$STATE_DIR/auth-registry"
    htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$STATE_DIR/auth-registry/htpasswd"
  fi
  start_registry auth-registry "$AUTH_ADDR" "$STATE_DIR/auth-registry/htpasswd"
  start_docker
  start_postgres
}

cmd_stop() {
  stop_postgres
  if [ "${1:-}" = postgresql ]; then
    return 0
  fi
  [ -d "$STATE_DIR" ] || { log "nothing to stop"; return 0; }
  stop_pid dockerd "$STATE_DIR/dockerd.pid"
  stop_pid registry "$STATE_DIR/registry.pid"
  stop_pid auth-registry "$STATE_DIR/auth-registry.pid"
  # The engine leaves no mount behind with the flags above; unmount defensively before removing.
  unmount_under "$STATE_DIR"
  rm -rf "$STATE_DIR"
  rm -f "$DOCKER_SOCKET"
}

cmd_status() {
  local rc=0
  if registry_up "$PLAIN_ADDR"; then echo "registry      up   http://$PLAIN_ADDR"; else echo "registry      down http://$PLAIN_ADDR"; rc=1; fi
  if registry_up "$AUTH_ADDR"; then echo "auth-registry up   http://$AUTH_ADDR (user $AUTH_USER)"; else echo "auth-registry down http://$AUTH_ADDR"; rc=1; fi
  if docker_up >/dev/null 2>&1; then echo "dockerd       up   unix://$DOCKER_SOCKET"; else echo "dockerd       down unix://$DOCKER_SOCKET"; rc=1; fi
  if pg_bin >/dev/null && postgres_up; then echo "postgresql    up   127.0.0.1:$PG_PORT (database $PG_DATABASE, user $PG_USER)"; else echo "postgresql    down 127.0.0.1:$PG_PORT"; rc=1; fi
  return $rc
}

cmd_env() {
  echo "export PROCESSDEPLOY_REGISTRY=$PLAIN_ADDR"
  echo "export PROCESSDEPLOY_AUTH_REGISTRY=$AUTH_ADDR"
  echo "export PROCESSDEPLOY_AUTH_REGISTRY_USER=$AUTH_USER"
  echo "export PROCESSDEPLOY_AUTH_REGISTRY_PASSWORD=$AUTH_PASSWORD"
  echo "export DOCKER_HOST=unix://$DOCKER_SOCKET"
  echo "export PROCESSDEPLOY_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DATABASE"
  echo "export PROCESSDEPLOY_POSTGRES_USER=$PG_USER"
  echo "export PROCESSDEPLOY_POSTGRES_PASSWORD=$PG_PASSWORD"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 install|start [postgresql]|stop [postgresql]|status|env" >&2; exit 2 ;;
esac
