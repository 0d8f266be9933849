#!/usr/bin/env bash
# Installs the Debian packages ShopTalk needs, only those missing, so a second run costs nothing.
set -euo pipefail

needed=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }

have_cmd psql || needed+=(postgresql postgresql-client)
have_cmd redis-server || needed+=(redis-server)
have_cmd espeak-ng || needed+=(espeak-ng)
[ -x /usr/bin/chromium ] || needed+=(chromium)

if [ ${#needed[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ShopTalk needs these system packages: ${needed[*]} (run: sudo apt-get install ${needed[*]})" >&2
    exit 2
fi
echo "Installing system packages: ${needed[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
