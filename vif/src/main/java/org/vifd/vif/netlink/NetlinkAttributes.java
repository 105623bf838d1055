package org.vifd.vif.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes of one netlink message region, by type (the last one wins, as in the kernel's nla_parse).
 * Malformed lengths end the parse without throwing: what was read before stays available.
 */
final class NetlinkAttributes {
    /** NLA_F_NESTED and NLA_F_NET_BYTEORDER are flags in the type field (linux/netlink.h). */
    private static final int NLA_TYPE_MASK = 0x3fff;

    private final Map<Integer, ByteBuffer> byType;

    private NetlinkAttributes(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    static NetlinkAttributes parse(ByteBuffer region) {
        ByteBuffer b = region.slice().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> map = new HashMap<>();
        while (b.remaining() >= 4) {
            int start = b.position();
            int len = Short.toUnsignedInt(b.getShort(start));
            int type = Short.toUnsignedInt(b.getShort(start + 2)) & NLA_TYPE_MASK;
            if (len < 4 || len > b.remaining()) {
                break;
            }
            ByteBuffer value = b.duplicate().position(start + 4).limit(start + len).slice().order(ByteOrder.nativeOrder());
            map.put(type, value);
            int next = start + ((len + 3) & ~3);
            if (next > b.limit()) {
                break;
            }
            b.position(next);
        }
        return new NetlinkAttributes(map);
    }

    boolean has(int type) {
        return byType.containsKey(type);
    }

    Optional<String> string(int type) {
        ByteBuffer v = byType.get(type);
        if (v == null) {
            return Optional.empty();
        }
        byte[] bytes = new byte[v.remaining()];
        v.duplicate().get(bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return Optional.of(new String(bytes, 0, end, StandardCharsets.US_ASCII));
    }

    Optional<Integer> u32(int type) {
        ByteBuffer v = byType.get(type);
        return v == null || v.remaining() < 4 ? Optional.empty() : Optional.of(v.getInt(0));
    }

    Optional<Integer> u8(int type) {
        ByteBuffer v = byType.get(type);
        return v == null || v.remaining() < 1 ? Optional.empty() : Optional.of(Byte.toUnsignedInt(v.get(0)));
    }

    Optional<byte[]> bytes(int type) {
        ByteBuffer v = byType.get(type);
        if (v == null) {
            return Optional.empty();
        }
        byte[] bytes = new byte[v.remaining()];
        v.duplicate().get(bytes);
        return Optional.of(bytes);
    }

    Optional<NetlinkAttributes> nested(int type) {
        ByteBuffer v = byType.get(type);
        return v == null ? Optional.empty() : Optional.of(parse(v));
    }
}
