# Sourced by the npm run scripts (scripts/check-community.sh, scripts/e2e/run.sh, scripts/ui/run.sh):
#   REPO            the repository's root, made the working directory
#   log MESSAGE     "[LOG_TAG] MESSAGE" on stderr (set LOG_TAG before sourcing)
#   build_and_pack  builds the package, packs it with `npm pack` into a new temporary folder (removed
#                   when the script exits) and sets TARBALL to the tarball's path
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }

build_and_pack() {
  PACK_DIR="$(mktemp -d)"
  trap 'rm -rf "$PACK_DIR"' EXIT
  (cd "$REPO" && npm run --silent build >&2)
  TARBALL="$PACK_DIR/$(cd "$REPO" && npm pack --silent --ignore-scripts --pack-destination "$PACK_DIR" | tail -n1)"
  log "packed $(basename "$TARBALL") ($(tar -tzf "$TARBALL" | wc -l) files)"
}
