#!/usr/bin/python3
"""Sends one N-port transaction of a given shape to a fresh ovsdb-server (server.sh); prints the wall time and the
server's CPU time. Shapes, all committing the same ports but for no-extids: base (Interface, Port per port, one
mutate of Bridge.ports, as bare_socket_one_tx.py), update (Bridge.ports set by an update: same result on an empty
bridge), uuid (rows given their UUIDs by the insert's "uuid" member, ovsdb-server(7), instead of uuid-name),
port-first (each Port before its Interface: a forward named-uuid), mutate-first (the mutate before the inserts),
tables-grouped (all Interfaces, then all Ports), mutate-per-port (one mutate per port), no-extids (Interfaces
without external_ids: not equivalent, only to weigh that column).
Usage: commit_shapes.py SOCKET PIDFILE N SHAPE"""
import json, socket, sys, time, uuid

def port_rows(i, prefix='tapy'):
    name = '%s%09d' % (prefix, i)
    ext = [['iface-id', str(uuid.UUID(int=i + 1))],
           ['attached-mac', 'fa:16:3e:%02x:%02x:%02x' % ((i >> 16) & 255, (i >> 8) & 255, i & 255)],
           ['iface-status', 'active'], ['vm-uuid', str(uuid.UUID(int=(1 << 64) + i))]]
    return name, ext

def build(n, shape):
    ops = ['Open_vSwitch']
    ports = []
    tail = []
    for i in range(n):
        name, ext = port_rows(i)
        irow = {'name': name, 'external_ids': ['map', ext]}
        prow = {'name': name, 'tag': 1 + i % 4094, 'interfaces': ['named-uuid', 'i%d' % i]}
        if shape == 'no-extids':
            irow = {'name': name}
        if shape == 'uuid':   # ovsdb-server(7): "uuid" member of insert gives the row's UUID (no named-uuid symbol)
            iu = str(uuid.UUID(int=(2 << 64) + i)); pu = str(uuid.UUID(int=(3 << 64) + i))
            ops.append({'op': 'insert', 'table': 'Interface', 'row': irow, 'uuid': iu})
            prow['interfaces'] = ['uuid', iu]
            ops.append({'op': 'insert', 'table': 'Port', 'row': prow, 'uuid': pu})
            ports.append(['uuid', pu])
            continue
        iop = {'op': 'insert', 'table': 'Interface', 'row': irow, 'uuid-name': 'i%d' % i}
        pop = {'op': 'insert', 'table': 'Port', 'row': prow, 'uuid-name': 'p%d' % i}
        if shape == 'port-first':
            ops.append(pop); ops.append(iop)
        elif shape == 'tables-grouped':
            ops.append(iop); tail.append(pop)
        else:
            ops.append(iop); ops.append(pop)
        ports.append(['named-uuid', 'p%d' % i])
    ops.extend(tail)
    where = [['name', '==', 'br-int']]
    if shape == 'update':
        ops.append({'op': 'update', 'table': 'Bridge', 'where': where, 'row': {'ports': ['set', ports]}})
    elif shape == 'mutate-first':
        ops.insert(1, {'op': 'mutate', 'table': 'Bridge', 'where': where,
                       'mutations': [['ports', 'insert', ['set', ports]]]})
    elif shape == 'mutate-per-port':
        for p in ports:
            ops.append({'op': 'mutate', 'table': 'Bridge', 'where': where, 'mutations': [['ports', 'insert', p]]})
    else:
        ops.append({'op': 'mutate', 'table': 'Bridge', 'where': where,
                    'mutations': [['ports', 'insert', ['set', ports]]]})
    return ops

def cpu(pidfile):
    pid = open(pidfile).read().strip()
    f = open('/proc/%s/stat' % pid).read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / 100.0

def main():
    path, pidfile, n, shape = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    msg = json.dumps({'id': 1, 'method': 'transact', 'params': build(n, shape)}).encode()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    dec = json.JSONDecoder()
    buf = b''
    c0 = cpu(pidfile)
    start = time.perf_counter()
    s.sendall(msg)
    while True:
        buf += s.recv(1 << 20)
        try:
            reply, _ = dec.raw_decode(buf.decode()); break
        except ValueError:
            pass
    seconds = time.perf_counter() - start
    c1 = cpu(pidfile)
    errs = [r for r in reply['result'] if isinstance(r, dict) and 'error' in r]
    if reply.get('error') or errs:
        raise SystemExit('transaction failed: %s' % json.dumps(errs or reply)[:500])
    print(json.dumps({'shape': shape, 'ports': n, 'seconds': round(seconds, 3), 'server_cpu': round(c1 - c0, 2),
                      'request_bytes': len(msg)}))

if __name__ == '__main__':
    main()
