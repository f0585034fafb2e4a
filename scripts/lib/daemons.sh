# Shell helpers shared by the scripts that start and stop the test servers and the local cluster.
# The sourcing script defines log() and die().

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@";
  else die "need root (or sudo) to run: $*"; fi
}

# alive PIDFILE: whether the process recorded there runs.
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for SECONDS COMMAND... : polls COMMAND every 0.2 s until it succeeds, at most SECONDS.
wait_for() {
  local seconds=$1; shift
  local i
  for i in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  return 1
}

# stop_pid NAME PIDFILE: stops the process, killing it when it does not stop in 20 s.
stop_pid() {
  local name=$1 pidfile=$2 pid i
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) did not stop in 20 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "stopped $name"
}

# unmount_under DIR: unmounts whatever is mounted below DIR, deepest first.
unmount_under() {
  { grep -o " $1[^ ]*" /proc/mounts 2>/dev/null || true; } | sort -r | while read -r m; do
    as_root umount -l "$m" 2>/dev/null || true
  done
}
