#!/usr/bin/env bash
# End-to-end tests of the web app (test/e2e/web.e2e.ts) in Debian's Chromium, headless,
# through playwright-core. Never downloads a browser: when /usr/bin/chromium is missing it
# is installed from Debian (apt-get, as root) or the run fails with a clear message.
# Screenshots go to screenshots/ (git-ignored). Last line: `e2e: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$CHROMIUM_PATH" = /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "e2e: installing chromium from Debian (apt-get)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1
  fi
fi
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "e2e: no Chromium at $CHROMIUM_PATH; install Debian's package (apt-get install chromium) or set CHROMIUM_PATH"
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi
export CHROMIUM_PATH
mkdir -p screenshots
exec node_modules/.bin/tsx test/e2e/web.e2e.ts "$@"
