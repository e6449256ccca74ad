#!/bin/sh
# Make a private CA, a server certificate for Redis and a client certificate, with openssl, into
# ./certs (or the folder given as $1). Re-run to renew them (existing files are replaced).
#
#   ./gen-certs.sh [DIR] [SERVER_NAME...]
#
# SERVER_NAME: extra DNS names for the server certificate (default: redis and localhost are in it).
# The CA key never leaves DIR: keep it offline if you can. Give applications ca.crt plus a client
# pair of their own (run the client part again with another name, see README.md).
set -eu

dir=${1:-./certs}
[ $# -gt 0 ] && shift
days_ca=3650
days_cert=825

umask 077
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"

san="DNS:redis,DNS:localhost,IP:127.0.0.1"
for name in "$@"; do
    san="$san,DNS:$name"
done

# CA
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -sha256 -key ca.key -days "$days_ca" -subj "/CN=redis-tls-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.crt

# Server certificate (Redis)
openssl ecparam -name prime256v1 -genkey -noout -out redis.key
openssl req -new -sha256 -key redis.key -subj "/CN=redis" -out redis.csr
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' "$san" > redis.ext
openssl x509 -req -sha256 -in redis.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days_cert" \
    -extfile redis.ext -out redis.crt

# Client certificate (the healthcheck; make one per application the same way)
openssl ecparam -name prime256v1 -genkey -noout -out client.key
openssl req -new -sha256 -key client.key -subj "/CN=redis-client" -out client.csr
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -sha256 -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days_cert" \
    -extfile client.ext -out client.crt

rm -f redis.csr client.csr redis.ext client.ext ca.srl
# Compose mounts these files as secrets with their own mode, and Redis runs as uid 999: the keys
# it reads must be readable by it. The folder stays 0700, so other users of the host cannot reach
# them; ca.key is never mounted and stays 0600.
chmod 644 ca.crt redis.crt client.crt redis.key client.key
chmod 600 ca.key
echo "certificates written to $(pwd)"
