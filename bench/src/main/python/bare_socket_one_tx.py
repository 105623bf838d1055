#!/usr/bin/python3
"""Reference for the one-transaction case of the port-plug benchmark: the same 10,000-port transaction (Interface and
Port inserted per port, Bridge.ports mutated once) sent as JSON text over a bare socket, reply awaited. What is left
is ovsdb-server's own commit time, the floor for any client.

Usage: bare_socket_one_tx.py SOCKET_PATH N   -> prints one JSON line {"contender": ..., "ports": N, "seconds": S}
"""
import json
import socket
import sys
import time
import uuid


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    ops = ['Open_vSwitch']
    ports = []
    for i in range(n):
        name = 'tapy%09d' % i
        ext = [['iface-id', str(uuid.UUID(int=i + 1))],
               ['attached-mac', 'fa:16:3e:%02x:%02x:%02x' % ((i >> 16) & 255, (i >> 8) & 255, i & 255)],
               ['iface-status', 'active'], ['vm-uuid', str(uuid.UUID(int=(1 << 64) + i))]]
        ops.append({'op': 'insert', 'table': 'Interface', 'row': {'name': name, 'external_ids': ['map', ext]},
                    'uuid-name': 'i%d' % i})
        ops.append({'op': 'insert', 'table': 'Port',
                    'row': {'name': name, 'tag': 1 + i % 4094, 'interfaces': ['named-uuid', 'i%d' % i]},
                    'uuid-name': 'p%d' % i})
        ports.append(['named-uuid', 'p%d' % i])
    ops.append({'op': 'mutate', 'table': 'Bridge', 'where': [['name', '==', 'br-int']],
                'mutations': [['ports', 'insert', ['set', ports]]]})
    msg = json.dumps({'id': 1, 'method': 'transact', 'params': ops}).encode()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    dec = json.JSONDecoder()
    buf = b''
    start = time.perf_counter()
    s.sendall(msg)
    while True:
        buf += s.recv(1 << 20)
        try:
            reply, _ = dec.raw_decode(buf.decode())
            break
        except ValueError:
            pass
    seconds = time.perf_counter() - start
    if reply.get('error') or any(isinstance(r, dict) and 'error' in r for r in reply['result']):
        raise SystemExit('transaction failed: %s' % json.dumps(reply)[:500])
    print(json.dumps({'contender': 'bare-python-one-transaction', 'ports': n, 'seconds': seconds}))


if __name__ == '__main__':
    main()
