#!/usr/bin/env bash
# Builds a minimal Debian base that the local stand-in images start FROM, for machines that cannot
# pull from an image registry: simplerr-lab/debian:SUITE, made with mmdebstrap and `docker import`
# (about a minute each). Skipped when the image already exists.
#   debian-base.sh bookworm   the Node image's base (as node:24-bookworm-slim)
#   debian-base.sh trixie     MariaDB 11.8's (Debian 13 packages it)
#   debian-base.sh sid        MySQL 9.7's (only unstable packages Oracle's MySQL server)
set -euo pipefail
suite=${1:?usage: debian-base.sh bookworm|trixie|sid}
image=simplerr-lab/debian:$suite
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "local-images: $image already present"; exit 0
fi
command -v mmdebstrap >/dev/null || { echo "local-images: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
apt_options=()
# The archive reachable here may be a snapshot: unstable's Release file says it expired after a week.
# Written into the image too, so `apt-get update` in a Dockerfile FROM it works the same way.
if [ "$suite" = sid ]; then apt_options+=(--aptopt='Acquire::Check-Valid-Until "false"'); fi
tar=$(mktemp --suffix=.tar)
trap 'rm -f "$tar"' EXIT
echo "local-images: building $image from Debian's packages (about a minute)"
mmdebstrap --quiet --variant=minbase --include=ca-certificates "${apt_options[@]}" "$suite" "$tar"
docker import --change 'CMD ["/bin/bash"]' "$tar" "$image" >/dev/null
echo "local-images: $image ready ($SECONDS s)"
