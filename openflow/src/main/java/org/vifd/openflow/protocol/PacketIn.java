package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.match.Match;

/**
 * A packet sent to the controller: OFPT_PACKET_IN (OpenFlow 1.3.5 §7.4.1) or Nicira NXT_PACKET_IN2 (properties;
 * the only format with {@code userdata} of a controller action). {@code format} says which it was and how
 * {@link #writeBody} writes it.
 *
 * <p>{@code continuation} is the body of the NXPINT_CONTINUATION property that OVS adds when a
 * {@code controller(pause)} action stopped the pipeline: nested NXCPT_* properties (bridge, stack, actions still to
 * run, ...) that ovs-vswitchd alone interprets. It is kept opaque, byte for byte, to go back in an NXT_RESUME
 * ({@link Resume#of(PacketIn)}); it is empty otherwise.
 */
public record PacketIn(Format format, int reason, int tableId, long cookie, long bufferId, int totalLength,
                       Match match, byte[] data, byte[] userdata, byte[] continuation) implements OfMessage {
    public enum Format { STANDARD, NXT_PACKET_IN2 }

    public static final int REASON_NO_MATCH = 0;
    public static final int REASON_ACTION = 1;
    public static final int REASON_INVALID_TTL = 2;
    public static final long NO_BUFFER = 0xffffffffL;

    static final int NXPINT_PACKET = 0;
    static final int NXPINT_FULL_LEN = 1;
    static final int NXPINT_BUFFER_ID = 2;
    static final int NXPINT_TABLE_ID = 3;
    static final int NXPINT_COOKIE = 4;
    static final int NXPINT_REASON = 5;
    static final int NXPINT_METADATA = 6;
    static final int NXPINT_USERDATA = 7;
    static final int NXPINT_CONTINUATION = 8;
    /** A packet-in without NXPINT_COOKIE (OVS omits it for a packet that matched no rule) has this cookie. */
    public static final long NO_COOKIE = -1L;

    public PacketIn {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(match, "match");
        data = data.clone();
        userdata = userdata == null ? new byte[0] : userdata.clone();
        continuation = continuation == null ? new byte[0] : continuation.clone();
    }

    /** A packet-in without continuation (the pipeline was not paused). */
    public PacketIn(Format format, int reason, int tableId, long cookie, long bufferId, int totalLength,
                    Match match, byte[] data, byte[] userdata) {
        this(format, reason, tableId, cookie, bufferId, totalLength, match, data, userdata, null);
    }

    /** The opaque continuation of a paused pipeline (a copy; empty if not paused). */
    @Override
    public byte[] continuation() {
        return continuation.clone();
    }

    /** True if a {@code controller(pause)} action sent this and {@link Resume#of(PacketIn)} can resume it. */
    public boolean isPaused() {
        return continuation.length > 0;
    }

    /** The in_port from the match, or -1. */
    public long inPort() {
        return match.inPort();
    }

    /** The packet's bytes (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The packet's bytes without copying: do not modify. */
    public byte[] dataUnsafe() {
        return data;
    }

    @Override
    public byte[] userdata() {
        return userdata.clone();
    }

    /** Userdata without copying: do not modify. */
    public byte[] userdataUnsafe() {
        return userdata;
    }

    @Override
    public MessageType type(OfVersion version) {
        return format == Format.STANDARD ? MessageType.PACKET_IN : MessageType.EXPERIMENTER;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        if (format == Format.STANDARD) {
            out.writeInt((int) bufferId).writeShort(totalLength).writeByte(reason).writeByte(tableId)
                    .writeLong(cookie);
            match.encode(out);
            out.writeZero(2).writeBytes(data);
            return;
        }
        out.writeInt(Experimenter.NICIRA).writeInt(Experimenter.NXT_PACKET_IN2);
        writeProperties(out, true);
    }

    /**
     * The NXT_PACKET_IN2 properties in OVS's order (lib/ofp-packet.c): packet, full length, buffer id, table,
     * cookie (omitted when {@link #NO_COOKIE}), reason, metadata, continuation, then userdata — which NXT_RESUME
     * leaves out ({@code withUserdata} false).
     */
    void writeProperties(ByteBuf out, boolean withUserdata) {
        prop(out, NXPINT_PACKET, data.length).writeBytes(data);
        pad(out, 4 + data.length);
        if (totalLength != data.length) {
            prop(out, NXPINT_FULL_LEN, 4).writeInt(totalLength);
        }
        if (bufferId != NO_BUFFER) {
            prop(out, NXPINT_BUFFER_ID, 4).writeInt((int) bufferId);
        }
        prop(out, NXPINT_TABLE_ID, 1).writeByte(tableId);
        pad(out, 5);
        if (cookie != NO_COOKIE) {
            prop(out, NXPINT_COOKIE, 12).writeZero(4).writeLong(cookie);
        }
        prop(out, NXPINT_REASON, 1).writeByte(reason);
        pad(out, 5);
        int start = out.writerIndex();
        prop(out, NXPINT_METADATA, 0);
        match.encodeOxms(out);
        int len = out.writerIndex() - start;
        out.setShort(start + 2, len);
        pad(out, len);
        if (continuation.length > 0) {
            // A nested property: header, 4 bytes of padding, the nested properties (OVS ofpprop_put_nested).
            prop(out, NXPINT_CONTINUATION, 4 + continuation.length).writeZero(4).writeBytes(continuation);
            pad(out, 8 + continuation.length);
        }
        if (withUserdata && userdata.length > 0) {
            prop(out, NXPINT_USERDATA, userdata.length).writeBytes(userdata);
            pad(out, 4 + userdata.length);
        }
    }

    private static ByteBuf prop(ByteBuf out, int type, int bodyLength) {
        return out.writeShort(type).writeShort(4 + bodyLength);
    }

    private static void pad(ByteBuf out, int len) {
        out.writeZero(((len + 7) & ~7) - len);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketIn p && p.format == format && p.reason == reason && p.tableId == tableId
                && p.cookie == cookie && p.bufferId == bufferId && p.totalLength == totalLength
                && p.match.equals(match) && Arrays.equals(p.data, data) && Arrays.equals(p.userdata, userdata)
                && Arrays.equals(p.continuation, continuation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, reason, tableId, cookie, match) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PacketIn[" + format + " reason=" + reason + " table=" + tableId + " cookie=0x"
                + Long.toHexString(cookie) + " match=" + match + " " + data.length + "/" + totalLength + " bytes"
                + (userdata.length > 0 ? " userdata=" + HexFormat.ofDelimiter(".").formatHex(userdata) : "")
                + (continuation.length > 0 ? " paused (" + continuation.length + "-byte continuation)" : "") + "]";
    }
}
