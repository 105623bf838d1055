#!/usr/bin/env python3
"""Two connections A and B to ovsdb-server. Script steps: 'A:json' sends on A and waits for its reply (if id),
'A:READ' reads one message on A. Used for lock/steal/locked/stolen and monitor notifications."""
import json, socket, sys
host, port = sys.argv[1].split(':')
conns = {n: [socket.create_connection((host, int(port))), ''] for n in 'AB'}
dec = json.JSONDecoder()
def read_one(n):
    c = conns[n]
    while True:
        b = c[1].lstrip()
        if b:
            try:
                obj, end = dec.raw_decode(b)
                c[1] = b[end:]
                return obj
            except ValueError:
                pass
        data = c[0].recv(65536)
        if not data:
            raise SystemExit('closed')
        c[1] += data.decode()
for step in sys.argv[2:]:
    n, arg = step[0], step[2:]
    if arg == 'READ':
        read_one(n); continue
    msg = json.loads(arg)
    conns[n][0].sendall(json.dumps(msg, separators=(',', ':')).encode())
    if msg.get('id') is not None:
        while True:
            m = read_one(n)
            if m.get('id') == msg['id'] and 'method' not in m:
                break
for c in conns.values(): c[0].close()
