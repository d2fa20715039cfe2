#!/usr/bin/env bash
# Makes a Docker engine and a compose tool available, and stops afterwards only what it started.
#
# Usage: scripts/docker-engine.sh start STATE_DIR
#        scripts/docker-engine.sh stop STATE_DIR
#        scripts/docker-engine.sh compose-command      (prints "docker compose" or "docker-compose")
#
# start: when `docker info` already works, uses that engine and starts nothing. Otherwise, as
#   root, installs Debian's docker.io and docker-compose when missing and starts dockerd in the
#   background, recording its pid in STATE_DIR/dockerd.pid (log: STATE_DIR/dockerd.log). Installs
#   docker-compose too when neither `docker compose` (v2) nor `docker-compose` exists.
#   Exit 0: an engine answers and a compose tool exists. Exit 77: Docker cannot run here (not
#   root and no engine, or no apt-get to install one); the reason is on stderr. Exit 1: it should
#   have worked but did not (e.g. dockerd failed to start; the end of its log is on stderr).
# stop: stops the dockerd that `start` started (SIGTERM, then its own shutdown of containerd),
#   if any; does nothing when the engine was already running before `start`.
set -euo pipefail

log() { echo "docker-engine: $*" >&2; }

engine_answers() { timeout 20 docker info >/dev/null 2>&1; }

compose_command() {
  if docker compose version >/dev/null 2>&1; then
    echo "docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then
    echo "docker-compose"
  else
    return 1
  fi
}

# Installs Debian packages that are missing; root only.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start() {
  local state_dir="$1"
  mkdir -p "$state_dir"
  local have_engine=0
  command -v docker >/dev/null 2>&1 && engine_answers && have_engine=1
  if [ "$have_engine" = 1 ] && compose_command >/dev/null; then
    log "using the running Docker engine"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "no usable Docker engine (and compose tool), and not root: cannot install or start one"
    return 77
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "no usable Docker engine, and no apt-get to install Debian's docker.io"
    return 77
  fi
  # iptables: dockerd sets up its bridge network with it.
  local packages=(docker-compose)
  [ "$have_engine" = 1 ] || packages+=(docker.io iptables)
  apt_install "${packages[@]}"
  if [ "$have_engine" = 1 ] || engine_answers; then
    log "using the running Docker engine"
    return 0
  fi

  log "starting dockerd (log: $state_dir/dockerd.log)"
  # setsid: a Ctrl-C meant for the caller must not reach dockerd before `stop` does. dockerd
  # writes its own pid file, which also tells `stop` what to stop.
  rm -f "$state_dir/dockerd.pid"
  setsid dockerd --pidfile="$state_dir/dockerd.pid" >"$state_dir/dockerd.log" 2>&1 </dev/null &
  local launcher=$!
  for _ in $(seq 1 120); do
    if [ -s "$state_dir/dockerd.pid" ] && [ ! -f "$state_dir/dockerd.started" ]; then
      cp "$state_dir/dockerd.pid" "$state_dir/dockerd.started"
    fi
    if engine_answers; then
      log "dockerd is up (pid $(cat "$state_dir/dockerd.started" 2>/dev/null))"
      return 0
    fi
    if [ ! -f "$state_dir/dockerd.started" ] && ! kill -0 "$launcher" 2>/dev/null; then break; fi
    if [ -f "$state_dir/dockerd.started" ] && ! kill -0 "$(cat "$state_dir/dockerd.started")"; then
      break
    fi
    sleep 0.5
  done
  log "dockerd did not come up; the end of its log:"
  tail -n 20 "$state_dir/dockerd.log" >&2 || true
  stop "$state_dir"
  return 1
}

stop() {
  local state_dir="$1"
  local started="$state_dir/dockerd.started"
  [ -f "$started" ] || return 0
  local pid
  pid="$(cat "$started")"
  rm -f "$started"
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping the dockerd this run started (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  # dockerd stops its containers (none should be left) and its containerd before exiting.
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "dockerd did not stop within 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start "${2:?STATE_DIR}" ;;
  stop) stop "${2:?STATE_DIR}" ;;
  compose-command) compose_command ;;
  *)
    echo "usage: $0 start|stop STATE_DIR | compose-command" >&2
    exit 64
    ;;
esac
