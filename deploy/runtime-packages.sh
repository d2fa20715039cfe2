#!/usr/bin/env bash
# Prints, one per line, the Debian packages that provide the shared libraries the given binaries
# load (directly or not): what the runtime image must install. Run where the binaries were built.
# Exit 1 when a library belongs to no package (it would be missing at run time).
#
# Usage: deploy/runtime-packages.sh BINARY...
set -euo pipefail

ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | while read -r lib; do
  real="$(readlink -f "$lib")"
  # Merged /usr: dpkg may know the file under /lib or /usr/lib, ldd may print either.
  for candidate in "$lib" "$real" "${lib#/usr}" "/usr${lib}" "${real#/usr}" "/usr${real}"; do
    if owner="$(dpkg-query -S "$candidate" 2>/dev/null)"; then
      echo "${owner%%:*}"  # "libfoo1:amd64: /usr/lib/..." → libfoo1
      continue 2
    fi
  done
  echo "runtime-packages: no Debian package provides ${lib}" >&2
  exit 1
done | sort -u
