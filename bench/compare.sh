#!/usr/bin/env bash
# newsgraph side by side with SQLite FTS5 and Xapian, on the same corpus, in the same run.
#
#   bench/compare.sh [--docs=N] [--seed=S] [--queries=N] [--extract_docs=N] [--concurrency=N]
#                    [--mix_requests=N] [--slavicner=DIR|none] [--bin_dir=DIR] [--work_dir=DIR]
#                    [--sync_writes=true|false] [--keep] [--smoke]
#
# For each corpus (a generated one of --docs articles, plus the SlavicNER raw articles when
# present): starts the real services on free loopback ports with a temporary store and
#   1. newsgraph index-only: ingest with extraction off (--extract_address=none), then the text
#      queries through query;
#   2. newsgraph full: extract + ingest (the first --extract_docs articles, default all), the same
#      text queries, then the whole query mix (text, entity search, entity look-ups, related
#      entities, timelines) for --mix_requests calls;
#   3. SQLite FTS5 and 4. Xapian (bench/engines.py) over the same articles and queries;
# and prints one table: docs/s to index, MB/s, on-disk size, query p50/p99, and newsgraph's
# ratio to each other engine. JSON results stay in the work directory (--keep keeps it).
# Ingest runs with --sync_writes=false by default: SQLite and Xapian commit once at the end, so
# an fsync per document would compare durability, not indexing (--sync_writes=true measures it).
# --smoke: 200 generated articles, 30 queries, no SlavicNER: the whole pipeline in seconds, for
# ctest (label bench). Exit status non-zero when any stage fails or finds nothing.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(dirname "$HERE")"
PY=/usr/bin/python3
DOCS=100000
SEED=1
QUERIES=300
EXTRACT_DOCS=0
CONCURRENCY=4
MIX_REQUESTS=3000
SLAVICNER="$(dirname "$REPO")/shared/data/ner/slavicner/raw"
BIN_DIR="$REPO/build/bin"
WORK_DIR=""
SYNC_WRITES=false
KEEP=0
SMOKE=0
for arg in "$@"; do
  case "$arg" in
    --docs=*) DOCS="${arg#*=}" ;;
    --seed=*) SEED="${arg#*=}" ;;
    --queries=*) QUERIES="${arg#*=}" ;;
    --extract_docs=*) EXTRACT_DOCS="${arg#*=}" ;;
    --concurrency=*) CONCURRENCY="${arg#*=}" ;;
    --mix_requests=*) MIX_REQUESTS="${arg#*=}" ;;
    --slavicner=*) SLAVICNER="${arg#*=}" ;;
    --bin_dir=*) BIN_DIR="${arg#*=}" ;;
    --work_dir=*) WORK_DIR="${arg#*=}" ;;
    --sync_writes=*) SYNC_WRITES="${arg#*=}" ;;
    --keep) KEEP=1 ;;
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $arg (--help)" >&2; exit 64 ;;
  esac
done
if [ "$SMOKE" = 1 ]; then
  DOCS=200; QUERIES=30; MIX_REQUESTS=100; SLAVICNER=none
fi
for bin in newsgraph-extract newsgraph-ingest newsgraph-query newsgraph-load; do
  if [ ! -x "$BIN_DIR/$bin" ]; then
    echo "compare.sh: $BIN_DIR/$bin is missing: build first (make build, or --bin_dir=)" >&2
    exit 2
  fi
done
if [ -z "$WORK_DIR" ]; then
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-bench.XXXXXX")"
  [ "$KEEP" = 1 ] || trap_dirs="$WORK_DIR"
fi
mkdir -p "$WORK_DIR"

