package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;

/** Splitting multipart reply bodies into their entries; every failure is a DecodeException with the offset. */
final class Bodies {
    private Bodies() {
    }

    @FunctionalInterface
    interface EntryDecoder<T> {
        /** Decodes one entry; {@code at} is its offset in the reassembled body. */
        T decode(ByteBuf entry, int at) throws DecodeException;
    }

    /** Entries whose own 16-bit length sits at {@code lengthOffset}; {@code min} is the fixed part's size. */
    static <T> List<T> lengthPrefixed(ByteBuf body, int lengthOffset, int min, String what, EntryDecoder<T> d)
            throws DecodeException {
        List<T> list = new ArrayList<>();
        int base = body.readerIndex();
        while (body.isReadable()) {
            int at = body.readerIndex() - base;
            if (body.readableBytes() < min) {
                throw new DecodeException(at, what + " entry of " + body.readableBytes() + " bytes, needs " + min);
            }
            int len = body.getUnsignedShort(body.readerIndex() + lengthOffset);
            if (len < min || len > body.readableBytes()) {
                throw new DecodeException(at + lengthOffset, what + " length " + len + " with "
                        + body.readableBytes() + " bytes left");
            }
            list.add(guarded(body.readSlice(len), at, what, d));
        }
        return list;
    }

    /** Entries of one fixed size. */
    static <T> List<T> fixed(ByteBuf body, int size, String what, EntryDecoder<T> d) throws DecodeException {
        List<T> list = new ArrayList<>();
        int base = body.readerIndex();
        while (body.isReadable()) {
            int at = body.readerIndex() - base;
            if (body.readableBytes() < size) {
                throw new DecodeException(at, what + " entry of " + body.readableBytes() + " bytes, needs " + size);
            }
            list.add(guarded(body.readSlice(size), at, what, d));
        }
        return list;
    }

    /** One structure of at least {@code size} bytes filling the body. */
    static <T> T single(ByteBuf body, int size, String what, EntryDecoder<T> d) throws DecodeException {
        if (body.readableBytes() < size) {
            throw new DecodeException(0, what + " of " + body.readableBytes() + " bytes, needs " + size);
        }
        return guarded(body.readSlice(body.readableBytes()), 0, what, d);
    }

    private static <T> T guarded(ByteBuf entry, int at, String what, EntryDecoder<T> d) throws DecodeException {
        try {
            return d.decode(entry, at);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new DecodeException(at, what + " entry malformed: " + e.getMessage());
        }
    }

    /** A NUL-padded string field of {@code max} bytes. */
    static String text(ByteBuf b, int at, int max) {
        int n = 0;
        while (n < max && b.getByte(at + n) != 0) {
            n++;
        }
        return b.toString(at, n, StandardCharsets.UTF_8);
    }

    /** Properties (type, length, body padded to 8) from {@code from} to the end of {@code e}. */
    static List<Property> properties(ByteBuf e, int from, int at) throws DecodeException {
        List<Property> list = new ArrayList<>();
        int i = from;
        int end = e.writerIndex();
        while (i < end) {
            if (end - i < 4) {
                throw new DecodeException(at + i, "truncated property header");
            }
            int type = e.getUnsignedShort(i);
            int len = e.getUnsignedShort(i + 2);
            if (len < 4 || i + len > end) {
                throw new DecodeException(at + i + 2, "property length " + len);
            }
            byte[] v = new byte[len - 4];
            e.getBytes(i + 4, v);
            list.add(new Property(type, v));
            i += Math.min((len + 7) & ~7, end - i);
        }
        return list;
    }
}
