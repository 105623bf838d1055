package org.vifd.dhcp;

import java.util.Arrays;

/**
 * Encodes {@link DhcpMessage}s: header, magic cookie, options (long ones split per RFC 3396), end, zero padding to
 * the 300-byte BOOTP minimum. When the options do not fit {@code maxBytes} and {@code sname}/{@code file} are
 * unused, they overflow into {@code file} and then {@code sname}, announced by option 52 (RFC 2131 §4.1).
 */
public final class DhcpMessageEncoder {

    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65535 - 28;

    private DhcpMessageEncoder() {
    }

    /**
     * @throws IllegalArgumentException when the options cannot fit in {@code maxBytes}, even with overload
     */
    public static byte[] encode(DhcpMessage m, int maxBytes) {
        DhcpOptions o = m.options();
        int needed = 0;
        for (int i = 0; i < o.size(); i++) {
            needed += DhcpWriter.wireSize(o.length(i));
        }
        int simple = DhcpMessage.OPTIONS_OFFSET + needed + 1;
        if (simple <= maxBytes) {
            byte[] buf = new byte[Math.max(simple, DhcpWriter.BOOTP_MINIMUM)];
            DhcpWriter w = new DhcpWriter(buf, buf.length - 1);
            writeHeader(w, m, m.snameBytes(), m.fileBytes());
            for (int i = 0; i < o.size(); i++) {
                w.option(o.codeAt(i), o.data(), o.offset(i), o.length(i));
            }
            w.end();
            return buf;
        }
        if (!DhcpMessage.isZero(m.snameBytes()) || !DhcpMessage.isZero(m.fileBytes())) {
            throw new IllegalArgumentException("options need " + needed + " bytes, more than " + maxBytes
                    + " allows, and sname/file are in use so they cannot be overloaded");
        }
        return encodeOverloaded(m, maxBytes);
    }

    /** Fills the options field (after option 52), then file, then sname, splitting options across them. */
    private static byte[] encodeOverloaded(DhcpMessage m, int maxBytes) {
        DhcpOptions o = m.options();
        byte[] buf = new byte[maxBytes];
        DhcpWriter w = new DhcpWriter(buf, maxBytes);
        writeHeader(w, m, null, null);
        int overloadValueAt = w.pos + 2;
        w.optionU8(52, 0);
        int[][] regions = {{w.pos, maxBytes}, {108, 236}, {44, 108}};
        int region = 0;
        int pos = regions[0][0];
        for (int i = 0; i < o.size(); i++) {
            int code = o.codeAt(i);
            int off = o.offset(i);
            int left = o.length(i);
            boolean first = true;
            while (first || left > 0) {
                int room = regions[region][1] - 1 - pos; // keep a byte for the end option
                int minimum = left == 0 ? 2 : 3;
                if (room < minimum) {
                    buf[pos] = (byte) 255;
                    region++;
                    if (region == regions.length) {
                        throw new IllegalArgumentException("options do not fit in " + maxBytes + " bytes even with overload");
                    }
                    pos = regions[region][0];
                    continue;
                }
                int chunk = Math.min(Math.min(255, left), room - 2);
                buf[pos++] = (byte) code;
                buf[pos++] = (byte) chunk;
                System.arraycopy(o.data(), off, buf, pos, chunk);
                pos += chunk;
                off += chunk;
                left -= chunk;
                first = false;
            }
        }
        buf[pos] = (byte) 255;
        buf[overloadValueAt] = (byte) (region == 0 ? 1 : region == 1 ? 1 : 3);
        if (region == 0) {
            // Everything fitted after all (only possible at the edge): an empty file field still ends properly.
            buf[108] = (byte) 255;
        }
        if (region == 1) {
            // file holds options; sname is untouched and stays zero.
            buf[overloadValueAt] = 1;
        }
        return region == 0 ? Arrays.copyOf(buf, Math.max(pos + 1, DhcpWriter.BOOTP_MINIMUM)) : buf;
    }

    private static void writeHeader(DhcpWriter w, DhcpMessage m, byte[] sname, byte[] file) {
        w.header(m.op(), m.htype(), m.hlen(), m.hops(), m.xid(), m.secs(), m.flags(), m.ciaddr().bits(),
                m.yiaddr().bits(), m.siaddr().bits(), m.giaddr().bits(), m.chaddrBytes(), sname, file);
    }
}
