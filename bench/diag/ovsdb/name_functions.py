"""Names functions of a stripped ovsdb-server in a callgrind profile by the string literals each references
(Debian ships no debug symbols here). Usage: name_functions.py CALLGRIND_OUT HEXADDR... (objdump -d of
/usr/sbin/ovsdb-server expected in ./ovsdb-server.dis)."""
import re, sys, subprocess
data = open('/usr/sbin/ovsdb-server','rb').read()
RO0, ROEND = 0x1a6000, 0x1a6000 + 0x42f54
def cstr(addr):
    if not (RO0 <= addr < ROEND): return None
    end = data.index(b'\0', addr)
    s = data[addr:end]
    if len(s) < 3 or not all(32 <= c < 127 for c in s): return None
    return s.decode()
# function starts: the addresses callgrind saw (ovsdb-server object) + call targets in the disassembly
starts = set()
lines = open('ovsdb-server.dis').read().splitlines()
insn = []
for l in lines:
    m = re.match(r'\s+([0-9a-f]+):\s+(.*)', l)
    if not m: continue
    a = int(m.group(1), 16); txt = m.group(2)
    insn.append((a, txt))
    c = re.search(r'call\s+([0-9a-f]+) <', txt) or re.search(r'call\s+([0-9a-f]+)$', txt)
    if c: starts.add(int(c.group(1), 16))
for l in open(sys.argv[1]):
    m = re.match(r'c?fn=\(\d+\) 0x([0-9a-f]+)', l)
    if m: starts.add(int(m.group(1), 16))
starts = sorted(starts)
import bisect
want = [int(x, 16) for x in sys.argv[2:]]
for w in want:
    i = bisect.bisect_right(starts, w)
    end = starts[i] if i < len(starts) else w + 4096
    strs = []; calls = []
    for a, txt in insn:
        if w <= a < end:
            m = re.search(r'# ([0-9a-f]+)', txt)
            if m:
                s = cstr(int(m.group(1), 16))
                if s and s not in strs: strs.append(s)
            m = re.search(r'call\s+[0-9a-f]+ <([^>]+)>', txt)
            if m and m.group(1) not in calls: calls.append(m.group(1))
    print('%x (%d bytes): %s | calls %s' % (w, end - w, strs[:8], calls[:8]))
