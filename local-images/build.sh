#!/usr/bin/env bash
# Builds the stand-in images that IMAGES=local uses instead of pulling, for machines without an image
# registry: the Debian base (debian-base.sh), Debian's MariaDB 10.11 as simplerr-lab/mariadb:10.11-local,
# and this machine's Node as simplerr-lab/node:20-local. An image that exists is skipped;
# --rebuild builds the MariaDB and Node images again (the base stays).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
base=simplerr-lab/debian:bookworm
mariadb_image=simplerr-lab/mariadb:10.11-local
node_image=simplerr-lab/node:20-local
rebuild=${1:-}

needs_build() {
  if [ "$rebuild" != --rebuild ] && docker image inspect "$1" >/dev/null 2>&1; then
    echo "local-images: $1 already present"
    return 1
  fi
  echo "local-images: building $1"
}

# The build context of the Node image: the host's node binary, npm, CA bundle and npm settings.
stage_node_context() {
  local context=$1 node npm_dir major
  node=$(readlink -f "$(command -v node)") || { echo "local-images: node is not installed on this machine" >&2; return 1; }
  major=$("$node" -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "local-images: this machine's node is $("$node" --version); the lab needs Node 20 or later" >&2
    return 1
  fi
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  cp "$node" "$context/node"
  cp -a "$npm_dir" "$context/npm"
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

"$here/debian-base.sh" "$base"

if needs_build "$mariadb_image"; then
  docker build --build-arg BASE_IMAGE="$base" -t "$mariadb_image" "$here/mariadb"
fi

if needs_build "$node_image"; then
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  stage_node_context "$context"
  docker build --build-arg BASE_IMAGE="$base" -t "$node_image" "$context"
fi
