#!/usr/bin/env bash
# Prepares a fresh machine for cachex: pnpm, redis-server, Chromium (browser tests), then the workspace.
# Idempotent: everything already present is left alone. Never touches a running Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
export TURBO_TELEMETRY_DISABLED=1

log() { printf '\033[36m[bootstrap]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; exit 1
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then echo "cachex needs Node.js >= 20.19 (found $(node -v 2>/dev/null || echo none))" >&2; exit 1; fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION"
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
fi

if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  log "installing redis-server (Debian package; the service is not started, tests start their own)"
  apt_install redis-server
  # The package may start a system service on 6379; the tests never use it, so it is left as the system wants.
fi

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium (browser tests drive it through playwright-core)"
  apt_install chromium
fi

log "installing workspace dependencies"
pnpm install --frozen-lockfile --reporter=append-only | tail -n 3
