#!/usr/bin/env bash
# End-to-end test of the docker-compose deployment, against a real Docker engine: builds the
# image (deploy/Dockerfile, through docker-compose.yml), brings the suite up with three extract
# replicas and, with the host-built CLI through the published ports:
#   - loads samples/ and checks search and entity answers (and that extract calls reach every
#     replica);
#   - `docker kill`s ingest in the middle of a streamed bulk load, starts it again and checks
#     that every acknowledged document is there exactly once;
#   - kills query's process from the host and checks the restart policy brings it back;
#   - stops extract: ingest still answers OK (entities pending); starts extract: the pending
#     document gets its entities;
#   - recreates every container (an upgrade; the replica count from NEWSGRAPH_EXTRACT_REPLICAS)
#     and checks the volume kept the store;
#   - stops the suite (every service exits 0 after its SIGTERM drain) and `down -v`.
# When no engine runs, scripts/docker-engine.sh installs Debian's docker.io/docker-compose and
# starts dockerd (root only), and this script stops it at the end. Missing base images are made
# by scripts/docker-base-images.sh. Unchanged sources reuse Docker's layer cache (no rebuild).
#
# Usage: tests/e2e/compose_e2e_test.sh CLI        (CLI: the host-built `newsgraph` binary)
# Environment: NEWSGRAPH_BUILD_JOBS (compile jobs in the image build, default 2),
#   NEWSGRAPH_SKIP_DOCKER_E2E=1 (skip on purpose), NEWSGRAPH_E2E_KEEP=1 (leave the suite up and
#   the engine running after a failure, for a look).
# Exit 0: passed. 1: failed (the reason on stderr, then the services' state and logs).
# 77: SKIPPED, when Docker truly cannot run here (not root and no engine, or no apt); ctest
# reports it as skipped. On a root Debian machine it never skips.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLI="${1:-}"
START_SECONDS=$SECONDS
PROJECT="newsgraph-e2e-$$"
BULK_DOCUMENTS=1500
WORK=""
COMPOSE=()
CLI_PID=""
ENGINE_CHECKED=0

phase() { printf '[e2e %4ds] %s\n' $((SECONDS - START_SECONDS)) "$*"; }
skip() {
  echo "SKIPPED: $*"
  exit 77
}

