#!/usr/bin/env bash
# Runs every test of vifd (unit, protocol and system tests against real OVS, DHCP clients and libvirt).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# -Pbench also builds the benchmarks (no tests there), so a change that breaks them shows in CI.
mvn -B -ntp verify -Pbench "$@"
# The README's first command, on the jars just built: a demo VM must get its lease from vifd.
VIFD_DEMO_PREBUILT=1 bash scripts/demo.sh
