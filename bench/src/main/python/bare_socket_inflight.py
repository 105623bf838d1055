#!/usr/bin/python3
"""Reference for the in-flight case of the port-plug benchmark: the same one-port transactions as
bare_socket_plug.py, pipelined over a bare socket with up to WINDOW of them awaiting their reply. Each batch of
replies read is answered by one write of as many new requests, so what is left is ovsdb-server's own rate of
committing pipelined transactions, the floor for any client.

Usage: bare_socket_inflight.py SOCKET_PATH N [WINDOW=64]
  -> prints one JSON line {"contender": ..., "ports": N, "window": W, "seconds": S}
"""
import json
import socket
import sys
import time

from bare_socket_plug import transact


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    window = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    # Encoded before the clock starts: the floor is the server's, not Python's json.dumps.
    requests = [json.dumps(transact(i)).encode() for i in range(n)]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    dec = json.JSONDecoder()
    buf = ''
    sent = done = 0
    start = time.perf_counter()
    first = min(window, n)
    s.sendall(b''.join(requests[:first]))
    sent = first
    while done < n:
        buf += s.recv(1 << 20).decode()
        replies = 0
        while True:
            buf = buf.lstrip()
            try:
                msg, end = dec.raw_decode(buf)
            except ValueError:
                break
            buf = buf[end:]
            if msg.get('error') or any(isinstance(r, dict) and 'error' in r for r in msg.get('result') or []):
                raise SystemExit('transaction failed: %s' % json.dumps(msg)[:500])
            replies += 1
        done += replies
        more = min(replies, n - sent)
        if more:
            s.sendall(b''.join(requests[sent:sent + more]))
            sent += more
    seconds = time.perf_counter() - start
    print(json.dumps({'contender': 'bare-python-in-flight', 'ports': n, 'window': window, 'seconds': seconds}))


if __name__ == '__main__':
    main()