diagnostics() {
  [ ${#COMPOSE[@]} -gt 0 ] || return 0
  echo "--- docker compose ps" >&2
  compose ps >&2 || true
  echo "--- last log lines of every service" >&2
  compose logs --no-color --tail=25 >&2 || true
}

fail() {
  echo "FAILED: $*" >&2
  diagnostics
  exit 1
}

compose() { "${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"; }

cleanup() {
  local status=$?
  set +e
  [ -n "$CLI_PID" ] && kill "$CLI_PID" 2>/dev/null
  if [ "$status" -ne 0 ] && [ "$status" -ne 77 ] && [ -n "${NEWSGRAPH_E2E_KEEP:-}" ]; then
    echo "NEWSGRAPH_E2E_KEEP: left project $PROJECT up and $WORK in place" >&2
    return
  fi
  if [ ${#COMPOSE[@]} -gt 0 ]; then compose down -v --remove-orphans >/dev/null 2>&1; fi
  if [ "$ENGINE_CHECKED" = 1 ]; then "$ROOT/scripts/docker-engine.sh" stop "$WORK/engine"; fi
  [ -n "$WORK" ] && rm -rf "$WORK"
  phase "wall time $((SECONDS - START_SECONDS)) s"
}

# --- helpers ------------------------------------------------------------------------------

cli() { "$CLI" --ingest="127.0.0.1:$INGEST_PORT" --query="127.0.0.1:$QUERY_PORT" "$@"; }

# A TCP port on 127.0.0.1 nobody listens on (from a range the kernel does not hand out).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}

project_containers() {
  docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"
}

# Waits until every container of the project (at least `expected` of them) reports healthy.
wait_healthy() {
  local expected="$1" deadline=$((SECONDS + ${2:-180})) ids states
  while [ $SECONDS -lt $deadline ]; do
    mapfile -t ids < <(project_containers)
    if [ ${#ids[@]} -ge "$expected" ]; then
      states="$(docker inspect \
        -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "${ids[@]}" |
        sort | uniq -c | tr -s ' \n' ' ')"
      if ! docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "${ids[@]}" |
        grep -qv '^healthy$'; then
        return 0
      fi
    fi
    sleep 1
  done
  fail "containers not healthy after ${2:-180} s (states:${states:- none})"
}

container_of() { compose ps -q "$1" | head -n 1; }

# The checks read the CLI's --json output (protobuf JSON with the proto's field names: the API
# contract), not its human-readable text, which changes as the CLI gets better. Protobuf JSON
# leaves out fields at their default (0, empty), and prints 64-bit integers as strings.

# The number in "FIELD":N or "FIELD":"N" (the first one) in JSON; 0 when the field is absent.
json_number() {
  local value
  value="$(grep -oE "\"$1\":\"?[0-9]+" <<<"$2" | head -n 1 | grep -oE '[0-9]+$' || true)"
  echo "${value:-0}"
}

# The string in "FIELD":"VALUE" (the first one) in JSON; empty when absent.
json_string() { grep -oE "\"$1\":\"[^\"]*\"" <<<"$2" | head -n 1 | cut -d '"' -f 4 || true; }

# Every string in "FIELD":"VALUE" in JSON, one per line (e.g. the document ids of search hits).
json_strings() { grep -oE "\"$1\":\"[^\"]*\"" <<<"$2" | cut -d '"' -f 4 || true; }

# Number of documents a search finds.
hits() {
  local out
  out="$(cli --json search "$@")" || fail "search $* failed: $out"
  json_number total_hits "$out"
}

# GetDocument of ID as JSON (the error message, and a non-zero status, when the call fails).
document_json() { cli --json doc "$1" 2>&1; }

expect_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }

# Extract calls logged by each extract replica, "container count" per line.
extract_calls_per_replica() {
  local id
  for id in $(compose ps -q extract); do
    echo "$id $(docker logs "$id" 2>&1 | grep -c 'ExtractService/Extract OK' || true)"
  done
}

# N article files with an external_id each, a unique word (bulkwordN), a word they all share
# (e2ecommonword) and random words, so that no two are near duplicates of each other.
generate_bulk() {
  local dir="$1" count="$2"
  mkdir -p "$dir"
  # `|| true`: tr ends with SIGPIPE once head has enough.
  { LC_ALL=C tr -dc '[:lower:]' </dev/urandom 2>/dev/null || true; } |
    head -c $((count * 14 * 7)) | fold -w 7 | awk -v dir="$dir" '
      { words = words " " $0 }
      NR % 14 == 0 {
        i = NR / 14
        file = sprintf("%s/bulk-%04d.txt", dir, i)
        printf "external_id: e2e-bulk-%04d\nlanguage: en\n---\n", i >file
        printf "Bulkword%d e2ecommonword report%s.\n", i, words >file
        close(file)
        words = ""
      }'
  [ "$(find "$dir" -name 'bulk-*.txt' | wc -l)" -eq "$count" ] ||
    fail "could not generate $count files"
}

# --- setup --------------------------------------------------------------------------------

[ -n "${NEWSGRAPH_SKIP_DOCKER_E2E:-}" ] && skip "NEWSGRAPH_SKIP_DOCKER_E2E is set"
if [ -z "$CLI" ] || [ ! -x "$CLI" ]; then
  echo "usage: $0 PATH_TO_newsgraph_CLI" >&2
  exit 1
fi
CLI="$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-e2e.XXXXXX")"
trap cleanup EXIT

phase "Docker engine"
ENGINE_CHECKED=1
set +e
"$ROOT/scripts/docker-engine.sh" start "$WORK/engine" 2> >(tee "$WORK/engine.err" >&2)
engine_status=$?
set -e
sleep 0.2  # let tee finish
case "$engine_status" in
  0) ;;
  77) skip "Docker cannot run here: $(tail -n 1 "$WORK/engine.err")" ;;
  *) fail "no Docker engine could be started (see above)" ;;
esac
read -r -a COMPOSE <<<"$("$ROOT/scripts/docker-engine.sh" compose-command)"
phase "engine $(docker version -f '{{.Server.Version}}'), compose: ${COMPOSE[*]}"

# The file must be valid for both tools; check with every one present.
if docker compose version >/dev/null 2>&1; then
  docker compose -f "$ROOT/docker-compose.yml" config -q ||
    fail "docker compose (v2) rejects the file"
  phase "docker-compose.yml valid for $(docker compose version --short 2>/dev/null || echo v2)"
