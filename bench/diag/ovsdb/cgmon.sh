#!/bin/bash
# cgmon.sh: callgrind of ovsdb-server answering one monitor_cond_since (agent columns) on a 10,000-port db
# Run from bench/diag/ovsdb (issue 3 diagnostics; results in docs/benchmarks.md, OVSDB).
d=/dev/shm/ovsdiag-cgmon
./server.sh $d >/dev/null 2>&1
python3 ../../src/main/python/bare_socket_one_tx.py $d/db.sock 10000
kill $(cat $d/pid); sleep 1
valgrind --tool=callgrind --callgrind-out-file=$d/cg.out --instr-atstart=no --dump-instr=no ovsdb-server $d/conf.db --remote=punix:$d/db.sock --unixctl=$d/ctl --pidfile=$d/pid --log-file=$d/log --no-chdir > $d/wrapper.log 2>&1 &
for i in $(seq 1 300); do [ -S $d/db.sock ] && [ -f $d/pid ] && break; sleep 0.2; done
sleep 1
pid=$(cat $d/pid)
callgrind_control -i on $pid >/dev/null
timeout 600 python3 monitor_methods.py $d/db.sock $d/pid ${1:-monitor_cond_since} agent 1
callgrind_control -d $pid >/dev/null
kill $pid
