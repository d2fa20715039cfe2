#!/usr/bin/env bash
# newsgraph-healthcheck [ingest|extract|query]: Docker health check of the newsgraph service in
# this container, over the gRPC health protocol (grpc.health.v1.Health/Check through the
# `newsgraph health` CLI command). Without an argument the service is the program running as
# PID 1. The address is the service's own listen address (--listen in its command line, else
# NEWSGRAPH_<SERVICE>_LISTEN, else the default port), asked on 127.0.0.1 when it listens on
# every interface.
#
# Exit 0: the service answers SERVING (one line: service, address, status). Exit 1: it does not
# answer, or answers NOT_SERVING (e.g. while draining after SIGTERM) — Docker's "unhealthy".
# Exit 0 as well when PID 1 is not a newsgraph service (e.g. a one-off CLI container).
set -uo pipefail

service="${1:-}"
listen=""
if [ -r /proc/1/cmdline ]; then
  mapfile -d '' -t pid1_args </proc/1/cmdline
  if [ -z "$service" ]; then
    case "$(basename "${pid1_args[0]:-}")" in
      newsgraph-ingest) service=ingest ;;
      newsgraph-extract) service=extract ;;
      newsgraph-query) service=query ;;
      *)
        echo "newsgraph-healthcheck: PID 1 is not a newsgraph service; nothing to check"
        exit 0
        ;;
    esac
  fi
  # The flag wins over the environment in the services, so here too.
  for ((i = 1; i < ${#pid1_args[@]}; i++)); do
    case "${pid1_args[i]}" in
      --listen=*) listen="${pid1_args[i]#--listen=}" ;;
      --listen) listen="${pid1_args[i + 1]:-}" ;;
    esac
  done
fi

case "$service" in
  ingest) env_listen="${NEWSGRAPH_INGEST_LISTEN:-}" default_port=50051 ;;
  extract) env_listen="${NEWSGRAPH_EXTRACT_LISTEN:-}" default_port=50052 ;;
  query) env_listen="${NEWSGRAPH_QUERY_LISTEN:-}" default_port=50053 ;;
  *)
    echo "usage: newsgraph-healthcheck [ingest|extract|query]" >&2
    exit 1
    ;;
esac
listen="${listen:-${env_listen:-127.0.0.1:${default_port}}}"
port="${listen##*:}"
host="${listen%:*}"
case "$host" in
  "" | 0.0.0.0 | "[::]" | "::") host=127.0.0.1 ;;
esac
address="${host}:${port}"

# `newsgraph health` asks three services; point all three at this one and keep its line. 3 s:
# under the 5 s timeout docker-compose.yml gives a check.
output="$(newsgraph --timeout_ms=3000 \
  --ingest="$address" --extract="$address" --query="$address" health 2>&1)"
status=$?
echo "$service $(echo "$output" | head -n 1 | cut -c 10-)"
[ "$status" -eq 0 ] && exit 0
exit 1
