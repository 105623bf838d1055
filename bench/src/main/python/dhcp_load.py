#!/usr/bin/env python3
"""DHCP load generator for the dhcp-dora benchmark and the DHCP flood test (issue 9).

Runs inside a "VM" network namespace and talks DHCP on its interface with a raw AF_PACKET socket: every frame
(Ethernet, IPv4, UDP, BOOTP) is built here, UDP checksum included (RFC 768), so the server sees exactly what a
client with TX checksum offload off would send. chaddr and the Ethernet source are the interface's own MAC
(bindings are per MAC). Only the Python standard library is used.

Modes (one JSON object on stdout at the end):
  dora   K exchanges in flight for --duration seconds. One exchange = DISCOVER -> OFFER -> REQUEST (option 50 the
         offered address, option 54 the server identifier, RFC 2131 section 4.3.2 SELECTING) -> ACK, each with
         its own xid. Latency = ACK received - DISCOVER sent. An exchange without an answer within --timeout is
         lost and replaced by a new one. --interval paces the starts (a client doing DORA now and then). Prints
         count, rate, p50/p99/max latency, lost, naks.
  flood  sends --count DISCOVERs (each its own xid) as fast as the socket takes them (or --rate per second),
         then listens --linger seconds and counts the OFFERs. Prints sent, offers, the send window (t0_ns,
         t_end_ns on CLOCK_MONOTONIC).
  watch  DISCOVER one at a time until an OFFER carries --expect (or a NAK arrives); prints "READY <ns>" once the
         first OFFER arrived, then the CLOCK_MONOTONIC time (ns) of the reply that showed --expect. The same clock
         as Java's System.nanoTime(), so the caller measures from its own change to this reply.

Example: ip netns exec VM python3 dhcp_load.py dora --iface eth0 --inflight 8 --duration 10
"""
import argparse
import json
import os
import random
import resource
import select
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
BOOTREQUEST, BOOTREPLY = 1, 2
DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK = 1, 2, 3, 4, 5, 6
MAGIC = b"\x63\x82\x53\x63"
# What Debian's dhclient asks for (subnet mask, broadcast, time offset, router, domain, DNS, search, host name,
# NetBIOS..., MTU, classless routes, NTP), so the servers build full replies.
PARAMETER_REQUEST_LIST = bytes([1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42])
BROADCAST_MAC = b"\xff" * 6


def ones_complement_sum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def checksum(data):
    return ~ones_complement_sum(data) & 0xFFFF


class FrameBuilder:
    """Client frames from 0.0.0.0:68 to 255.255.255.255:67, broadcast (RFC 2131 section 4.1)."""

    def __init__(self, mac):
        self.mac = mac
        self.src_ip = b"\x00\x00\x00\x00"
        self.dst_ip = b"\xff\xff\xff\xff"

    def bootp(self, xid, options):
        # op, htype 1 (Ethernet), hlen 6, hops, xid, secs, flags 0 (replies unicast to chaddr), ciaddr, yiaddr,
        # siaddr, giaddr, chaddr (16), sname (64), file (128), magic cookie (RFC 2131 section 3).
        head = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", BOOTREQUEST, 1, 6, 0, xid, 0, 0, b"\0" * 4, b"\0" * 4,
                           b"\0" * 4, b"\0" * 4, self.mac + b"\0" * 10, b"\0" * 64, b"\0" * 128)
        body = head + MAGIC + options + b"\xff"
        if len(body) < 300:  # RFC 1542 section 3.4: at least 300 bytes of BOOTP message
            body += b"\0" * (300 - len(body))
        return body

    def frame(self, xid, options):
        payload = self.bootp(xid, options)
        udp_len = 8 + len(payload)
        pseudo = self.src_ip + self.dst_ip + struct.pack("!BBH", 0, 17, udp_len)
        udp = struct.pack("!HHHH", 68, 67, udp_len, 0) + payload
        csum = checksum(pseudo + udp) or 0xFFFF  # RFC 768: a computed 0 is sent as all ones
        udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0x10, 20 + udp_len, 0, 0, 64, 17, 0, self.src_ip, self.dst_ip)
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
        return BROADCAST_MAC + self.mac + struct.pack("!H", ETH_P_IP) + ip + udp

    def discover(self, xid):
        opts = bytes([53, 1, DISCOVER, 57, 2, 0x05, 0xDC, 55, len(PARAMETER_REQUEST_LIST)]) + PARAMETER_REQUEST_LIST
        return self.frame(xid, opts)

    def request(self, xid, requested_ip, server_id):
        opts = (bytes([53, 1, REQUEST, 50, 4]) + requested_ip + bytes([54, 4]) + server_id
                + bytes([57, 2, 0x05, 0xDC, 55, len(PARAMETER_REQUEST_LIST)]) + PARAMETER_REQUEST_LIST)
        return self.frame(xid, opts)


