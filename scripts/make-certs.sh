#!/usr/bin/env bash
# Makes a local certificate authority and the certificates newsgraph's services need for TLS and
# mutual TLS, for tests and for a private docker compose deployment. Not for the public internet:
# the CA key sits next to the certificates.
#
# Usage: scripts/make-certs.sh OUT_DIR [NAMES]
#   NAMES: comma-separated host names/IPs the server certificate is valid for
#          (default: localhost,127.0.0.1,ingest,extract,query)
# Writes into OUT_DIR (created if needed; existing files are replaced):
#   ca.pem ca.key          the CA (10 years)
#   server.pem server.key  server certificate for every service, SANs = NAMES (2 years)
#   client.pem client.key  client certificate (CN=newsgraph-ingest) for ingest → extract mTLS
set -euo pipefail

out=${1:?usage: scripts/make-certs.sh OUT_DIR [NAMES]}
names=${2:-localhost,127.0.0.1,ingest,extract,query}
command -v openssl >/dev/null || { echo "make-certs: openssl is missing (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"
cd "$out"
umask 077

san=""
IFS=',' read -ra parts <<<"$names"
for name in "${parts[@]}"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then san+="IP:$name,"; else san+="DNS:$name,"; fi
done
san=${san%,}

openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=newsgraph local CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem 2>/dev/null

# $1 = file stem, $2 = subject CN, $3 = extensions
issue() {
  openssl ecparam -name prime256v1 -genkey -noout -out "$1.key" 2>/dev/null
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days 730 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue server "newsgraph" "subjectAltName=$san
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature"
issue client "newsgraph-ingest" "extendedKeyUsage=clientAuth
keyUsage=critical,digitalSignature"
rm -f ca.srl
# The services run as uid 10001 in the image; keys must be readable by it when mounted.
chmod 644 ./*.pem server.key client.key
chmod 600 ca.key
echo "make-certs: CA and certificates for $names in $out"
