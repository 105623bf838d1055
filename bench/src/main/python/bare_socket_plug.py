#!/usr/bin/python3
"""Reference for the port-plug benchmark: a bare socket client sending the same transaction as JSON text.

One transaction per port (Interface + Port inserted, Bridge.ports mutated), awaited one after another. No schema,
no validation, no replica: the floor of what any client can do over one connection.

Usage: bare_socket_plug.py SOCKET_PATH N   -> prints one JSON line {"contender": ..., "ports": N, "seconds": S}
"""
import json
import socket
import sys
import time
import uuid


def transact(i):
    name = 'tapb%09d' % i
    ext = [['iface-id', str(uuid.UUID(int=i + 1))],
           ['attached-mac', 'fa:16:3e:%02x:%02x:%02x' % ((i >> 16) & 255, (i >> 8) & 255, i & 255)],
           ['iface-status', 'active'],
           ['vm-uuid', str(uuid.UUID(int=(1 << 64) + i))]]
    return {'id': i, 'method': 'transact', 'params': [
        'Open_vSwitch',
        {'op': 'insert', 'table': 'Interface', 'row': {'name': name, 'external_ids': ['map', ext]},
         'uuid-name': 'iface'},
        {'op': 'insert', 'table': 'Port',
         'row': {'name': name, 'tag': 1 + i % 4094, 'interfaces': ['named-uuid', 'iface']}, 'uuid-name': 'port'},
        {'op': 'mutate', 'table': 'Bridge', 'where': [['name', '==', 'br-int']],
         'mutations': [['ports', 'insert', ['set', [['named-uuid', 'port']]]]]}]}


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    dec = json.JSONDecoder()
    buf = ''
    start = time.perf_counter()
    for i in range(n):
        s.sendall(json.dumps(transact(i)).encode())
        while True:
            try:
                msg, end = dec.raw_decode(buf)
                buf = buf[end:].lstrip()
                if msg.get('id') == i:
                    if any(isinstance(r, dict) and 'error' in r for r in msg['result'] or []) or msg.get('error'):
                        raise SystemExit('transaction failed: %s' % msg)
                    break
            except ValueError:
                buf += s.recv(65536).decode()
    seconds = time.perf_counter() - start
    print(json.dumps({'contender': 'bare-python-socket', 'ports': n, 'seconds': seconds}))


if __name__ == '__main__':
    main()
