#!/usr/bin/env bash
# Starts extract, ingest and query on loopback with an on-disk store under ./var (NEWSGRAPH_VAR),
# loads samples/ on the first start, prints how to use them and runs until Ctrl-C, which stops
# all three cleanly (SIGTERM, then their drain deadline).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${BUILD_DIR:-build}/bin"
VAR="${NEWSGRAPH_VAR:-var}"
INGEST_PORT="${NEWSGRAPH_INGEST_PORT:-50051}"
EXTRACT_PORT="${NEWSGRAPH_EXTRACT_PORT:-50052}"
QUERY_PORT="${NEWSGRAPH_QUERY_PORT:-50053}"
export NEWSGRAPH_INGEST_ADDRESS="127.0.0.1:${INGEST_PORT}"
export NEWSGRAPH_EXTRACT_ADDRESS="127.0.0.1:${EXTRACT_PORT}"
export NEWSGRAPH_QUERY_ADDRESS="127.0.0.1:${QUERY_PORT}"

for port in "$INGEST_PORT" "$EXTRACT_PORT" "$QUERY_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    echo "newsgraph: port ${port} on 127.0.0.1 is already in use (another 'make run'?)." >&2
    echo "  Stop it, or choose ports: NEWSGRAPH_INGEST_PORT / NEWSGRAPH_EXTRACT_PORT / NEWSGRAPH_QUERY_PORT." >&2
    exit 1
  fi
done

mkdir -p "$VAR/log"
first_start=0
[ -d "$VAR/store" ] || first_start=1

pids=()
stopping=0
stop_all() {
  trap - INT TERM EXIT
  stopping=1
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "newsgraph: stopping..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    echo "newsgraph: stopped. Data stays in $VAR/store; logs in $VAR/log/."
  fi
}
trap stop_all INT TERM EXIT

"$BIN/newsgraph-extract" --listen="$NEWSGRAPH_EXTRACT_ADDRESS" 2>>"$VAR/log/extract.log" &
pids+=($!)
"$BIN/newsgraph-ingest" --listen="$NEWSGRAPH_INGEST_ADDRESS" --data_dir="$VAR/store" \
  --extract_address="$NEWSGRAPH_EXTRACT_ADDRESS" 2>>"$VAR/log/ingest.log" &
pids+=($!)
"$BIN/newsgraph-query" --listen="$NEWSGRAPH_QUERY_ADDRESS" --data_dir="$VAR/store" \
  --secondary_dir="$VAR/query-secondary" 2>>"$VAR/log/query.log" &
pids+=($!)

for _ in $(seq 1 150); do
  if "$BIN/newsgraph" --timeout_ms=500 health >/dev/null 2>&1; then break; fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "newsgraph: a service failed to start; see $VAR/log/:" >&2
      tail -n 5 "$VAR"/log/*.log >&2
      exit 1
    fi
  done
  sleep 0.2
done
"$BIN/newsgraph" health

if [ "$first_start" = 1 ]; then
  echo "newsgraph: first start — loading the sample articles from samples/"
  "$BIN/newsgraph" ingest samples
fi

cat <<EOM

newsgraph is running (store: $VAR/store, logs: $VAR/log/)
  ingest   $NEWSGRAPH_INGEST_ADDRESS    newsgraph.ingest.v1.IngestService
  extract  $NEWSGRAPH_EXTRACT_ADDRESS    newsgraph.extract.v1.ExtractService
  query    $NEWSGRAPH_QUERY_ADDRESS    newsgraph.query.v1.QueryService

Try, in another terminal:
  $BIN/newsgraph search Samsung va TSMC cong bo
  $BIN/newsgraph entity ng:person/emmanuel-macron
  $BIN/newsgraph ingest samples/macron-berlin-de.txt

Press Ctrl-C to stop.
EOM

# Runs until Ctrl-C, or until one of the services exits on its own.
wait -n "${pids[@]}" || true
if [ "$stopping" = 0 ]; then
  echo "newsgraph: a service exited on its own; see $VAR/log/" >&2
  exit 1
fi
