#!/usr/bin/env bash
# Makes sure a Debian Chromium is present for the Playwright tests.
# Playwright's own browser download cannot work on these machines: we use the distro package.
# Uses $CHROMIUM_PATH if set, else /usr/bin/chromium.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

have_chromium() { [ -x "$CHROMIUM" ]; }

print_version() {
  local v
  if v="$("$CHROMIUM" --version 2>/dev/null)"; then
    echo "chromium: $CHROMIUM ($v)"
  else
    echo "chromium: $CHROMIUM (version unknown: '--version' failed)"
  fi
}

if have_chromium; then
  print_version
  exit 0
fi

if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH does not point to an executable." >&2
  echo "  Fix the path, or unset CHROMIUM_PATH to use /usr/bin/chromium." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM not found; installing Debian's chromium with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends chromium
  if have_chromium; then
    print_version
    exit 0
  fi
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi

cat >&2 <<MSG
ensure-chromium: no Chromium at $CHROMIUM, and it cannot be installed automatically here
(needs root and apt-get). Either:
  sudo apt-get install -y --no-install-recommends chromium
or point CHROMIUM_PATH at an existing Chromium/Chrome binary:
  CHROMIUM_PATH=/path/to/chromium npm test
(Playwright's own browser download does not work on these machines.)
MSG
exit 1