fi
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f "$ROOT/docker-compose.yml" config -q || fail "docker-compose rejects the file"
  phase "docker-compose.yml valid for docker-compose $(docker-compose version --short)"
fi

phase "base images"
"$ROOT/scripts/docker-base-images.sh" || fail "could not make the debian base images"

export NEWSGRAPH_IMAGE="newsgraph:e2e"
export NEWSGRAPH_PUBLISH_ADDRESS=127.0.0.1
export NEWSGRAPH_BUILD_JOBS="${NEWSGRAPH_BUILD_JOBS:-2}"
INGEST_PORT="$(free_port)"
QUERY_PORT="$(free_port)"
[ "$INGEST_PORT" != "$QUERY_PORT" ] || QUERY_PORT="$(free_port)"
export NEWSGRAPH_INGEST_PORT="$INGEST_PORT" NEWSGRAPH_QUERY_PORT="$QUERY_PORT"
# Metrics ports too, so a stack already running with the defaults does not collide.
QUERY_METRICS_PORT="$(free_port)"
INGEST_METRICS_PORT="$(free_port)"
export NEWSGRAPH_QUERY_METRICS_PORT="$QUERY_METRICS_PORT"
export NEWSGRAPH_INGEST_METRICS_PORT="$INGEST_METRICS_PORT"

phase "building $NEWSGRAPH_IMAGE (cached layers are reused; log: build.log)"
build_start=$SECONDS
if ! timeout 2700 "${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/docker-compose.yml" build \
  >"$WORK/build.log" 2>&1; then
  tail -n 40 "$WORK/build.log" >&2
  fail "image build failed"
fi
cached="$(grep -c 'Using cache' "$WORK/build.log" || true)"
image_bytes="$(docker image inspect -f '{{.Size}}' "$NEWSGRAPH_IMAGE")"
phase "image built in $((SECONDS - build_start)) s ($cached cached steps):" \
  "$((image_bytes / 1000000)) MB"
[ "$image_bytes" -lt 200000000 ] || fail "image is $image_bytes bytes, over 200 MB"
expect_eq "$(docker run --rm "$NEWSGRAPH_IMAGE" id -u)" 10001 "user id in the image"

phase "up: extract ×3, ingest, query (ingest on :$INGEST_PORT, query on :$QUERY_PORT)"
timeout 600 "${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/docker-compose.yml" up -d --scale extract=3 \
  >"$WORK/up.log" 2>&1 || {
  cat "$WORK/up.log" >&2
  fail "compose up failed"
}
wait_healthy 5
health="$(compose exec -T ingest newsgraph --json health)" ||
  fail "health inside the network: $health"
expect_eq "$(grep -c '"status":"SERVING"' <<<"$health" || true)" 3 \
  "services SERVING (newsgraph health in ingest, over the compose network)"

# --- samples: search and entities -------------------------------------------------------

sample_count="$(find "$ROOT/samples" -type f \( -name '*.txt' -o -name '*.html' \) | wc -l)"
phase "ingest samples/ ($sample_count files) from the host"
out="$(cli --json --progress=false ingest "$ROOT/samples")" || fail "ingest samples: $out"
expect_eq "$(grep -c '"outcome":"INGEST_OUTCOME_STORED"' <<<"$out" || true)" "$sample_count" \
  "samples stored (the store was empty)"

out="$(cli --json search Samsung va TSMC cong bo)" || fail "search: $out"
grep -q '"title":"Samsung và TSMC công bố' <<<"$out" ||
  fail "search without diacritics should find the Vietnamese chips article: $out"
[ "$(hits μακρον)" -ge 1 ] || fail "search 'μακρον' (Greek, no tonos) finds nothing"
[ "$(hits берлін)" -ge 1 ] || fail "search 'берлін' (Ukrainian) finds nothing"
entity="$(cli --json entity ng:person/emmanuel-macron)" || fail "entity: $entity"
[ "$(json_number document_count "$entity")" -ge 5 ] ||
  fail "Macron should be in the 5 macron-berlin articles (en, de, uk, ru, el): $entity"
stories="$(cli --json stories)" || fail "stories: $stories"
grep -q '"member_count":5,"languages":\["de","el","en","ru","uk"\]' <<<"$stories" ||
  fail "the five macron-berlin reports (de, el, en, ru, uk) should be one story: $stories"
