#!/usr/bin/env python3
"""Send hand-written JSON-RPC requests to ovsdb-server, one connection; print nothing (tshark records the wire).
usage: raw.py HOST:PORT 'json1' 'json2' ...  ; a request with id waits for its reply; 'WAIT:n' waits for n extra messages."""
import json, socket, sys
host, port = sys.argv[1].split(':')
s = socket.create_connection((host, int(port)))
buf = ''
dec = json.JSONDecoder()
def read_one():
    global buf
    while True:
        b = buf.lstrip()
        if b:
            try:
                obj, end = dec.raw_decode(b)
                buf = b[end:]
                return obj
            except ValueError:
                pass
        data = s.recv(65536)
        if not data:
            raise SystemExit('closed')
        buf += data.decode()
pending = []
for arg in sys.argv[2:]:
    if arg.startswith('WAIT:'):
        for _ in range(int(arg[5:])):
            read_one()
        continue
    nowait = arg.startswith('NOWAIT:')
    if nowait:
        arg = arg[7:]
    msg = json.loads(arg)
    s.sendall(json.dumps(msg, separators=(',', ':')).encode())
    if nowait:
        pending.append(msg['id'])
        continue
    if msg.get('id') is not None or pending:
        want = msg['id'] if msg.get('id') is not None else pending.pop()
        while True:
            m = read_one()
            if m.get('id') == want and 'method' not in m:
                break
s.close()
