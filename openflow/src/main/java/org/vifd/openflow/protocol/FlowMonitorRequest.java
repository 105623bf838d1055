package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;

/**
 * One ofp_flow_monitor_request (OpenFlow 1.4.1 §7.3.5.19.1): monitor_id, out_port, out_group, flags, table_id,
 * command, then an ofp_match. A body of an OFPMP_FLOW_MONITOR request holds one or more of them; the switch answers
 * with {@link FlowUpdate}s (at once for INITIAL, then unsolicited, xid 0, as flows change).
 */
public record FlowMonitorRequest(long monitorId, long outPort, long outGroup, int flags, int tableId, int command,
                                 Match match) {
    /** ofp_flow_monitor_flags. */
    public static final int INITIAL = 1;
    public static final int ADD = 1 << 1;
    public static final int REMOVED = 1 << 2;
    public static final int MODIFY = 1 << 3;
    public static final int INSTRUCTIONS = 1 << 4;
    public static final int NO_ABBREV = 1 << 5;
    public static final int ONLY_OWN = 1 << 6;
    /** ofp_flow_monitor_command. */
    public static final int COMMAND_ADD = 0;
    public static final int COMMAND_MODIFY = 1;
    public static final int COMMAND_DELETE = 2;
    /** OFPTT_ALL: every table. */
    public static final int TABLE_ALL = 0xff;
    public static final long GROUP_ANY = 0xffffffffL;

    /** Size of the fixed part before the ofp_match. */
    static final int FIXED = 16;

    public FlowMonitorRequest {
        if (match == null) {
            match = Match.ALL;
        }
    }

    /** A new monitor on every table, port and group, as {@code ovs-ofctl monitor BR watch:} asks for. */
    public static FlowMonitorRequest add(long monitorId, int flags) {
        return new FlowMonitorRequest(monitorId, OfPort.ANY, GROUP_ANY, flags, TABLE_ALL, COMMAND_ADD, Match.ALL);
    }

    public void encode(ByteBuf out) {
        out.writeInt((int) monitorId).writeInt((int) outPort).writeInt((int) outGroup).writeShort(flags)
                .writeByte(tableId).writeByte(command);
        match.encode(out);
    }

    /** The OFPMP_FLOW_MONITOR multipart request (OpenFlow 1.4+) carrying these monitors. */
    public static MultipartRequest toMultipart(List<FlowMonitorRequest> monitors) {
        ByteBuf b = Unpooled.buffer(64);
        try {
            for (FlowMonitorRequest m : monitors) {
                m.encode(b);
            }
            byte[] body = new byte[b.readableBytes()];
            b.readBytes(body);
            return new MultipartRequest(MultipartType.FLOW_MONITOR, 0, body);
        } finally {
            b.release();
        }
    }

    public MultipartRequest toMultipart() {
        return toMultipart(List.of(this));
    }

    /**
     * Decodes every monitor of a request body (a switch's side, or a test's); {@code base} is the body's offset in
     * the message, for the DecodeException.
     */
    public static List<FlowMonitorRequest> decodeAll(ByteBuf body, int base) throws DecodeException {
        List<FlowMonitorRequest> list = new ArrayList<>();
        int start = body.readerIndex();
        while (body.isReadable()) {
            int at = base + body.readerIndex() - start;
            if (body.readableBytes() < FIXED + 4) {
                throw new DecodeException(at, "ofp_flow_monitor_request of " + body.readableBytes() + " bytes");
            }
            int r = body.readerIndex();
            long id = body.getUnsignedInt(r);
            long port = body.getUnsignedInt(r + 4);
            long group = body.getUnsignedInt(r + 8);
            int flags = body.getUnsignedShort(r + 12);
            int table = body.getUnsignedByte(r + 14);
            int command = body.getUnsignedByte(r + 15);
            body.skipBytes(FIXED);
            try {
                list.add(new FlowMonitorRequest(id, port, group, flags, table, command,
                        Match.decode(body, at + FIXED)));
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new DecodeException(at + FIXED, "bad ofp_match in a flow monitor request: " + e.getMessage());
            }
        }
        return list;
    }

    /** Decoder for an OFPMP_FLOW_MONITOR request body, for {@code OfVersion} 1.4+. */
    public static List<FlowMonitorRequest> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        return decodeAll(body, MessageCodec.HEADER_LENGTH + 8);
    }
}
