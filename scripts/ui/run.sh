#!/usr/bin/env bash
# `npm run test:ui`: the Kustomer node in the real n8n editor, in a real browser.
#
#   npm run test:ui                               # build, pack, n8n 2.41.1, Chromium, jest -c jest.ui.config.js
#   npm run test:ui -- -t 'Bulk Update'           # extra arguments go to jest
#   UI_SCREENSHOTS_DIR=docs npm run test:ui       # refresh the README's screenshots (docs/*.png)
#
# Needs, and installs when missing:
#   - Debian's chromium at /usr/bin/chromium (apt-get, as root; CHROMIUM_PATH points elsewhere), driven by
#     the devDependency playwright-core: Playwright's own browser download is never used;
#   - n8n 2.41.1 on Node 24 in the cache outside the repository (scripts/e2e/install-n8n.sh, shared with
#     `npm run test:e2e`: a cache the e2e run filled is reused).
# Environment: N8N_E2E_VERSION / N8N_E2E_CACHE (which n8n, where), N8N_E2E_KEEP=1 (keep n8n's user folder),
# UI_SCREENSHOTS_DIR (default: a new temporary folder, printed at the end).
set -euo pipefail

LOG_TAG=test:ui
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
t0=$(date +%s)

if [[ ! -x "$CHROMIUM" ]]; then
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    log "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
    exit 1
  fi
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    log "$CHROMIUM is missing: install Debian's chromium (sudo apt-get install -y chromium) or set CHROMIUM_PATH"
    exit 1
  fi
  log "installing Debian's chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
log "$("$CHROMIUM" --version 2>/dev/null | head -n1)"
t1=$(date +%s)

if [[ ! -f node_modules/playwright-core/package.json ]]; then
  log "node_modules/playwright-core is missing: run npm ci first"
  exit 1
fi

build_and_pack

bash "$REPO/scripts/e2e/install-n8n.sh" >/dev/null
t2=$(date +%s)
log "prerequisites ready: chromium $((t1 - t0)) s, build + pack + n8n $((t2 - t1)) s"

status=0
N8N_E2E_TARBALL="$TARBALL" CHROMIUM_PATH="$CHROMIUM" npx jest -c jest.ui.config.js "$@" || status=$?
log "jest $(( $(date +%s) - t2 )) s; total $(( $(date +%s) - t0 )) s; $([[ $status == 0 ]] && echo passed || echo FAILED)"
exit $status
