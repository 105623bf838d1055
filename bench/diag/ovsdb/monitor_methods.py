#!/usr/bin/python3
"""Times one monitor request of ovsdb-server's on a loaded database: first byte, last byte (the reply parsed
once complete), and the server's CPU time (utime+stime of PIDFILE's process), to compare what the client can
choose: the method (monitor_cond_since, monitor_cond, monitor, monitor-cond-true = monitor_cond with
"where": [true]) and the columns (agent: vifd's agent's; min: the fewest a port plug needs).
Usage: monitor_methods.py SOCKET PIDFILE METHOD agent|min [REPS]"""
import json, socket, sys, time
AGENT = {"Open_vSwitch": ["bridges"],
         "Bridge": ["name", "ports", "controller", "fail_mode", "protocols", "datapath_type", "datapath_id", "other_config"],
         "Port": ["name", "interfaces", "tag", "trunks", "vlan_mode", "other_config"],
         "Interface": ["name", "type", "ofport", "external_ids", "options", "error"],
         "Controller": ["target", "connection_mode", "is_connected"]}
MIN = {"Bridge": ["name", "ports"], "Port": ["name", "interfaces", "tag"], "Interface": ["name", "ofport", "external_ids"]}
def cpu(pidfile):
    pid = open(pidfile).read().strip()
    f = open('/proc/%s/stat' % pid).read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / 100.0
def req(method, cols, n):
    if method == 'monitor':
        mr = {t: {"columns": c} for t, c in cols.items()}
    elif method == 'monitor-cond-true':
        mr = {t: [{"columns": c, "where": [True]}] for t, c in cols.items()}
    else:
        mr = {t: [{"columns": c}] for t, c in cols.items()}
    m = 'monitor_cond' if method == 'monitor-cond-true' else method
    params = ["Open_vSwitch", "mon%d" % n, mr]
    if m == 'monitor_cond_since':
        params.append("00000000-0000-0000-0000-000000000000")
    return json.dumps({"id": n, "method": m, "params": params}).encode()
def once(path, pidfile, method, cols, n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(path)
    c0 = cpu(pidfile); t0 = time.perf_counter()
    s.sendall(req(method, cols, n))
    first = None; total = 0; chunks = []
    while True:
        b = s.recv(1 << 20)
        if not b: raise SystemExit('closed')
        if first is None: first = time.perf_counter()
        total += len(b); chunks.append(b)
        if b.rstrip().endswith(b'}'):
            try:
                json.loads(b''.join(chunks)); break
            except ValueError:
                pass
    last = time.perf_counter(); c1 = cpu(pidfile)
    s.close()
    return first - t0, last - t0, total, c1 - c0
def main():
    path, pidfile, method, colset = sys.argv[1:5]
    reps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    cols = {"agent": AGENT, "min": MIN}[colset]
    for r in range(reps):
        f, l, n, c = once(path, pidfile, method, cols, r)
        print(json.dumps({"method": method, "columns": colset, "first": round(f, 3), "last": round(l, 3), "bytes": n, "server_cpu": round(c, 2)}))
main()
