#!/usr/bin/env bash
# Builds the base images deploy/Dockerfile starts from, debian:bookworm and debian:bookworm-slim,
# when the Docker engine does not have them and no registry can provide them: a debootstrap
# (minbase) of bookworm from the Debian mirror apt on this machine already uses, imported with
# `docker import`. The slim variant is the same tree without documentation, man pages and
# locales. Inside both images apt points to the same mirror(s) as the host's apt.
#
# Usage: scripts/docker-base-images.sh [--force]   (--force: rebuild even when both exist)
# Exit 0: both images exist. Exit 1: they could not be made (reason on stderr). Needs root (for
# debootstrap) only when an image is missing.
set -euo pipefail

FULL=debian:bookworm
SLIM=debian:bookworm-slim
SUITE=bookworm

log() { echo "docker-base-images: $*" >&2; }

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

if [ "${1:-}" != "--force" ] && have_image "$FULL" && have_image "$SLIM"; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  log "$FULL / $SLIM are missing and building them with debootstrap needs root"
  exit 1
fi

# "URI SUITE COMPONENT" for every enabled `deb` entry of apt's sources on this machine, one-line
# (sources.list, *.list) and deb822 (*.sources) alike. Read from the files, not from apt-cache,
# because on a fresh machine apt's lists may not have been downloaded yet.
apt_sources() {
  local SL="" SP="" files=() f
  eval "$(apt-config shell SL Dir::Etc::sourcelist/f SP Dir::Etc::sourceparts/d)"
  SL="${SL:-/etc/apt/sources.list}"
  SP="${SP:-/etc/apt/sources.list.d/}"
  [ -f "$SL" ] && files+=("$SL")
  for f in "$SP"/*.list; do [ -f "$f" ] && files+=("$f"); done
  {
    if [ ${#files[@]} -gt 0 ]; then
      awk '
        { sub(/#.*/, "") }
        $1 == "deb" {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }  # [arch=... signed-by=...]
          for (j = i + 2; j <= NF; j++) print $i, $(i + 1), $j
        }' "${files[@]}"
    fi
    for f in "$SP"/*.sources; do
      [ -f "$f" ] || continue
      # Stanzas end at a blank line; field names are case-insensitive; a value goes on over
      # lines that start with white space.
      awk '
        function flush(   i, j, k, nu, ns, nc, uris, suites, comps) {
          if (f["types"] ~ /(^|[ \t])deb([ \t]|$)/ && f["enabled"] !~ /^[ \t]*[Nn][Oo][ \t]*$/) {
            nu = split(f["uris"], uris); ns = split(f["suites"], suites)
            nc = split(f["components"], comps)
            for (i = 1; i <= nu; i++) for (j = 1; j <= ns; j++) for (k = 1; k <= nc; k++)
              print uris[i], suites[j], comps[k]
          }
          delete f; key = ""
        }
        /^#/ { next }
        /^[ \t]*$/ { flush(); next }
        /^[ \t]/ { if (key != "") f[key] = f[key] " " $0; next }
        {
          key = tolower(substr($0, 1, index($0, ":") - 1))
          f[key] = substr($0, index($0, ":") + 1)
        }
        END { flush() }' "$f"
    done
  } | awk '{ sub(/\/+$/, "", $1); print $1, $2, $3 }'  # ".../debian/" is ".../debian"
}

# Whether apt's downloaded Release file of URI SUITE (if there is one) says Origin: Debian; a
# third-party archive that also calls its suite "bookworm" must not be debootstrapped from.
debian_origin() {
  local uri="$1" suite="$2" lists="" release
  eval "$(apt-config shell lists Dir::State::lists/d)"
  release="${lists:-/var/lib/apt/lists/}$(sed -E 's|^[a-z+]+://||; s|/|_|g' <<<"$uri")"
  release="${release}_dists_${suite}_"
  local found=0
  for file in "${release}InRelease" "${release}Release"; do
    [ -f "$file" ] || continue
    found=1
    grep -q '^Origin: Debian$' "$file" && return 0
  done
  [ "$found" = 0 ]  # no downloaded Release file: trust the suite name
}

sources=()
while read -r uri suite component; do
  case "$suite" in "$SUITE" | "$SUITE-updates" | "$SUITE-security") ;; *) continue ;; esac
  debian_origin "$uri" "$suite" && sources+=("$uri $suite $component")
done < <(apt_sources | sort -u)
mirror=""
for line in "${sources[@]}"; do
  read -r uri suite component <<<"$line"
  if [ -z "$mirror" ] && [ "$suite" = "$SUITE" ] && [ "$component" = main ]; then mirror="$uri"; fi
done
if [ -z "$mirror" ]; then
  log "apt on this machine has no Debian '$SUITE main' source to debootstrap from"
  log "(apt's sources: $(apt_sources | tr '\n' ';'))"
  exit 1
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap \
    >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
fi

work="$(mktemp -d /var/tmp/newsgraph-rootfs.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

log "debootstrap --variant=minbase $SUITE from $mirror (a few minutes)"
if ! debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  log "debootstrap failed; the end of its log:"
  tail -n 20 "$work/debootstrap.log" >&2
  tail -n 20 "$rootfs/debootstrap/debootstrap.log" >&2 2>/dev/null || true
  exit 1
fi

# apt in the images uses what the host's apt uses: one line per (URL, suite), its components.
{
  echo "# Written by newsgraph scripts/docker-base-images.sh from the host's apt sources."
  for line in "${sources[@]}"; do
    read -r url suite _ <<<"$line"
    echo "$url $suite"
  done | sort -u | while read -r url suite; do
    components="$(printf '%s\n' "${sources[@]}" | awk -v u="$url" -v s="$suite" \
      '$1 == u && $2 == s { print $3 }' | sort -u | tr '\n' ' ')"
    echo "deb $url $suite ${components% }"
  done
} >"$rootfs/etc/apt/sources.list"
# Like Docker's official Debian images: no recommends, no package caches left in layers.
cat >"$rootfs/etc/apt/apt.conf.d/90newsgraph-docker" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke {
  "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true";
  "rm -f /var/cache/apt/*.bin || true";
};
APT::Update::Post-Invoke {
  "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true";
  "rm -f /var/cache/apt/*.bin || true";
};
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/debootstrap
rm -f "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf"

log "importing $FULL"
tar -C "$rootfs" --numeric-owner -c . | docker import --change 'CMD ["bash"]' - "$FULL" >/dev/null

# Slim: what Docker's bookworm-slim leaves out, and dpkg told not to bring it back.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/usr/share/lintian/* "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
log "importing $SLIM"
tar -C "$rootfs" --numeric-owner -c . | docker import --change 'CMD ["bash"]' - "$SLIM" >/dev/null
log "$FULL: $(docker image inspect -f '{{.Size}}' "$FULL") bytes; $SLIM: $(docker image inspect \
  -f '{{.Size}}' "$SLIM") bytes"
