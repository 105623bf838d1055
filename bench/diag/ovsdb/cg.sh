#!/bin/bash
# cg.sh NAME N SHAPE: callgrind profile of ovsdb-server handling one transaction of shape SHAPE (instrumented only around it)
# Run from bench/diag/ovsdb (issue 3 diagnostics; results in docs/benchmarks.md, OVSDB).
d=/dev/shm/ovsdiag-$1
./server.sh $d valgrind --tool=callgrind --callgrind-out-file=$d/cg.out --instr-atstart=no --dump-instr=no
pid=$(cat $d/pid)
callgrind_control -i on $pid >/dev/null
python3 commit_shapes.py $d/db.sock $d/pid $2 $3
callgrind_control -d $pid > /dev/null
callgrind_control -i off $pid >/dev/null
kill $pid
