package org.vifd.tools.of;

import org.vifd.openflow.OfVersion;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One port of an OFPMP_PORT_DESC reply: ofp_port of OpenFlow 1.3.5 §7.2.1 (64 bytes), or of 1.4.1 §7.2.1 (a
 * 40-byte header, then properties, of which the Ethernet one carries the features and speeds).
 * TODO(openflow): the openflow module is gaining its own port-desc decoder; this one then goes.
 */
public record PortDescription(long portNo, byte[] hwAddr, String name, long config, long state, long curr,
                              long advertised, long supported, long peer, long currSpeed, long maxSpeed) {

    /** OFPP_LOCAL (OpenFlow 1.3.5 §7.2.1). */
    public static final long LOCAL = 0xfffffffeL;

    /** Decodes every port of a concatenated reply body; bad lengths answer an error naming the offset. */
    public static List<PortDescription> decodeAll(byte[] body, OfVersion version) {
        ByteBuffer b = ByteBuffer.wrap(body);
        List<PortDescription> ports = new ArrayList<>();
        boolean v13 = version.wire() <= OfVersion.OF_1_3.wire();
        while (b.remaining() > 0) {
            int start = b.position();
            int length = v13 ? 64 : lengthAt(b, start);
            if (length < (v13 ? 64 : 40) || length > b.remaining()) {
                throw new IllegalArgumentException("bad port description length " + length + " at offset " + start
                        + " of " + body.length);
            }
            long portNo = Integer.toUnsignedLong(b.getInt(start));
            byte[] mac = new byte[6];
            b.get(start + 8, mac);
            byte[] nameBytes = new byte[16];
            b.get(start + 16, nameBytes);
            int nul = 0;
            while (nul < 16 && nameBytes[nul] != 0) {
                nul++;
            }
            String name = new String(nameBytes, 0, nul, StandardCharsets.UTF_8);
            long config = u32(b, start + 32);
            long state = u32(b, start + 36);
            long[] eth = new long[6];
            if (v13) {
                for (int i = 0; i < 6; i++) {
                    eth[i] = u32(b, start + 40 + 4 * i);
                }
            } else {
                // Properties (1.4.1 §7.2.1.1): OFPPDPT_ETHERNET (type 0) holds curr..max_speed after 4 pad bytes.
                int p = start + 40;
                while (p + 4 <= start + length) {
                    int type = Short.toUnsignedInt(b.getShort(p));
                    int plen = Short.toUnsignedInt(b.getShort(p + 2));
                    if (plen < 4 || p + plen > start + length) {
                        throw new IllegalArgumentException("bad port property length " + plen + " at offset " + p);
                    }
                    if (type == 0 && plen >= 32) {
                        for (int i = 0; i < 6; i++) {
                            eth[i] = u32(b, p + 8 + 4 * i);
                        }
                    }
                    p += (plen + 7) & ~7;
                }
            }
            ports.add(new PortDescription(portNo, mac, name, config, state, eth[0], eth[1], eth[2], eth[3], eth[4],
                    eth[5]));
            b.position(start + length);
        }
        return ports;
    }

    private static int lengthAt(ByteBuffer b, int start) {
        return b.remaining() < 8 ? -1 : Short.toUnsignedInt(b.getShort(start + 4));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    public byte[] hwAddr() {
        return hwAddr.clone();
    }

    public String macText() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(String.format("%02x", hwAddr[i] & 0xff));
        }
        return s.toString();
    }
}