def parse_reply(frame, mac):
    """(xid, message type, yiaddr, server id) of a BOOTREPLY to our chaddr, else None."""
    if len(frame) < 14 + 20 + 8 + 240 or frame[12:14] != b"\x08\x00" or frame[23] != 17:
        return None
    ihl = (frame[14] & 0x0F) * 4
    udp = 14 + ihl
    if frame[udp + 2:udp + 4] != b"\x00\x44":  # destination port 68
        return None
    b = udp + 8
    if frame[b] != BOOTREPLY or frame[b + 28:b + 34] != mac or frame[b + 236:b + 240] != MAGIC:
        return None
    xid = struct.unpack_from("!I", frame, b + 4)[0]
    yiaddr = frame[b + 16:b + 20]
    mtype, server = None, None
    i, end = b + 240, len(frame)
    while i < end:
        code = frame[i]
        if code == 255:
            break
        if code == 0:
            i += 1
            continue
        if i + 1 >= end:
            break
        length = frame[i + 1]
        if code == 53 and length >= 1:
            mtype = frame[i + 2]
        elif code == 54 and length == 4:
            server = frame[i + 2:i + 6]
        i += 2 + length
    return xid, mtype, yiaddr, server


def open_socket(iface):
    # Bound to IPv4 only: frames we send are not looped back to us (only ETH_P_ALL taps see outgoing frames).
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    s.bind((iface, ETH_P_IP))
    s.setblocking(False)
    return s


def iface_mac(iface):
    with open("/sys/class/net/%s/address" % iface) as f:
        return bytes.fromhex(f.read().strip().replace(":", ""))


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def drain(sock, bufsize=2048):
    frames = []
    while True:
        try:
            frames.append(sock.recv(bufsize))
        except BlockingIOError:
            return frames


def send(sock, frame):
    while True:
        try:
            sock.send(frame)
            return
        except BlockingIOError:
            select.select([], [sock], [], 0.01)


def wait_until(start_ns):
    while True:
        left = start_ns - time.monotonic_ns()
        if left <= 0:
            return
        time.sleep(min(left / 1e9, 0.1))


