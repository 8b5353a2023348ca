#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser/, driven by Playwright with
# this executable, never a downloaded browser) and fonts for readable screenshots. Skips
# what is already installed. Needs root (apt-get).
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && fc-list -q "DejaVu Sans" 2>/dev/null \
    && fc-list -q "Noto Color Emoji" 2>/dev/null; then
    echo "chromium.sh: $(chromium --version 2>/dev/null) already installed" >&2
    exit 0
fi
echo "chromium.sh: installing chromium and fonts (DejaVu, Noto Color Emoji)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-noto-color-emoji >&2
chromium --version >&2