metrics="$(curl -fsS "http://127.0.0.1:$QUERY_METRICS_PORT/metrics")" ||
  fail "query's /metrics is not reachable on :$QUERY_METRICS_PORT"
grep -Eq '^newsgraph_rpc_requests_total\{[^}]*method="Search"[^}]*code="OK"[^}]*\} [1-9]' \
  <<<"$metrics" || fail "query's /metrics should count the searches just made"
curl -fsS "http://127.0.0.1:$INGEST_METRICS_PORT/metrics" | grep -q '^newsgraph_ingest_documents ' ||
  fail "ingest's /metrics should report newsgraph_ingest_documents"

# --- docker kill of ingest in the middle of a streamed bulk load ---------------------------

phase "bulk load of $BULK_DOCUMENTS documents; docker kill ingest mid-stream"
generate_bulk "$WORK/bulk" "$BULK_DOCUMENTS"
# Looked up before the load: the compose tool takes a second to start, enough for hundreds of
# documents.
ingest_id="$(container_of ingest)"
# One JSON line per acknowledged document, written as it arrives (stdbuf: line-buffered).
stdbuf -oL "$CLI" --ingest="127.0.0.1:$INGEST_PORT" --json --progress=false ingest \
  "$WORK/bulk" >"$WORK/bulk1.out" 2>"$WORK/bulk1.err" &
CLI_PID=$!
deadline=$((SECONDS + 120))
while [ "$(grep -c '"document_id"' "$WORK/bulk1.out" || true)" -lt 150 ]; do
  kill -0 "$CLI_PID" 2>/dev/null || fail "the bulk load ended before the kill: $(tail -n 3 \
    "$WORK/bulk1.out" "$WORK/bulk1.err")"
  [ $SECONDS -lt $deadline ] || fail "the bulk load does not progress"
  sleep 0.05
done
docker kill "$ingest_id" >/dev/null
set +e
wait "$CLI_PID"
cli_status=$?
set -e
CLI_PID=""
[ "$cli_status" -ne 0 ] || fail "the CLI did not notice the kill: $(tail -n 2 "$WORK/bulk1.out")"
# Only complete lines: the last one may have been cut by the kill.
grep '}$' "$WORK/bulk1.out" | while read -r line; do json_string document_id "$line"; done \
  >"$WORK/acknowledged"
acked="$(wc -l <"$WORK/acknowledged")"
[ "$acked" -gt 0 ] || fail "no acknowledged documents: $(head -c 300 "$WORK/bulk1.out")"
[ "$(sort -u "$WORK/acknowledged" | wc -l)" -eq "$acked" ] ||
  fail "the same document id was acknowledged twice"
[ "$acked" -lt "$BULK_DOCUMENTS" ] || fail "the kill came too late: all documents acknowledged"
phase "$acked of $BULK_DOCUMENTS acknowledged before the kill; starting ingest again"
compose start ingest >/dev/null 2>&1 || fail "compose start ingest"
wait_healthy 5

# Every acknowledged document is stored and indexed: sampled (every 10th and the last), each is
# there and found, alone, by its own word; all are counted by the word they share.
while read -r doc_id; do
  out="$(document_json "$doc_id")" || fail "acknowledged doc $doc_id after the restart: $out"
  n="$(grep -oE 'Bulkword[0-9]+' <<<"$out" | head -n 1 | grep -oE '[0-9]+' || true)"
  [ -n "$n" ] || fail "acknowledged doc $doc_id is not there after the restart: $out"
  out="$(cli --json search "bulkword$n")" || fail "search bulkword$n: $out"
  expect_eq "$(json_strings document_id "$out" | tr '\n' ' ')" "$doc_id " \
    "documents found by bulkword$n (acknowledged as doc $doc_id)"
done < <(awk 'NR % 10 == 0 { print } END { print }' "$WORK/acknowledged")
present="$(hits e2ecommonword)"
[ "$present" -ge "$acked" ] || fail "only $present bulk documents stored, $acked were acknowledged"

# Re-sending everything: each acknowledged document is "unchanged" under its first id (its
# external_id), the rest is stored, nothing fails, and in the end each document is there once.
out="$(cli --json --progress=false ingest "$WORK/bulk")" ||
  fail "bulk reload: $(grep -v '"outcome":"INGEST_OUTCOME_\(STORED\|UNCHANGED\)"' <<<"$out" |
    head -n 3)"