def run_dora(args, sock, mac):
    fb = FrameBuilder(mac)
    rnd = random.Random(os.getpid() ^ time.monotonic_ns())
    inflight = {}  # xid -> [phase (OFFER/ACK awaited), t_start_ns, deadline_ns]
    done = []  # (t_start_ns, latency_ns) of each ACKed exchange
    lost = naks = 0
    timeout_ns = int(args.timeout * 1e9)
    interval_ns = int(args.interval * 1e9)

    if args.start_at:
        wait_until(args.start_at)
    drain(sock)
    cpu0 = time.process_time()
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic_ns()
    end = t0 + int(args.duration * 1e9)
    next_start = t0
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    while True:
        now = time.monotonic_ns()
        # Keep K in flight; with --interval, exchanges start at most that often (a paced client).
        while len(inflight) < args.inflight and now < end and now >= next_start:
            xid = rnd.getrandbits(32)
            while xid in inflight:
                xid = rnd.getrandbits(32)
            inflight[xid] = [OFFER, now, now + timeout_ns]
            send(sock, fb.discover(xid))
            if interval_ns:
                next_start = max(next_start + interval_ns, now)
            now = time.monotonic_ns()
        if not inflight and now >= end:
            break
        # next_start counts only while a slot is free: with the window full it lies in the past and would make
        # poll() return at once, a client that spins and takes the CPU the servers under test need.
        can_start = now < end and len(inflight) < args.inflight
        wake = min([e[2] for e in inflight.values()] + ([next_start] if can_start else [end if now < end else end + timeout_ns]))
        wait_ms = max(0, (wake - now) // 1_000_000 + 1)
        poller.poll(min(wait_ms, 100))
        for frame in drain(sock):
            r = parse_reply(frame, mac)
            if r is None:
                continue
            xid, mtype, yiaddr, server = r
            e = inflight.get(xid)
            if e is None:
                continue
            now = time.monotonic_ns()
            if e[0] == OFFER and mtype == OFFER:
                e[0] = ACK
                e[2] = now + timeout_ns
                send(sock, fb.request(xid, yiaddr, server or b"\0\0\0\0"))
            elif e[0] == ACK and mtype in (ACK, NAK):
                del inflight[xid]
                if mtype == ACK:
                    done.append((e[1], now - e[1]))
                else:
                    naks += 1
        now = time.monotonic_ns()
        for xid in [x for x, e in inflight.items() if e[2] <= now]:
            del inflight[xid]
            lost += 1
    elapsed = (time.monotonic_ns() - t0) / 1e9
    measured = min(elapsed, args.duration) if elapsed > 0 else 1
    latencies = sorted(d[1] for d in done)
    if args.latency_file:
        with open(args.latency_file, "w") as f:
            if args.latency_starts:
                f.write("\n".join("%d %d" % (s, v // 1000) for s, v in done))
            else:
                f.write("\n".join(str(v // 1000) for v in latencies))
    return {
        "mode": "dora", "iface": args.iface, "inflight": args.inflight, "duration_s": round(measured, 3),
        "exchanges": len(latencies), "rate": round(len(latencies) / measured, 1), "lost": lost, "naks": naks,
        "p50_ms": ms(percentile(latencies, 50)), "p99_ms": ms(percentile(latencies, 99)),
        "max_ms": ms(latencies[-1] if latencies else None),
        # The generator's own cost: its CPU and voluntary context switches (sleeps) over the run.
        "cpu_s": round(time.process_time() - cpu0, 4),
        "sleeps": resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw - ru0.ru_nvcsw,
    }


def ms(ns):
    return None if ns is None else round(ns / 1e6, 3)


def run_flood(args, sock, mac):
    fb = FrameBuilder(mac)
    base = random.Random(os.getpid()).getrandbits(31) << 1
    if args.start_at:
        wait_until(args.start_at)
    drain(sock)
    xids = set()
    offers = 0
    t0 = time.monotonic_ns()
    gap_ns = int(1e9 / args.rate) if args.rate > 0 else 0
    for i in range(args.count):
        if gap_ns:
            due = t0 + i * gap_ns
            while time.monotonic_ns() < due:
                select.select([], [], [], max(0.0, (due - time.monotonic_ns()) / 1e9))
        xid = (base + i) & 0xFFFFFFFF
        xids.add(xid)
        send(sock, fb.discover(xid))
        if i % 64 == 0:
            offers += sum(1 for f in drain(sock) if (parse_reply(f, mac) or (None,))[0] in xids)
    t_end = time.monotonic_ns()
    sent_s = (t_end - t0) / 1e9
    linger_end = time.monotonic_ns() + int(args.linger * 1e9)
    while time.monotonic_ns() < linger_end:
        select.select([sock], [], [], 0.05)
        offers += sum(1 for f in drain(sock) if (parse_reply(f, mac) or (None,))[0] in xids)
    return {"mode": "flood", "iface": args.iface, "sent": args.count, "t0_ns": t0, "t_end_ns": t_end,
            "send_s": round(sent_s, 3),
            "send_rate": round(args.count / sent_s, 1) if sent_s > 0 else None, "offers": offers}


def run_watch(args, sock, mac):
    fb = FrameBuilder(mac)
    rnd = random.Random(os.getpid())
    expect = socket.inet_aton(args.expect)
    deadline = time.monotonic_ns() + int(args.max_wait * 1e9)
    ready = False
    attempts = 0
    while time.monotonic_ns() < deadline:
        xid = rnd.getrandbits(32)
        send(sock, fb.discover(xid))
        attempts += 1
        answer_by = time.monotonic_ns() + int(args.timeout * 1e9)
        while time.monotonic_ns() < answer_by:
            select.select([sock], [], [], 0.01)
            hit = None
            for frame in drain(sock):
                r = parse_reply(frame, mac)
                if r is not None and r[0] == xid:
                    hit = r
            if hit is None:
                continue
            now = time.monotonic_ns()
            if hit[1] == NAK or hit[2] == expect:
                return {"mode": "watch", "seen_ns": now, "type": hit[1], "yiaddr": socket.inet_ntoa(hit[2]),
                        "attempts": attempts}
            if not ready:
                ready = True
                print("READY %d %s" % (now, socket.inet_ntoa(hit[2])), flush=True)
            break
    return {"mode": "watch", "seen_ns": None, "attempts": attempts}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["dora", "flood", "watch"])
    p.add_argument("--iface", default="eth0")
    p.add_argument("--inflight", type=int, default=8, help="dora: exchanges in flight")
    p.add_argument("--duration", type=float, default=10.0, help="dora: seconds to start new exchanges")
    p.add_argument("--timeout", type=float, default=1.0, help="seconds an answer may take before it is lost")
    p.add_argument("--start-at", type=int, default=0, help="CLOCK_MONOTONIC ns to start at (several VMs at once)")
    p.add_argument("--latency-file", help="dora: write each exchange's latency in microseconds, one per line")
    p.add_argument("--latency-starts", action="store_true",
                   help="dora: lines of the latency file are 'START_NS LATENCY_US' (exchanges in completion order)")
    p.add_argument("--interval", type=float, default=0.0, help="dora: start exchanges at most this often (s)")
    p.add_argument("--rate", type=float, default=0.0, help="flood: DISCOVERs per second (0: as fast as possible)")
    p.add_argument("--count", type=int, default=10000, help="flood: DISCOVERs to send")
    p.add_argument("--linger", type=float, default=1.0, help="flood: seconds to keep counting OFFERs")
    p.add_argument("--expect", help="watch: the address that shows the change")
    p.add_argument("--max-wait", type=float, default=30.0, help="watch: give up after this many seconds")
    args = p.parse_args()
    sock = open_socket(args.iface)
    mac = iface_mac(args.iface)
    result = {"dora": run_dora, "flood": run_flood, "watch": run_watch}[args.mode](args, sock, mac)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
