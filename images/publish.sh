#!/usr/bin/env bash
# Push the published images of images/build.sh to their registry (the chart's default names):
#   images/publish.sh [OUT]     after `skopeo login ghcr.io` (or the registry of HW_IMAGE_REGISTRY)
# Only operator and ingest-runtime are published; the test-only images stay local.
# Each is copied as built (same layers, same digest of its layers), then tagged `latest` only if
# HW_PUBLISH_LATEST=1.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/target}"
# shellcheck source=/dev/null
source "$OUT/images.env"
for pair in "operator:$OPERATOR_IMAGE" "ingest-runtime:$INGEST_RUNTIME_IMAGE"; do
  file="$OUT/${pair%%:*}.tar"
  ref="${pair#*:}"
  skopeo copy --quiet "docker-archive:$file" "docker://$ref"
  echo "[publish] $ref"
  if [[ "${HW_PUBLISH_LATEST:-0}" == 1 ]]; then
    skopeo copy --quiet "docker://$ref" "docker://${ref%:*}:latest"
    echo "[publish] ${ref%:*}:latest"
  fi
done
