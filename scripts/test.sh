#!/usr/bin/env bash
# Runs every test of vifd (unit, protocol and system tests against real OVS, DHCP clients and libvirt).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
