#!/usr/bin/env bash
# Contract test of a client example (examples/python or examples/node) against the real suite:
# starts newsgraph-extract, -ingest and -query on free loopback ports with a temporary store,
# runs the example, and checks its output: the document ingested with a consistency token, found
# by the diacritic-free search, and Emmanuel Macron's profile with names and a related entity. A
# second run must be recognised as UNCHANGED (same external_id, same document).
#
# Then it proves the check can fail: the example is run against protos doctored the way a
# careless change would break clients — a renamed field (IngestResponse.document_id → doc_id,
# breaks the code) and a renumbered one (IngestResponse.sequence_number 4 → 14, breaks the wire:
# the token reads 0) — and each run must fail the same assertions.
#
# Usage: client_contract_test.sh python|node
# Environment (set by tests/contract/CMakeLists.txt):
#   NG_BIN_DIR       the built newsgraph-* binaries
#   NG_SOURCE_DIR    the repository (examples/, protos/)
#   NG_WORK_DIR      a build-tree directory for node_modules (node)
#   NG_PROTOC, NG_GRPC_PYTHON_PLUGIN, NG_PYTHON_STUBS   (python)
# Exit 0 passed, 1 failed (the reason and the services' logs on stderr).
set -euo pipefail

CLIENT="${1:?usage: $0 python|node}"
: "${NG_BIN_DIR:?}" "${NG_SOURCE_DIR:?}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-contract-XXXXXX")"
PIDS=()
CLIENT_CMD=()
PORT_extract="" PORT_ingest="" PORT_query=""  # set by start

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  for log in "$TMP"/*.log; do
    [ -f "$log" ] && { echo "---- $(basename "$log") ----" >&2; tail -n 20 "$log" >&2; }
  done
  exit 1
}

# start NAME ARGS...: runs newsgraph-NAME on port 0 and sets PORT_<NAME> once it serves.
start() {
  local name="$1"
  shift
  "$NG_BIN_DIR/newsgraph-$name" --listen=127.0.0.1:0 --port_file="$TMP/$name.port" "$@" \
    2>"$TMP/$name.log" &
  PIDS+=($!)
  local pid=$!
  for _ in $(seq 1 300); do
    if [ -s "$TMP/$name.port" ]; then
      printf -v "PORT_${name}" '%s' "$(cat "$TMP/$name.port")"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || fail "newsgraph-$name exited at start"
    sleep 0.1
  done
  fail "newsgraph-$name did not start within 30 s"
}

# Sets CLIENT_CMD to the client's command line for a directory of (possibly doctored) protos.
client_command() {
  local protos="$1"
  case "$CLIENT" in
    python)
      local stubs="$NG_PYTHON_STUBS"
      if [ "$protos" != "$NG_SOURCE_DIR/protos" ]; then
        stubs="$TMP/stubs-$(basename "$protos")"
        mkdir -p "$stubs"
        (cd "$protos" && "$NG_PROTOC" --proto_path=. --python_out="$stubs" --grpc_out="$stubs" \
          --plugin=protoc-gen-grpc="$NG_GRPC_PYTHON_PLUGIN" newsgraph/common/v1/types.proto \
          newsgraph/ingest/v1/ingest_service.proto newsgraph/query/v1/query_service.proto)
      fi
      CLIENT_CMD=(/usr/bin/python3 "$NG_SOURCE_DIR/examples/python/newsgraph_example.py" --stubs "$stubs")
      ;;
    node)
      CLIENT_CMD=(node "$NG_SOURCE_DIR/examples/node/newsgraph_example.js" --protos "$protos")
      ;;
    *) echo "unknown client $CLIENT" >&2; exit 64 ;;
  esac
}

# Installs the Node example's locked dependencies into the build tree (never the source tree);
# skipped when the lockfile has not changed since the last install.
node_modules() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    fail "node and npm are needed (scripts/install-deps.sh installs them)"
  fi
  : "${NG_WORK_DIR:?}"
  mkdir -p "$NG_WORK_DIR"
  if ! cmp -s "$NG_SOURCE_DIR/examples/node/package-lock.json" \
      "$NG_WORK_DIR/node_modules/.newsgraph-lock.json"; then
    cp "$NG_SOURCE_DIR/examples/node/package.json" "$NG_SOURCE_DIR/examples/node/package-lock.json" \
      "$NG_WORK_DIR/"
    (cd "$NG_WORK_DIR" && npm ci --no-audit --no-fund --loglevel=error) ||
      fail "npm ci in $NG_WORK_DIR failed (is the npm registry reachable?)"
    cp "$NG_SOURCE_DIR/examples/node/package-lock.json" \
      "$NG_WORK_DIR/node_modules/.newsgraph-lock.json"
  fi
  export NODE_PATH="$NG_WORK_DIR/node_modules"
}

# run_client PROTOS OUT: runs the example; returns its exit status.
run_client() {
  local status=0
  client_command "$1"
  NEWSGRAPH_INGEST_ADDRESS="127.0.0.1:$PORT_ingest" NEWSGRAPH_QUERY_ADDRESS="127.0.0.1:$PORT_query" \
    "${CLIENT_CMD[@]}" >"$2" 2>&1 || status=$?
  return $status
}

# check OUT OUTCOME: the contract; prints what is wrong and returns 1 when it does not hold.
check() {
  local out="$1" outcome="$2" id
  # An UNCHANGED answer names the stored document but not the language it was analysed in.
  local language=vi
  [ "$outcome" = STORED ] || language='[a-z-]*'
  id="$(sed -n "s/^ingested: document \([0-9][0-9]*\) ${outcome}, [0-9]* mentions, language ${language}, consistency token [1-9][0-9]*$/\1/p" "$out")"
  [ -n "$id" ] || { echo "no 'ingested: document N ${outcome}, ..., language ${language}, consistency token T>0' line"; return 1; }
  grep -q "^search \"an ninh nang luong Berlin\": [1-9][0-9]* hits" "$out" || { echo "no search line"; return 1; }
  grep -q "^found: document ${id} is hit [0-9]*$" "$out" || { echo "document $id not found by search"; return 1; }
  grep -q "^entity ng:person/emmanuel-macron: Emmanuel Macron (PERSON)" "$out" || { echo "no entity line for Macron"; return 1; }
  grep -q "^  names: .*uk Емманюель Макрон.*vi Emmanuel Macron" "$out" || { echo "no uk/vi names"; return 1; }
  grep -q "^  documents 1, mentions [1-9][0-9]*, first seen 2025-06-02, last seen 2025-06-02$" "$out" || { echo "no counts line with the published date"; return 1; }
  grep -q "^  related: Friedrich Merz (PERSON), [1-9][0-9]* shared documents, PMI " "$out" || { echo "no related Friedrich Merz"; return 1; }
  echo "$id"
}

[ "$CLIENT" = node ] && node_modules
start extract --models_dir=none
start ingest --data_dir="$TMP/store" --extract_address="127.0.0.1:$PORT_extract" --sync_writes=false
start query --data_dir="$TMP/store" --secondary_dir="$TMP/query-secondary"

run_client "$NG_SOURCE_DIR/protos" "$TMP/first.out" || { cat "$TMP/first.out" >&2; fail "the $CLIENT example failed"; }
cat "$TMP/first.out"
first_id="$(check "$TMP/first.out" STORED)" || fail "first run: $first_id"
run_client "$NG_SOURCE_DIR/protos" "$TMP/second.out" || { cat "$TMP/second.out" >&2; fail "the second run failed"; }
second_id="$(check "$TMP/second.out" UNCHANGED)" || { cat "$TMP/second.out" >&2; fail "second run: $second_id"; }
[ "$first_id" = "$second_id" ] || fail "second run got document $second_id, not $first_id"
echo "PASS: $CLIENT example against the real services (document $first_id)"

# The same check must catch clients built from broken protos.
doctor() {
  local name="$1" expression="$2"
  mkdir -p "$TMP/$name"
  cp -r "$NG_SOURCE_DIR/protos/newsgraph" "$TMP/$name/"
  sed -i "$expression" "$TMP/$name/newsgraph/ingest/v1/ingest_service.proto"
  cmp -s "$NG_SOURCE_DIR/protos/newsgraph/ingest/v1/ingest_service.proto" \
    "$TMP/$name/newsgraph/ingest/v1/ingest_service.proto" && fail "doctoring $name changed nothing"
  echo "$TMP/$name"
}
for broken in "renamed:s/string document_id = 1;/string doc_id = 1;/" \
              "renumbered:s/uint64 sequence_number = 4;/uint64 sequence_number = 14;/"; do
  name="${broken%%:*}"
  protos="$(doctor "$name" "${broken#*:}")"
  status=0
  run_client "$protos" "$TMP/$name.out" || status=$?
  if [ "$status" = 0 ] && check "$TMP/$name.out" '[A-Z_]*' >/dev/null; then
    cat "$TMP/$name.out" >&2
    fail "the contract check passed against protos with a $name field"
  fi
  echo "PASS: a $name field breaks the $CLIENT example and the check catches it (exit $status)"
done
