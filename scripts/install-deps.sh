#!/usr/bin/env bash
# Installs, from Debian 12 packages, whatever newsgraph needs to build and test that is missing.
# Idempotent: installs nothing when everything is present. Never downloads anything else.
#
# Usage: scripts/install-deps.sh [--print]   (--print: only print the apt-get line, if any)
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config make git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  libicu-dev librocksdb-dev libgtest-dev libgmock-dev libbenchmark-dev libcld2-dev libgumbo-dev
  libstemmer-dev
  libcpp-httplib-dev  # the services' metrics endpoint (common/metrics)
  openssl  # scripts/make-certs.sh (TLS tests, secured deployments)
  python3-xapian  # bench/compare.sh compares with Xapian (SQLite FTS5 is in python3)
)

# `make fuzz` (NEWSGRAPH_FUZZ_DEPS=1): clang with libFuzzer and the ASan/UBSan runtimes (fuzz/).
if [ "${NEWSGRAPH_FUZZ_DEPS:-0}" = 1 ]; then
  PACKAGES+=(clang libclang-rt-14-dev)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# The client examples and their contract tests (tests/contract) need Debian's Python gRPC and
# node + npm; NEWSGRAPH_SKIP_CLIENT_DEPS=1 leaves them out (an image build that only compiles
# the services). Any node/npm on PATH will do: NodeSource's nodejs bundles npm and conflicts
# with Debian's npm package, so those are checked as commands, not packages.
if [ "${NEWSGRAPH_SKIP_CLIENT_DEPS:-0}" != 1 ]; then
  for pkg in python3-grpcio python3-protobuf; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

apt_line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "${1:-}" = "--print" ]; then
  echo "$apt_line"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "newsgraph: missing Debian packages: ${missing[*]}" >&2
  echo "newsgraph: run as root:  apt-get update && $apt_line" >&2
  exit 1
fi

echo "newsgraph: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "newsgraph: dependencies installed" >&2
