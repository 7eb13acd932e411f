#!/usr/bin/env bash
# `npm run dev`: the node in the real n8n, ready to try (scripts/dev/dev.ts says what it starts).
#
#   npm run dev                                         # a local Kustomer stand-in with sample data
#   KUSTOMER_API_KEY=… KUSTOMER_ORG=acme npm run dev    # your Kustomer (or KUSTOMER_REGION=us|eu|in|<base URL>)
#   N8N_PORT=5679 npm run dev                           # another port (default 5678, or a free one if taken)
#
# On a fresh clone: installs the dependencies when missing (npm ci), n8n 2.41.1 on Node 24 into the cache the
# e2e tests use (scripts/e2e/install-n8n.sh, once: a few minutes), builds the package and compiles the dev
# script with the mock (tsconfig.dev.json → .dev/), then hands over to it.
set -euo pipefail

LOG_TAG=dev
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
DEV_STARTED_AT="$(date +%s%3N)"
export DEV_STARTED_AT

if [[ ! -x node_modules/.bin/tsc ]]; then
  log "installing the dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
bash "$REPO/scripts/e2e/install-n8n.sh" >/dev/null
log "building the package and the dev script"
npm run --silent build
node_modules/.bin/tsc -p tsconfig.dev.json
exec node .dev/scripts/dev/dev.js