grep '"outcome":"INGEST_OUTCOME_UNCHANGED"' <<<"$out" |
  while read -r line; do json_string document_id "$line"; done | sort >"$WORK/unchanged"
missing="$(sort "$WORK/acknowledged" | comm -23 - "$WORK/unchanged" | head -n 5 | tr '\n' ' ')"
[ -z "$missing" ] || fail "acknowledged documents not unchanged on the reload: $missing"
expect_eq "$(grep -c '"outcome":"INGEST_OUTCOME_\(STORED\|UNCHANGED\)"' <<<"$out" || true)" \
  "$BULK_DOCUMENTS" "reload results stored or unchanged"
expect_eq "$(hits e2ecommonword)" "$BULK_DOCUMENTS" "bulk documents after the reload"

# Extract calls were spread over the three replicas (round robin over the name's addresses).
extract_calls_per_replica >"$WORK/spread"
phase "extract calls per replica: $(awk '{ print $2 }' "$WORK/spread" | tr '\n' ' ')"
expect_eq "$(wc -l <"$WORK/spread")" 3 "extract replicas"
awk '$2 == 0 { exit 1 }' "$WORK/spread" ||
  fail "an extract replica got no calls: $(cat "$WORK/spread")"

# --- restart policy: a crash (not a `docker kill`, which counts as a manual stop) -------------

query_id="$(container_of query)"
query_pid="$(docker inspect -f '{{.State.Pid}}' "$query_id")"
if [ "$(id -u)" = 0 ] && [ -d "/proc/$query_pid" ]; then
  phase "kill -9 of query's process (pid $query_pid): the restart policy restarts it"
  kill -9 "$query_pid"
  deadline=$((SECONDS + 60))
  until [ "$(docker inspect -f '{{.RestartCount}}' "$query_id")" -ge 1 ]; do
    [ $SECONDS -lt $deadline ] || fail "query was not restarted after its crash"
    sleep 0.5
  done
  wait_healthy 5
  expect_eq "$(hits e2ecommonword)" "$BULK_DOCUMENTS" "bulk documents after query's restart"
else
  phase "restart policy not checked: query's process is not visible from here"
fi

# --- extract down: ingest still answers; extract back: the entities arrive -----------------

phase "stop extract: ingest stores the document as pending"
compose stop extract >/dev/null 2>&1 || fail "compose stop extract"
cat >"$WORK/pending.txt" <<'EOF'
title: Merz and Macron meet again in Berlin
external_id: e2e-pending-1
language: en
---
BERLIN – Chancellor Friedrich Merz received Emmanuel Macron in Berlin on Monday for a second
round of talks. Pendingword was the code name of the meeting, reporters were told.
EOF
out="$(cli --json ingest "$WORK/pending.txt")" ||
  fail "ingest with extract down should succeed: $out"
expect_eq "$(json_string state "$out")" DOCUMENT_STATE_PENDING_EXTRACTION "state of the document"
pending_id="$(json_string document_id "$out")"
[ -n "$pending_id" ] || fail "no document id in: $out"
out="$(document_json "$pending_id")" || fail "doc $pending_id: $out"
expect_eq "$(json_string state "$out")" DOCUMENT_STATE_PENDING_EXTRACTION "state of doc $pending_id"
if grep -q '"mentions":\[{' <<<"$out"; then fail "doc $pending_id has mentions already: $out"; fi

phase "start extract: doc $pending_id gets its entities"
compose start extract >/dev/null 2>&1 || fail "compose start extract"
wait_healthy 5
deadline=$((SECONDS + 180))
until [ "$(json_string state "$(document_json "$pending_id")")" = DOCUMENT_STATE_EXTRACTED ]; do
  [ $SECONDS -lt $deadline ] || fail "doc $pending_id got no entities within 180 s of extract"
  sleep 1
done
out="$(document_json "$pending_id")" || fail "doc $pending_id: $out"
grep -q '"mentions":\[{' <<<"$out" || fail "doc $pending_id is extracted but has no mentions: $out"
entity="$(cli --json entity ng:person/friedrich-merz)" || fail "entity: $entity"
grep -oE '"document_ids":\[[^]]*\]' <<<"$entity" | grep -q "\"$pending_id\"" ||
  fail "Merz's documents should include doc $pending_id: $entity"