pids=()
stop_services() {
  if [ ${#pids[@]} -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  pids=()
}
cleanup() {
  stop_services
  if [ -n "${trap_dirs:-}" ]; then rm -rf "$trap_dirs"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "compare.sh: $*" >&2; }
fail() {
  log "FAILED: $*"
  for f in "$RUN_DIR"/*.log; do
    [ -f "$f" ] && { echo "---- $f" >&2; tail -n 20 "$f" >&2; }
  done
  exit 1
}

# Waits for a server's --port_file and prints the port.
wait_port() {
  local file="$1" pid="$2"
  for _ in $(seq 1 300); do
    if [ -s "$file" ]; then cat "$file"; return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# start_suite DIR EXTRACT(yes|no): starts [extract,] ingest and query on free ports over DIR/store;
# sets INGEST and QUERY to their addresses.
start_suite() {
  local dir="$1" with_extract="$2" extract_address=none port
  mkdir -p "$dir"
  if [ "$with_extract" = yes ]; then
    "$BIN_DIR/newsgraph-extract" --listen=127.0.0.1:0 --port_file="$dir/extract.port" \
      2>"$dir/extract.log" &
    pids+=($!)
    port="$(wait_port "$dir/extract.port" $!)" || fail "extract did not start"
    extract_address="127.0.0.1:$port"
  fi
  "$BIN_DIR/newsgraph-ingest" --listen=127.0.0.1:0 --port_file="$dir/ingest.port" \
    --data_dir="$dir/store" --extract_address="$extract_address" \
    --sync_writes="$SYNC_WRITES" 2>"$dir/ingest.log" &
  pids+=($!)
  port="$(wait_port "$dir/ingest.port" $!)" || fail "ingest did not start"
  INGEST="127.0.0.1:$port"
  "$BIN_DIR/newsgraph-query" --listen=127.0.0.1:0 --port_file="$dir/query.port" \
    --data_dir="$dir/store" --secondary_dir="$dir/secondary" 2>"$dir/query.log" &
  pids+=($!)
  port="$(wait_port "$dir/query.port" $!)" || fail "query did not start"
  QUERY="127.0.0.1:$port"
}

# run_newsgraph NAME CORPUS QUERIES EXTRACT(yes|no) LIMIT: writes $OUT/NAME-{ingest,text,mix}.json
# and the store size to $OUT/NAME-size.
run_newsgraph() {
  local name="$1" corpus="$2" queries="$3" with_extract="$4" limit="$5" nq
  RUN_DIR="$OUT/$name"
  start_suite "$RUN_DIR" "$with_extract"
  log "$name: ingest (extraction $with_extract, concurrency $CONCURRENCY)"
  "$BIN_DIR/newsgraph-load" ingest --ingest="$INGEST" --corpus="$corpus" --limit="$limit" \
    --concurrency="$CONCURRENCY" --json >"$OUT/$name-ingest.json" ||
    fail "$name: ingest load failed: $(cat "$OUT/$name-ingest.json")"
  if [ "$with_extract" = yes ] && grep -q '"mentions":0,' "$OUT/$name-ingest.json"; then
    fail "$name: extraction found no mention in any document"
  fi
  nq="$(grep -c . "$queries")"
  log "$name: $nq text queries, one at a time"
  "$BIN_DIR/newsgraph-load" query --query="$QUERY" --queries="$queries" --mix=text \
    --requests="$nq" --warmup=10 --concurrency=1 --json --fail_on_empty >"$OUT/$name-text.json" ||
    fail "$name: text queries failed: $(cat "$OUT/$name-text.json")"
  if [ "$with_extract" = yes ]; then
    log "$name: query mix, $MIX_REQUESTS calls, one at a time, then $MIX_REQUESTS at concurrency 4"
    "$BIN_DIR/newsgraph-load" query --query="$QUERY" --queries="$queries" \
      --requests="$MIX_REQUESTS" --warmup=20 --concurrency=1 --json --fail_on_empty \
      >"$OUT/$name-mix.json" || fail "$name: query mix failed: $(cat "$OUT/$name-mix.json")"
    "$BIN_DIR/newsgraph-load" query --query="$QUERY" --queries="$queries" \
      --requests="$MIX_REQUESTS" --concurrency=4 --json --seed=2 \
      >"$OUT/$name-mix-c4.json" || fail "$name: query mix (concurrency 4) failed"
  fi
  stop_services
  du -sb "$RUN_DIR/store" | cut -f1 >"$OUT/$name-size"
}

# compare_corpus LABEL CORPUS: the four engines over one corpus, then the table.
compare_corpus() {
  local label="$1" corpus="$2" docs limit
  OUT="$WORK_DIR/$label"
  mkdir -p "$OUT"
  RUN_DIR="$OUT"
  docs="$(grep -c . "$corpus")"
  "$PY" "$HERE/corpus.py" queries --corpus="$corpus" --count="$QUERIES" --seed="$SEED" \
    --out="$OUT/queries.txt" || fail "query generation"
  limit="$EXTRACT_DOCS"
  [ "$limit" -gt 0 ] 2>/dev/null || limit=0
  run_newsgraph newsgraph-index "$corpus" "$OUT/queries.txt" no 0
  run_newsgraph newsgraph-full "$corpus" "$OUT/queries.txt" yes "$limit"
  RUN_DIR="$OUT"
  log "sqlite-fts5: index and query"
  "$PY" "$HERE/engines.py" sqlite --corpus="$corpus" --db="$OUT/fts5.db" \
    --queries="$OUT/queries.txt" >"$OUT/sqlite.json" || fail "sqlite: $(cat "$OUT/sqlite.json")"
  log "xapian: index and query"
  "$PY" "$HERE/engines.py" xapian --corpus="$corpus" --db="$OUT/xapian.db" \
    --queries="$OUT/queries.txt" >"$OUT/xapian.json" || fail "xapian: $(cat "$OUT/xapian.json")"
  "$PY" "$HERE/report.py" --label="$label ($docs articles)" --dir="$OUT" | tee "$OUT/table.md"
  rm -rf "$OUT/fts5.db" "$OUT/xapian.db" "$OUT"/newsgraph-*/store "$OUT"/newsgraph-*/secondary
}

log "work directory $WORK_DIR"
GEN="$WORK_DIR/generated-$DOCS.jsonl"
"$PY" "$HERE/corpus.py" generate --docs="$DOCS" --seed="$SEED" --out="$GEN" ||
  { RUN_DIR="$WORK_DIR"; fail "corpus generation"; }
compare_corpus "generated" "$GEN"
if [ "$SLAVICNER" != none ]; then
  if "$PY" "$HERE/corpus.py" slavicner --dir="$SLAVICNER" --out="$WORK_DIR/slavicner.jsonl"; then
    compare_corpus "slavicner" "$WORK_DIR/slavicner.jsonl"
  else
    log "SlavicNER raw articles not found at $SLAVICNER: that corpus is skipped"
  fi
fi
log "done"
