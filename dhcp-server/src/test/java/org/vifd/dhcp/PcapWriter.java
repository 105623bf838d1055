package org.vifd.dhcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes replies as Ethernet/IPv4/UDP frames into a classic pcap file, for tshark to read. */
final class PcapWriter {

    private PcapWriter() {
    }

    static void write(Path file, List<Reply> replies) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(24 + replies.size() * (16 + 14 + 20 + 8 + 65536)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int seconds = 1_700_000_000;
        for (Reply r : replies) {
            byte[] payload = r.payloadBytes();
            byte[] frame = frame(r, payload);
            out.putInt(seconds++).putInt(0).putInt(frame.length).putInt(frame.length);
            out.put(frame);
        }
        Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
    }

    private static byte[] frame(Reply r, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length); // network order
        f.put(r.destinationMac().toBytes()).put(r.sourceMac().toBytes()).putShort((short) 0x0800);
        int ipStart = f.position();
        f.put((byte) 0x45).put((byte) 0x10).putShort((short) (20 + 8 + payload.length)).putShort((short) 0)
                .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
                .putInt(r.sourceIp().bits()).putInt(r.destinationIp().bits());
        int sum = 0;
        for (int i = ipStart; i < ipStart + 20; i += 2) {
            sum += f.getShort(i) & 0xffff;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        f.putShort(ipStart + 10, (short) ~sum);
        // UDP checksum 0: none (allowed over IPv4, RFC 768).
        f.putShort((short) Reply.SERVER_PORT).putShort((short) r.destinationPort()).putShort((short) (8 + payload.length))
                .putShort((short) 0);
        f.put(payload);
        return f.array();
    }
}
