#!/usr/bin/env bash
# Installs the Debian packages that the test suite's real peers need, if they are missing.
# Idempotent and quiet when everything is already installed.
#
#   scripts/ensure-test-peers.sh          # install what is missing (needs root)
#
# Add packages to REQUIRED_PACKAGES below; each entry is "package:binary-it-provides" (the
# binary is only used in messages, so keep it accurate for people reading the output).
set -euo pipefail

REQUIRED_PACKAGES=(
  "prometheus-alertmanager:/usr/bin/prometheus-alertmanager"   # AlertmanagerPeer (also ships /usr/bin/amtool)
  "prometheus:/usr/bin/promtool"                                 # SelfMonitoringRulesTest (promtool check/test rules)
  "chromium:/usr/bin/chromium"                                   # ChromiumPeer (web UI browser tests)
  "chromium-driver:/usr/bin/chromedriver"                        # ChromiumPeer (WebDriver for that Chromium)
  "icinga2:/usr/sbin/icinga2"                                    # Icinga2Peer (a private instance; no /etc/icinga2)
  "request-tracker5:/usr/share/request-tracker5/libexec/rt-server"  # RtPeer (Request Tracker 5 REST2, ticket targets)
  "rt5-db-sqlite:/usr/sbin/rt-setup-database"                    # RtPeer: RT on a private SQLite database
)

is_installed() {
  local status
  status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]]
}

missing=()
for entry in "${REQUIRED_PACKAGES[@]}"; do
  pkg="${entry%%:*}"
  if ! is_installed "$pkg"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "ensure-test-peers: missing Debian packages needed by the tests: ${missing[*]}" >&2
  echo "ensure-test-peers: install them as root, e.g.:" >&2
  echo "  sudo DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "ensure-test-peers: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Only missing packages are named: naming an installed one would upgrade it.
apt-get -o DPkg::Lock::Timeout=900 -qq update >&2
apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}" >&2

still_missing=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still_missing+=("$pkg")
done
if ((${#still_missing[@]} > 0)); then
  echo "ensure-test-peers: still not installed after apt-get: ${still_missing[*]}" >&2
  exit 1
fi
echo "ensure-test-peers: installed ${missing[*]}" >&2
