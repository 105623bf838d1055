#!/bin/bash
# server.sh DIR [valgrind...] : fresh db with br-int in DIR, ovsdb-server detached (or under the given wrapper).
# Run from bench/diag/ovsdb (issue 3 diagnostics; results in docs/benchmarks.md, OVSDB).
set -e
d=$1; shift
rm -rf $d; mkdir -p $d
ovsdb-tool create $d/conf.db /usr/share/openvswitch/vswitch.ovsschema
if [ $# -eq 0 ]; then
  ovsdb-server $d/conf.db --remote=punix:$d/db.sock --unixctl=$d/ctl --pidfile=$d/pid --log-file=$d/log --detach --no-chdir
else
  "$@" ovsdb-server $d/conf.db --remote=punix:$d/db.sock --unixctl=$d/ctl --pidfile=$d/pid --log-file=$d/log --no-chdir > $d/wrapper.log 2>&1 &
  for i in $(seq 1 300); do [ -S $d/db.sock ] && break; sleep 0.2; done
fi
ovs-vsctl --db=unix:$d/db.sock --no-wait -- init -- add-br br-int
