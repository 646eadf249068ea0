#!/usr/bin/env bash
# Builds the Debian base that the local stand-in images start FROM, for machines
# that cannot pull from an image registry. Skipped when the image already exists.
set -euo pipefail
image=${1:-simplerr-lab/debian:bookworm}
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "local-images: $image already present"; exit 0
fi
command -v mmdebstrap >/dev/null || { echo "local-images: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
tar=$(mktemp --suffix=.tar)
trap 'rm -f "$tar"' EXIT
echo "local-images: building $image from Debian's packages (about a minute)"
mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$tar"
docker import --change 'CMD ["/bin/bash"]' "$tar" "$image" >/dev/null
echo "local-images: $image ready"
