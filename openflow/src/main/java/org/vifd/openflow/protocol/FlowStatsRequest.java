package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;

/**
 * OFPMP_FLOW or OFPMP_AGGREGATE request (OpenFlow 1.3.5 §7.3.5.2, §7.3.5.3; the same body in 1.5.1 as
 * OFPMP_FLOW_DESC / OFPMP_AGGREGATE_STATS).
 */
public record FlowStatsRequest(boolean aggregate, int tableId, long outPort, long outGroup, long cookie,
                               long cookieMask, Match match) implements OfMessage {
    /** Every flow in every table. */
    public static FlowStatsRequest all() {
        return new FlowStatsRequest(false, FlowMod.TABLE_ALL, OfPort.ANY, FlowMod.GROUP_ANY, 0, 0, Match.ALL);
    }

    /** Flows whose cookie matches {@code cookie} under {@code mask}, in {@code tableId} (255 = all). */
    public static FlowStatsRequest byCookie(int tableId, long cookie, long mask) {
        return new FlowStatsRequest(false, tableId, OfPort.ANY, FlowMod.GROUP_ANY, cookie, mask, Match.ALL);
    }

    public FlowStatsRequest asAggregate() {
        return new FlowStatsRequest(true, tableId, outPort, outGroup, cookie, cookieMask, match);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.MULTIPART_REQUEST;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeShort(aggregate ? MultipartType.AGGREGATE : MultipartType.FLOW).writeShort(0).writeZero(4);
        out.writeByte(tableId).writeZero(3).writeInt((int) outPort).writeInt((int) outGroup).writeZero(4)
                .writeLong(cookie).writeLong(cookieMask);
        match.encode(out);
    }
}
