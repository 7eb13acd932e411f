#!/usr/bin/env bash
# `npm run test:e2e`: end-to-end test of the packed package inside the real n8n app.
#
#   npm run test:e2e                                   # n8n 2.41.1 (Node 24)
#   N8N_E2E_VERSIONS="2.41.1 2.8.4" npm run test:e2e   # also the oldest supported n8n (Node 20)
#   npm run test:e2e -- -t bulkUpdate                  # extra arguments go to jest
#
# For each n8n version: installs it once into the cache (scripts/e2e/install-n8n.sh, outside the
# repository), then runs jest -c jest.e2e.config.js against the tarball that `npm pack` made of this
# build. Environment: N8N_E2E_CACHE (cache folder), N8N_E2E_KEEP=1 (keep the n8n user folders).
set -euo pipefail

LOG_TAG=test:e2e
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
VERSIONS="${N8N_E2E_VERSIONS:-${N8N_E2E_VERSION:-2.41.1}}"
t0=$(date +%s)
build_and_pack

status=0
for version in $VERSIONS; do
  t1=$(date +%s)
  N8N_E2E_VERSION="$version" bash "$REPO/scripts/e2e/install-n8n.sh" >/dev/null
  t2=$(date +%s)
  log "n8n $version ready in $((t2 - t1)) s; running the e2e suite"
  if N8N_E2E_VERSION="$version" N8N_E2E_TARBALL="$TARBALL" npx jest -c jest.e2e.config.js "$@"; then
    log "n8n $version: passed in $(( $(date +%s) - t2 )) s"
  else
    status=1
    log "n8n $version: FAILED after $(( $(date +%s) - t2 )) s"
  fi
done
log "total $(( $(date +%s) - t0 )) s"
exit $status