phase "doc $pending_id: $(json_strings entity_id "$out" | sort -u | wc -l) entities"

# --- upgrade: new containers, same volume --------------------------------------------------

phase "recreate every container (what an upgrade does): the store stays"
# The replica count from the environment this time, as an .env file would give it.
NEWSGRAPH_EXTRACT_REPLICAS=3 timeout 600 "${COMPOSE[@]}" -p "$PROJECT" \
  -f "$ROOT/docker-compose.yml" up -d --force-recreate >"$WORK/up2.log" 2>&1 || {
  cat "$WORK/up2.log" >&2
  fail "compose up --force-recreate failed"
}
wait_healthy 5
expect_eq "$(compose ps -q extract | wc -l)" 3 "extract replicas from NEWSGRAPH_EXTRACT_REPLICAS"
expect_eq "$(hits e2ecommonword)" "$BULK_DOCUMENTS" "bulk documents after recreating"
expect_eq "$(hits pendingword)" 1 "the pending document after recreating"

# --- clean stop and down -v --------------------------------------------------------------

phase "stop: every service drains and exits 0 on SIGTERM"
compose stop >/dev/null 2>&1 || fail "compose stop"
mapfile -t ids < <(project_containers)
while read -r name code; do
  expect_eq "$code" 0 "exit code of $name after SIGTERM"
done < <(docker inspect -f '{{.Name}} {{.State.ExitCode}}' "${ids[@]}")

phase "down -v"
compose down -v >/dev/null 2>&1 || fail "compose down -v"
[ -z "$(project_containers)" ] || fail "containers left after down -v"
volumes="$(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT")"
[ -z "$volumes" ] || fail "volume left after down -v: $volumes"
# --- secured: TLS, mutual TLS between ingest and extract, API keys ------------------------

phase "secured: deploy/compose.secure.yml with certificates from scripts/make-certs.sh"
export NEWSGRAPH_SECRETS_DIR="$WORK/secrets"
"$ROOT/scripts/make-certs.sh" "$NEWSGRAPH_SECRETS_DIR/certs" >/dev/null || fail "make-certs.sh"
api_key="e2e-key-$RANDOM$RANDOM-0123456789"
echo "$api_key" >"$NEWSGRAPH_SECRETS_DIR/api-keys"
# Mounted read-only into containers that run as uid 10001.
chmod 755 "$NEWSGRAPH_SECRETS_DIR" "$NEWSGRAPH_SECRETS_DIR/certs"
chmod 644 "$NEWSGRAPH_SECRETS_DIR/api-keys"
secure=("${COMPOSE[@]}" -p "$PROJECT" -f "$ROOT/docker-compose.yml"
  -f "$ROOT/deploy/compose.secure.yml")
timeout 600 "${secure[@]}" up -d >"$WORK/up-secure.log" 2>&1 || {
  cat "$WORK/up-secure.log" >&2
  fail "secured compose up failed"
}
# Health checks pass only if the CLI inside each container speaks TLS with the client certificate.
wait_healthy 3
tls_cli() { NEWSGRAPH_TLS_CA_FILE="$NEWSGRAPH_SECRETS_DIR/certs/ca.pem" cli "$@"; }
out="$(NEWSGRAPH_API_KEY="$api_key" tls_cli --json --progress=false ingest "$ROOT/samples")" ||
  fail "secured ingest of samples/: $out"
out="$(NEWSGRAPH_API_KEY="$api_key" tls_cli --json entity ng:person/emmanuel-macron)" ||
  fail "secured entity: $out"
[ "$(json_number document_count "$out")" -ge 5 ] ||
  fail "extract (mutual TLS) should have linked Macron in 5 samples: $out"
out="$(tls_cli search Macron 2>&1)" && fail "a search without the API key should fail: $out"
grep -q "API key" <<<"$out" || fail "a search without the key should say why: $out"
out="$(cli --timeout_ms=3000 search Macron 2>&1)" && fail "plaintext should be refused: $out"
timeout 300 "${secure[@]}" down -v >/dev/null 2>&1 || fail "secured compose down -v"

echo "PASSED: compose deployment end to end; image $((image_bytes / 1000000)) MB," \
  "$acked/$BULK_DOCUMENTS acknowledged before the kill, all present"
