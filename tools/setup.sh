#!/usr/bin/env bash
# Installs what mmspec needs to run, and only what is missing:
#   - Chromium from the distribution's packages (apt-get, as root)
#   - the Playwright driver, playwright-core, and the accessibility engine,
#     axe-core, from tools/package-lock.json
#   - the Go modules of go.mod
# Run it again at any time; with everything in place it takes about a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || fail "go is not on PATH; install Go 1.26 or newer from https://go.dev/dl/"
command -v node >/dev/null || fail "node is not on PATH; install Node.js 20 (apt-get install nodejs npm)"
command -v npm >/dev/null || fail "npm is not on PATH; install it with Node.js 20 (apt-get install npm)"

# Chromium: a configured MMSPEC_CHROMIUM, else a system Chromium, else apt.
chromium="${MMSPEC_CHROMIUM:-}"
if [[ -z "$chromium" ]]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    if [[ -x "$candidate" ]]; then chromium="$candidate"; break; fi
  done
fi
if [[ -z "$chromium" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "installing Chromium with apt-get (about 30 s)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
    chromium=/usr/bin/chromium
  else
    fail "no Chromium found; install it (as root: apt-get install chromium) or set browser.executable_path in godog.yml"
  fi
fi
say "browser: $("$chromium" --version 2>/dev/null | head -n1 || echo "$chromium")"

# playwright-core, pinned in tools/package-lock.json. npm ci runs again
# when the lock file is newer than the installed copy.
marker="$here/node_modules/.package-lock.json"
if [[ ! -f "$marker" || "$here/package-lock.json" -nt "$marker" ]]; then
  say "installing playwright-core and axe-core from tools/package-lock.json"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
say "driver: playwright-core $(node -p "require('$here/node_modules/playwright-core/package.json').version")"
say "accessibility engine: axe-core $(node -p "require('$here/node_modules/axe-core/package.json').version")"

(cd "$root" && go mod download)
say "ready"
