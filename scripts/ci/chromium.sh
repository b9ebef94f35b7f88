#!/usr/bin/env bash
# Sourced by .ci/run: makes Debian's chromium available to the browser tests (tests/MarginCall.Reports.Tests).
# Installs it with apt-get when it is missing and we may (CI=true, or running as root), then exports its path for
# Playwright (MARGINCALL_CHROMIUM) and stops Playwright from downloading a browser of its own.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ] || [ "$(id -u)" -eq 0 ]; then
    echo "chromium.sh: installing Debian chromium for the browser tests"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || echo "chromium.sh: apt-get install chromium failed; the browser tests will fail under CI=true"
  else
    echo "chromium.sh: chromium not installed and not root; the browser tests will be skipped (apt-get install -y chromium)"
  fi
fi
if command -v chromium >/dev/null 2>&1; then
  MARGINCALL_CHROMIUM="$(command -v chromium)"
  export MARGINCALL_CHROMIUM
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
