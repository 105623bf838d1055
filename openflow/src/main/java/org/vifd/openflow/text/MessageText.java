package org.vifd.openflow.text;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.AggregateStats;
import org.vifd.openflow.protocol.AsyncConfig;
import org.vifd.openflow.protocol.BundleAddMessage;
import org.vifd.openflow.protocol.BundleControl;
import org.vifd.openflow.protocol.EchoReply;
import org.vifd.openflow.protocol.EchoRequest;
import org.vifd.openflow.protocol.ErrorCode;
import org.vifd.openflow.protocol.ErrorMessage;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FeaturesRequest;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowUpdate;
import org.vifd.openflow.protocol.FlowRemoved;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.GroupMod;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.PortDesc;
import org.vifd.openflow.protocol.PortMod;
import org.vifd.openflow.protocol.PortStatus;
import org.vifd.openflow.protocol.QueueGetConfig;
import org.vifd.openflow.protocol.RequestForward;
import org.vifd.openflow.protocol.Resume;
import org.vifd.openflow.protocol.Role;
import org.vifd.openflow.protocol.RoleMessage;
import org.vifd.openflow.protocol.RoleStatus;
import org.vifd.openflow.protocol.SetPacketInFormat;
import org.vifd.openflow.protocol.SimpleMessage;
import org.vifd.openflow.protocol.SwitchConfig;
import org.vifd.openflow.protocol.TableMod;
import org.vifd.openflow.protocol.TableStatus;
import org.vifd.openflow.protocol.UnknownMessage;
import org.vifd.openflow.stats.GroupDesc;
import org.vifd.openflow.stats.GroupFeatures;
import org.vifd.openflow.stats.GroupStats;
import org.vifd.openflow.stats.MeterConfig;
import org.vifd.openflow.stats.MeterFeatures;
import org.vifd.openflow.stats.MeterStats;
import org.vifd.openflow.stats.PortStats;
import org.vifd.openflow.stats.QueueStats;
import org.vifd.openflow.stats.SwitchDescription;
import org.vifd.openflow.stats.TableFeatures;
import org.vifd.openflow.stats.TableStats;

/**
 * A whole OpenFlow message as {@code ovs-ofctl ofp-print} (OVS 3.1) prints it (ofp_to_string, lib/ofp-print.c): the
 * header line {@code OFPT_NAME (OF1.x) (xid=0x..):} and the body in OVS's words, flows and actions through
 * {@link MatchText} and {@link ActionText}, frames through {@link PacketText}. A body this printer does not know
 * (flow-monitor replies, table-features replies, queue entries, unknown experimenter messages) prints as the header
 * line and a short note; nothing throws, a message that does not decode prints the reason. Trailing blanks are
 * stripped. The golden test OfpPrintTextGoldenTest compares it with ovs-ofctl for every message kind it covers.
 */
public final class MessageText {
    private static final Map<Long, String> NO_NAMES = Map.of();

    private MessageText() {
    }

    /** Decodes {@code message} (one whole OpenFlow message) and prints it; a decode failure prints its reason. */
    public static String print(byte[] message) {
        try {
            return print(MessageCodec.decode(Unpooled.wrappedBuffer(message)));
        } catch (DecodeException e) {
            return "***decode error: " + e.getMessage() + "***";
        }
    }

    public static String print(InboundMessage in) {
        return print(in.message(), in.version(), in.xid());
    }

    public static String print(OfMessage m, OfVersion v, int xid) {
        StringBuilder s = new StringBuilder(name(m, v)).append(" (").append(versionName(v)).append(") (xid=0x")
                .append(Integer.toHexString(xid)).append("):");
        body(s, m, v);
        return strip(s.toString());
    }

    private static String strip(String s) {
        return s.lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("").strip();
    }

    static String versionName(OfVersion v) {
        return switch (v.wire()) {
            case 1 -> "OF1.0";
            case 2 -> "OF1.1";
            case 3 -> "OF1.2";
            case 4 -> "OF1.3";
            case 5 -> "OF1.4";
            case 6 -> "OF1.5";
            default -> "OF0x" + Integer.toHexString(v.wire());
        };
    }

    /** The name OVS gives the message (ofpraw names: OFPT_*, OFPST_* request/reply, NXT_*, ONFT_*). */
    static String name(OfMessage m, OfVersion v) {
        boolean of13 = v.wire() <= 4;
        if (m instanceof PacketIn p) {
            return p.format() == PacketIn.Format.NXT_PACKET_IN2 ? "NXT_PACKET_IN2" : "OFPT_PACKET_IN";
        }
        if (m instanceof Resume) {
            return "NXT_RESUME";
        }
        if (m instanceof SetPacketInFormat) {
            return "NXT_SET_PACKET_IN_FORMAT";
        }
        if (m instanceof BundleControl) {
            return of13 ? "ONFT_BUNDLE_CONTROL" : "OFPT_BUNDLE_CONTROL";
        }
        if (m instanceof BundleAddMessage) {
            return of13 ? "ONFT_BUNDLE_ADD_MESSAGE" : "OFPT_BUNDLE_ADD_MESSAGE";
        }
        if (m instanceof FlowStatsRequest r) {
            return r.aggregate() ? "OFPST_AGGREGATE request" : "OFPST_FLOW request";
        }
        if (m instanceof MultipartRequest r) {
            return "OFPST_" + multipartName(r.multipartType()) + " request";
        }
        if (m instanceof MultipartReply r) {
            return "OFPST_" + multipartName(r.multipartType()) + " reply";
        }
        return "OFPT_" + m.type(v);
    }

    static String multipartName(int type) {
        return switch (type) {
            case MultipartType.DESC -> "DESC";
            case MultipartType.FLOW -> "FLOW";
            case MultipartType.AGGREGATE -> "AGGREGATE";
            case MultipartType.TABLE -> "TABLE";
            case MultipartType.PORT_STATS -> "PORT";
            case MultipartType.QUEUE -> "QUEUE";
            case MultipartType.GROUP -> "GROUP";
            case MultipartType.GROUP_DESC -> "GROUP_DESC";
            case MultipartType.GROUP_FEATURES -> "GROUP_FEATURES";
            case MultipartType.METER -> "METER";
            case MultipartType.METER_CONFIG -> "METER_CONFIG";
            case MultipartType.METER_FEATURES -> "METER_FEATURES";
            case MultipartType.TABLE_FEATURES -> "TABLE_FEATURES";
            case MultipartType.PORT_DESC -> "PORT_DESC";
            case MultipartType.TABLE_DESC -> "TABLE_DESC";
            case MultipartType.QUEUE_DESC -> "QUEUE_DESC";
            case MultipartType.FLOW_MONITOR -> "FLOW_MONITOR";
            default -> "EXPERIMENTER(" + type + ")";
        };
    }

    private static void body(StringBuilder s, OfMessage m, OfVersion v) {
        if (m instanceof Hello h) {
            s.append("\n version bitmap: ");
            for (int i = 0; i < h.versions().size(); i++) {
                s.append(i == 0 ? "" : ", ").append(String.format("0x%02x", h.versions().get(i).wire()));
            }
        } else if (m instanceof EchoRequest e) {
            payload(s, e.data());
        } else if (m instanceof EchoReply e) {
            payload(s, e.data());
        } else if (m instanceof ErrorMessage e) {
            error(s, e);
        } else if (m instanceof FeaturesRequest || m instanceof SimpleMessage) {
            return;
        } else if (m instanceof FeaturesReply f) {
            features(s, f, v);
        } else if (m instanceof SwitchConfig c) {
            s.append(" frags=").append(switch (c.flags() & 3) {
                case 0 -> "normal";
                case 1 -> "drop";
                case 2 -> "reassemble";
                default -> "nx-match";
            }).append(" miss_send_len=").append(c.missSendLen());
        } else if (m instanceof PacketIn p) {
            packetIn(s, p);
        } else if (m instanceof Resume r) {
            packetIn(s, r.packetIn());
        } else if (m instanceof PacketOut p) {
            packetOut(s, p);
        } else if (m instanceof FlowMod f) {
            s.append(' ').append(flowMod(f, v));
        } else if (m instanceof FlowRemoved f) {
            flowRemoved(s, f);
        } else if (m instanceof PortStatus p) {
            s.append(' ').append(switch (p.reason()) {
                case 0 -> "ADD";
                case 1 -> "DEL";
                case 2 -> "MOD";
                default -> "reason " + p.reason();
            }).append(':');
            port(s, p.port());
        } else if (m instanceof PortMod p) {
            portMod(s, p);
        } else if (m instanceof TableMod t) {
            tableMod(s, t, v);
        } else if (m instanceof GroupMod g) {
            s.append("\n ").append(groupMod(g, v));
        } else if (m instanceof MeterMod mm) {
            s.append(' ').append(meterMod(mm));
        } else if (m instanceof RoleMessage r) {
            s.append(" role=").append(roleName(r.role()));
            if (r.role() != Role.NOCHANGE) {
                s.append(" generation_id=").append(Long.toUnsignedString(r.generationId()));
            }
        } else if (m instanceof RoleStatus r) {
            s.append(" role=").append(roleName(r.role()));
            if (r.generationId() != -1L) {
                s.append(" generation_id=").append(Long.toUnsignedString(r.generationId()));
            }
            s.append(" reason=").append(switch (r.reason()) {
                case RoleStatus.REASON_MASTER_REQUEST -> "primary_request";
                case RoleStatus.REASON_CONFIG -> "configuration_changed";
                case RoleStatus.REASON_EXPERIMENTER -> "experimenter_data_changed";
                default -> "(unknown)";
            });
        } else if (m instanceof SetPacketInFormat f) {
            s.append(" format=").append(switch (f.format()) {
                case 0 -> "standard";
                case 1 -> "nxt_packet_in";
                case 2 -> "nxt_packet_in2";
                default -> Integer.toString(f.format());
            });
        } else if (m instanceof AsyncConfig a) {
            s.append('\n');
            asyncRole(s, "primary", a.packetInMaster(), a.portStatusMaster(), a.flowRemovedMaster());
            s.append('\n');
            asyncRole(s, "secondary", a.packetInSlave(), a.portStatusSlave(), a.flowRemovedSlave());
        } else if (m instanceof UnknownMessage u && (u.messageType().code() == 27 || u.messageType().code() == 28)) {
            asyncFromBody(s, u.body(), v);
        } else if (m instanceof TableStatus t) {
            tableStatus(s, t);
        } else if (m instanceof BundleControl b) {
            s.append("\n bundle_id=0x").append(Long.toHexString(b.bundleId())).append(" type=")
                    .append(bundleType(b.controlType()));
            bundleFlags(s, b.flags());
        } else if (m instanceof BundleAddMessage b) {
            s.append("\n bundle_id=0x").append(Long.toHexString(b.bundleId()));
            bundleFlags(s, b.flags());
            s.append('\n').append(print(b.message(), v, b.xid()));
        } else if (m instanceof RequestForward r) {
            if (r.request() instanceof MeterMod mm) {
                s.append(" reason=meter_mod ").append(meterMod(mm));
            } else if (r.request() instanceof GroupMod g) {
                s.append(" reason=group_mod\n ").append(groupMod(g, v));
            } else {
                unknownBody(s, m);
            }
        } else if (m instanceof QueueGetConfig q) {
            if (!q.reply()) {
                s.append(" port=").append(Values.port(q.portNo(), NO_NAMES));
            } else if (!q.queues().isEmpty()) {
                unknownBody(s, m);
            }
        } else if (m instanceof FlowStatsRequest r) {
            flowStatsRequest(s, r);
        } else if (m instanceof MultipartRequest r) {
            multipartRequest(s, r, v);
        } else if (m instanceof MultipartReply r) {
            multipartReply(s, r, v);
        } else {
            unknownBody(s, m);
        }
    }

    private static void unknownBody(StringBuilder s, OfMessage m) {
        s.append(" (not printed by vifd: ").append(m.getClass().getSimpleName()).append(')');
    }

    private static void payload(StringBuilder s, byte[] data) {
        s.append(' ').append(data.length).append(" bytes of payload");
        if (data.length > 0) {
            s.append('\n').append(hexDump(data));
        }
    }

    /** ovs_hex_dump with offsets and ASCII, as OVS prints opaque payloads. */
    static String hexDump(byte[] data) {
        StringBuilder s = new StringBuilder();
        for (int off = 0; off < data.length; off += 16) {
            s.append(String.format("%08x  ", off));
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (off + i < data.length) {
                    int b = data[off + i] & 0xff;
                    s.append(String.format("%02x", b));
                    ascii.append(b >= 32 && b < 127 ? (char) b : '.');
                    s.append(i == 7 ? '-' : ' ');
                } else {
                    s.append("   ");
                    ascii.append(' ');
                }
            }
            s.append('|').append(ascii).append("|\n");
        }
        return s.toString();
    }

    /**
     * Where OVS 3.1 prints another name for the same wire code than OpenFlow 1.3.5 (lib/ofp-errors.h): IS_SLAVE
     * renamed, OpenFlow 1.0 names kept for codes 1.3 renamed, three table-features codes folded onto its property
     * errors.
     */
    private static final Map<String, String> OVS_ERROR_NAMES = Map.ofEntries(
            Map.entry("OFPBRC_IS_SLAVE", "OFPBRC_IS_SECONDARY"),
            Map.entry("OFPBRC_BAD_MULTIPART", "OFPBRC_BAD_STAT"),
            Map.entry("OFPBRC_BAD_EXPERIMENTER", "OFPBRC_BAD_VENDOR"),
            Map.entry("OFPBRC_BAD_EXP_TYPE", "OFPBRC_BAD_SUBTYPE"),
            Map.entry("OFPBAC_BAD_EXPERIMENTER", "OFPBAC_BAD_VENDOR"),
            Map.entry("OFPBAC_BAD_EXP_TYPE", "OFPBAC_BAD_VENDOR_TYPE"),
            Map.entry("OFPTFFC_BAD_TYPE", "OFPBPC_BAD_TYPE"),
            Map.entry("OFPTFFC_BAD_LEN", "OFPBPC_BAD_LEN"),
            Map.entry("OFPTFFC_BAD_ARGUMENT", "OFPBPC_BAD_VALUE"));

    private static void error(StringBuilder s, ErrorMessage e) {
        ErrorCode code = ErrorCode.valueOf(e.errorType(), e.code(), e.experimenter());
        s.append(' ').append(OVS_ERROR_NAMES.getOrDefault(code.name(), code.name()));
        byte[] data = e.data();
        if (data.length == 0) {
            s.append("\nOpenFlow message is empty");
            return;
        }
        int claimed = data.length >= 4 ? (data[2] & 0xff) << 8 | (data[3] & 0xff) : -1;
        if (data.length >= 8 && claimed > data.length) {
            // ofp_print_error: a request cut to 64 bytes shows its header line, the cut, and the bytes.
            s.append('\n').append("OFPT_").append(org.vifd.openflow.protocol.MessageType.valueOf(data[1] & 0xff))
                    .append(" (").append(versionName(OfVersion.valueOf(data[0]))).append(") (xid=0x")
                    .append(Integer.toHexString(io.netty.buffer.Unpooled.wrappedBuffer(data).getInt(4)))
                    .append("):\n(***truncated to ").append(data.length).append(" bytes from ").append(claimed)
                    .append("***)\n").append(hexDump(data));
            return;
        }
        if (data.length >= 8) {
            String inner = print(data);
            if (!inner.startsWith("***")) {
                s.append('\n').append(inner);
                return;
            }
        }
        s.append('\n').append(hexDump(data));
    }

    private static void features(StringBuilder s, FeaturesReply f, OfVersion v) {
        s.append(" dpid:").append(String.format("%016x", f.datapathId())).append("\nn_tables:").append(f.nTables())
                .append(", n_buffers:").append(f.nBuffers());
        if (f.auxiliaryId() != 0) {
            s.append(", auxiliary_id:").append(f.auxiliaryId());
        }
        s.append("\ncapabilities:");
        long c = f.capabilities();
        String[] names = {"FLOW_STATS", "TABLE_STATS", "PORT_STATS", "GROUP_STATS", null, "IP_REASM", "QUEUE_STATS",
            null, "PORT_BLOCKED", "BUNDLES"};
        for (int i = 0; i < names.length; i++) {
            if ((c & (1L << i)) != 0 && names[i] != null) {
                s.append(' ').append(names[i]);
            }
        }
    }

    private static void packetIn(StringBuilder s, PacketIn p) {
        if (p.tableId() != 0) {
            s.append(" table_id=").append(p.tableId());
        }
        if (p.cookie() != -1L) {
            s.append(" cookie=0x").append(Long.toHexString(p.cookie()));
        }
        s.append(" total_len=").append(p.totalLength()).append(' ')
                .append(MatchText.print(p.match(), 0x8000, NO_NAMES));
        s.append(" (via ").append(PacketInReasons.name(p.reason())).append(") data_len=").append(p.data().length);
        if (p.bufferId() == PacketIn.NO_BUFFER) {
            s.append(" (unbuffered)");
        } else {
            s.append(String.format(" (buffer=0x%08x)", p.bufferId()));
        }
        if (p.userdata().length > 0) {
            s.append("\n userdata=").append(dotted(p.userdata()));
        }
        if (p.continuation().length > 0) {
            continuation(s, p.continuation());
        }
        s.append('\n').append(PacketText.summary(p.data()));
    }

    /**
     * The NXPINT_CONTINUATION property's nested NXCPT_* properties (OVS lib/ofp-packet.c,
     * ofputil_packet_in_private_format). Their value is vswitchd's business; OVS shows them, and so do we. As OVS
     * does when it decodes them, the actions start with the unroll_xlate of NXCPT_TABLE_ID/NXCPT_COOKIE.
     */
    private static void continuation(StringBuilder s, byte[] body) {
        ByteBuf p = Unpooled.wrappedBuffer(body);
        // PacketIn keeps the nested properties without the 4 bytes of padding that follow the property header.
        String bridge = null;
        long mirrors = 0;
        boolean conntracked = false;
        int tableId = 0;
        long cookie = 0;
        String actions = null;
        String actionSet = null;
        long odpPort = 0;
        boolean stack = false;
        while (p.readableBytes() >= 4) {
            int at = p.readerIndex();
            int type = p.getUnsignedShort(at);
            int len = p.getUnsignedShort(at + 2);
            if (len < 4 || len > p.readableBytes()) {
                break;
            }
            ByteBuf v = p.slice(at + 4, len - 4);
            switch (type) {
                case 0x8000 -> {
                    if (v.readableBytes() >= 16) {
                        // vswitchd copies its struct uuid (four uint32 in host order, little-endian on x86) as is;
                        // UUID_FMT prints word 0, word 1 as two halves, word 2 as two halves, word 3.
                        long w0 = v.getUnsignedIntLE(0);
                        long w1 = v.getUnsignedIntLE(4);
                        long w2 = v.getUnsignedIntLE(8);
                        long w3 = v.getUnsignedIntLE(12);
                        bridge = String.format("%08x-%04x-%04x-%04x-%04x%08x", w0, w1 >> 16, w1 & 0xffff, w2 >> 16,
                                w2 & 0xffff, w3);
                    }
                }
                case 0x8001 -> stack = true;
                case 0x8002 -> mirrors = v.readableBytes() >= 4 ? v.getUnsignedInt(0) : 0;
                case 0x8003 -> conntracked = true;
                case 0x8004 -> tableId = v.readableBytes() >= 1 ? v.getUnsignedByte(0) : 0;
                case 0x8005 -> cookie = v.readableBytes() >= 12 ? v.getLong(4) : 0;
                case 0x8006, 0x8007 -> {
                    String text;
                    try {
                        text = ActionText.printList(org.vifd.openflow.action.ActionCodec.decode(
                                v.slice(4, v.readableBytes() - 4), 0), NO_NAMES);
                    } catch (DecodeException | IndexOutOfBoundsException e) {
                        text = "***decode error: " + e.getMessage() + "***";
                    }
                    if (type == 0x8006) {
                        actions = text;
                    } else {
                        actionSet = text;
                    }
                }
                case 0x8008 -> odpPort = v.readableBytes() >= 4 ? v.getUnsignedInt(0) : 0;
                default -> {
                }
            }
            p.skipBytes(Math.min(p.readableBytes(), (len + 7) & ~7));
        }
        if (bridge != null) {
            s.append("\n continuation.bridge=").append(bridge);
        }
        if (stack) {
            s.append("\n continuation.stack=(not printed by vifd)");
        }
        if (mirrors != 0) {
            s.append("\n continuation.mirrors=0x").append(Long.toHexString(mirrors));
        }
        if (conntracked) {
            s.append("\n continuation.conntracked=true");
        }
        if (actions != null) {
            s.append("\n continuation.actions=unroll_xlate(table=").append(tableId).append(", cookie=")
                    .append(Long.toUnsignedString(cookie)).append(')').append(actions.isEmpty() ? "" : ",")
                    .append(actions);
        }
        if (actionSet != null) {
            s.append("\n continuation.action_set=").append(actionSet);
        }
        if (odpPort != 0) {
            s.append("\n continuation.odp_port=").append(odpPort);
        }
    }

    private static void packetOut(StringBuilder s, PacketOut p) {
        s.append(' ').append(MatchText.print(p.match(), 0x8000, NO_NAMES)).append(" actions=")
                .append(p.actions().isEmpty() ? "drop" : ActionText.printList(p.actions(), NO_NAMES));
        if (p.bufferId() == PacketOut.NO_BUFFER) {
            s.append(" data_len=").append(p.data().length);
            if (p.data().length > 0) {
                s.append('\n').append(PacketText.summary(p.data()));
            }
        } else {
            s.append(String.format(" buffer=0x%08x", p.bufferId()));
        }
    }

    /** ofputil_flow_mod_format (lib/ofp-flow.c). */
    static String flowMod(FlowMod f, OfVersion v) {
        StringBuilder s = new StringBuilder(switch (f.command()) {
            case ADD -> "ADD";
            case MODIFY -> "MOD";
            case MODIFY_STRICT -> "MOD_STRICT";
            case DELETE -> "DEL";
            case DELETE_STRICT -> "DEL_STRICT";
        }).append(' ');
        if (f.tableId() != 0) {
            s.append("table:").append(f.tableId()).append(' ');
        }
        s.append(MatchText.print(f.match(), f.priority(), NO_NAMES));
        if (s.charAt(s.length() - 1) != ' ') {
            s.append(' ');
        }
        boolean add = f.command().name().startsWith("ADD");
        if (f.cookieMask() != 0) {
            s.append("cookie:0x").append(Long.toHexString(f.cookie())).append("/0x")
                    .append(Long.toHexString(f.cookieMask())).append(' ');
        } else if (f.cookie() != 0 && (add || f.command().name().startsWith("MOD"))) {
            s.append("cookie:0x").append(Long.toHexString(f.cookie())).append(' ');
        }
        if (f.idleTimeout() != 0) {
            s.append("idle:").append(f.idleTimeout()).append(' ');
        }
        if (f.hardTimeout() != 0) {
            s.append("hard:").append(f.hardTimeout()).append(' ');
        }
        if (f.importance() != 0) {
            s.append("importance:").append(f.importance()).append(' ');
        }
        if (f.bufferId() != FlowMod.NO_BUFFER) {
            s.append(String.format("buffer:0x%08x ", f.bufferId()));
        }
        if (f.outPort() != 0xffffffffL && !add) {
            s.append("out_port:").append(Values.port(f.outPort(), NO_NAMES)).append(' ');
        }
        if (f.outGroup() != FlowMod.GROUP_ANY && !add) {
            s.append("out_group:").append(f.outGroup()).append(' ');
        }
        int fl = f.flags();
        if ((fl & FlowMod.OFPFF_SEND_FLOW_REM) != 0) {
            s.append("send_flow_rem ");
        }
        if ((fl & FlowMod.OFPFF_CHECK_OVERLAP) != 0) {
            s.append("check_overlap ");
        }
        if ((fl & FlowMod.OFPFF_RESET_COUNTS) != 0) {
            s.append("reset_counts ");
        }
        if ((fl & FlowMod.OFPFF_NO_PKT_COUNTS) != 0) {
            s.append("no_packet_counts ");
        }
        if ((fl & FlowMod.OFPFF_NO_BYT_COUNTS) != 0) {
            s.append("no_byte_counts ");
        }
        s.append("actions=").append(f.instructions().isEmpty() ? "drop"
                : ActionText.printInstructions(f.instructions(), NO_NAMES));
        return s.toString();
    }

    private static void flowRemoved(StringBuilder s, FlowRemoved f) {
        s.append(' ').append(MatchText.print(f.match(), f.priority(), NO_NAMES)).append(" reason=")
                .append(switch (f.reason()) {
                    case FlowRemoved.IDLE_TIMEOUT -> "idle";
                    case FlowRemoved.HARD_TIMEOUT -> "hard";
                    case FlowRemoved.DELETE -> "delete";
                    case FlowRemoved.GROUP_DELETE -> "group_delete";
                    case FlowRemoved.METER_DELETE -> "meter_delete";
                    case FlowRemoved.EVICTION -> "eviction";
                    default -> Integer.toString(f.reason());
                });
        if (f.tableId() != 255) {
            s.append(" table_id=").append(f.tableId());
        }
        s.append(" cookie:0x").append(Long.toHexString(f.cookie())).append(" duration");
        duration(s, f.durationSec(), f.durationNsec());
        s.append(" idle").append(f.idleTimeout());
        if (f.hardTimeout() != 0) {
            s.append(" hard").append(f.hardTimeout());
        }
        s.append(" pkts").append(Long.toUnsignedString(f.packetCount())).append(" bytes")
                .append(Long.toUnsignedString(f.byteCount()));
    }

    /** ofp_print_duration: seconds, then the nanoseconds without trailing zeros. */
    private static void duration(StringBuilder s, long sec, long nsec) {
        s.append(sec);
        if (nsec > 0) {
            String n = String.format(".%09d", nsec);
            s.append(n.replaceAll("0+$", ""));
        }
        s.append('s');
    }

    private static final String[] PORT_CONFIG = {"PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD",
        "NO_FWD", "NO_PACKET_IN"};
    private static final String[] PORT_STATE = {"LINK_DOWN", "BLOCKED", "LIVE"};
    private static final String[] PORT_FEATURES = {"10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
        "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER", "FIBER", "AUTO_NEG", "AUTO_PAUSE",
        "AUTO_PAUSE_ASYM"};

    private static String bits(long v, String[] names, String zero) {
        if (v == 0) {
            return zero;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            if ((v & (1L << i)) != 0) {
                s.append(s.length() == 0 ? "" : " ").append(i < names.length && names[i] != null ? names[i]
                        : "0x" + Long.toHexString(1L << i));
            }
        }
        return s.toString();
    }

    private static void port(StringBuilder s, PortDesc p) {
        s.append(' ').append(Values.port(p.portNo(), NO_NAMES)).append('(').append(p.name()).append("): addr:")
                .append(p.hwAddr()).append('\n');
        s.append("     config:     ").append(bits(p.config(), PORT_CONFIG, "0")).append('\n');
        s.append("     state:      ").append(bits(p.state(), PORT_STATE, "0")).append('\n');
        feature(s, "current:    ", p.curr());
        feature(s, "advertised: ", p.advertised());
        feature(s, "supported:  ", p.supported());
        feature(s, "peer:       ", p.peer());
        if (p.currSpeed() != 0 || p.maxSpeed() != 0) {
            s.append("     speed: ").append(p.currSpeed() / 1000).append(" Mbps now, ").append(p.maxSpeed() / 1000)
                    .append(" Mbps max\n");
        }
    }

    private static void feature(StringBuilder s, String label, long v) {
        if (v != 0) {
            s.append("     ").append(label).append(bits(v, PORT_FEATURES, "")).append('\n');
        }
    }

    private static void portMod(StringBuilder s, PortMod p) {
        s.append(" port: ").append(Values.port(p.portNo(), NO_NAMES)).append(": addr:").append(p.hwAddr())
                .append("\n     config: ").append(bits(p.config(), PORT_CONFIG, "0"))
                .append("\n     mask:   ").append(bits(p.mask(), PORT_CONFIG, "0"))
                .append("\n     advertise: ").append(bits(p.advertise(), PORT_FEATURES, "UNCHANGED"));
    }

    private static void tableMod(StringBuilder s, TableMod t, OfVersion v) {
        if (t.tableId() == 255) {
            s.append(" table_id: ALL_TABLES");
        } else {
            s.append(" table_id=").append(t.tableId());
        }
        if (v.wire() >= 5) {
            // OpenFlow 1.4.1 §7.3.3: OFPTC_EVICTION 4, OFPTC_VACANCY_EVENTS 8. TableMod carries no
            // OFPTMPT_VACANCY property, so OVS shows the thresholds as 0,0.
            s.append(", eviction=").append((t.config() & 4) != 0 ? "on" : "off");
            s.append(", vacancy=").append((t.config() & 8) != 0 ? "on vacancy:0,0" : "off");
        }
    }

    /** ofputil_format_meter_mod / meter config (lib/ofp-meter.c). */
    static String meterMod(MeterMod m) {
        StringBuilder s = new StringBuilder(switch (m.command()) {
            case ADD -> "ADD";
            case MODIFY -> "MOD";
            case DELETE -> "DEL";
        }).append(' ');
        meterConfig(s, m.meterId(), m.flags(), m.bands());
        return s.toString();
    }

    private static void meterConfig(StringBuilder s, long meterId, int flags, List<MeterMod.Band> bands) {
        s.append("meter=").append(meterId).append(' ');
        String[] names = {"kbps", "pktps", "burst", "stats"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                s.append(names[i]).append(' ');
            }
        }
        s.append("bands=");
        for (MeterMod.Band b : bands) {
            s.append("\ntype=").append(switch (b.type()) {
                case 1 -> "drop";
                case 2 -> "dscp_remark";
                default -> "experimenter";
            }).append(" rate=").append(b.rate());
            if ((flags & MeterMod.OFPMF_BURST) != 0) {
                s.append(" burst_size=").append(b.burstSize());
            }
        }
    }

    /** ofputil_group_mod_format (lib/ofp-group.c); selection-method properties are not printed. */
    static String groupMod(GroupMod g, OfVersion v) {
        StringBuilder s = new StringBuilder(switch (g.command()) {
            case GroupMod.ADD -> "ADD";
            case GroupMod.MODIFY -> "MOD";
            case GroupMod.DELETE -> "DEL";
            case GroupMod.INSERT_BUCKET -> "INSERT_BUCKET";
            case GroupMod.REMOVE_BUCKET -> "REMOVE_BUCKET";
            case 0x8000 -> "ADD_OR_MOD";
            default -> "command " + g.command();
        }).append(' ');
        boolean bucketCommand = g.command() == GroupMod.INSERT_BUCKET || g.command() == GroupMod.REMOVE_BUCKET;
        if (bucketCommand) {
            long c = g.commandBucketId();
            s.append("command_bucket_id:").append(c == GroupMod.BUCKET_FIRST ? "first" : c == GroupMod.BUCKET_LAST
                    ? "last" : c == GroupMod.BUCKET_ALL ? "all" : Long.toString(c)).append(',');
        }
        group(s, g.groupId(), g.groupType(), !bucketCommand, g.buckets(), g.properties(), v);
        return s.toString();
    }

    private static void group(StringBuilder s, long groupId, int type, boolean withType, List<GroupMod.Bucket> buckets,
                              byte[] properties, OfVersion v) {
        s.append("group_id=").append(groupId);
        if (withType) {
            s.append(",type=").append(switch (type) {
                case GroupMod.TYPE_ALL -> "all";
                case GroupMod.TYPE_SELECT -> "select";
                case GroupMod.TYPE_INDIRECT -> "indirect";
                case GroupMod.TYPE_FAST_FAILOVER -> "ff";
                default -> Integer.toString(type);
            });
        }
        selectionMethod(s, properties);
        for (GroupMod.Bucket b : buckets) {
            s.append(",bucket=");
            if (b.bucketId() != GroupMod.NO_BUCKET_ID && v.wire() >= 6) {
                s.append("bucket_id:").append(b.bucketId()).append(',');
            }
            if (type == GroupMod.TYPE_SELECT && b.weight() != 1) {
                s.append("weight:").append(b.weight()).append(',');
            }
            if (b.watchPort() != 0xffffffffL) {
                s.append("watch_port:").append(Values.port(b.watchPort(), NO_NAMES)).append(',');
            }
            if (b.watchGroup() != 0xffffffffL) {
                s.append("watch_group:").append(b.watchGroup()).append(',');
            }
            s.append("actions=").append(b.actions().isEmpty() ? "drop" : ActionText.printList(b.actions(), NO_NAMES));
        }
    }

    /**
     * The Netronome selection-method group property (experimenter 0x0000154d, NTRT_SELECTION_METHOD 1: method name,
     * parameter, then the OXM headers of the hashed fields), as ofputil_group_properties_format prints it.
     */
    private static void selectionMethod(StringBuilder s, byte[] properties) {
        ByteBuf p = Unpooled.wrappedBuffer(properties);
        while (p.readableBytes() >= 4) {
            int start = p.readerIndex();
            int type = p.getUnsignedShort(start);
            int len = p.getUnsignedShort(start + 2);
            if (len < 4 || len > p.readableBytes()) {
                return;
            }
            if (type == 0xffff && len >= 40 && p.getUnsignedInt(start + 4) == 0x154dL
                    && p.getUnsignedInt(start + 8) == 1) {
                byte[] name = new byte[16];
                p.getBytes(start + 16, name);
                int n = 0;
                while (n < 16 && name[n] != 0) {
                    n++;
                }
                s.append(",selection_method=").append(new String(name, 0, n,
                        java.nio.charset.StandardCharsets.US_ASCII));
                long param = p.getLong(start + 32);
                if (param != 0) {
                    s.append(",selection_method_param=").append(Long.toUnsignedString(param));
                }
                StringBuilder fields = new StringBuilder();
                int at = start + 40;
                while (at + 4 <= start + len) {
                    int header = p.getInt(at);
                    if (header == 0) {
                        break;
                    }
                    boolean masked = (header & 0x100) != 0;
                    int width = header & 0xff;
                    org.vifd.openflow.match.OxmField f = org.vifd.openflow.match.OxmField.fromHeader(header);
                    fields.append(fields.length() == 0 ? "" : ",").append(FieldNames.info(f).name());
                    if (masked) {
                        byte[] mask = new byte[width / 2];
                        p.getBytes(at + 4 + width / 2, mask);
                        fields.append('=').append(ActionText.value(f, mask));
                    }
                    at += 4 + width;
                }
                if (fields.length() > 0) {
                    s.append(",fields(").append(fields).append(')');
                }
            }
            p.skipBytes(Math.min(p.readableBytes(), (len + 7) & ~7));
        }
    }

    private static final int[] OF13_ACTION_BITS = {0, 22, 25, 18, 17, 23, 24, 15, 16, 19, 20, 21};
    private static final String[] OVS_ACTION_NAMES = {"output", "group", "set_field", "strip_vlan", "push_vlan",
        "mod_nw_ttl", "dec_ttl", "set_mpls_ttl", "dec_mpls_ttl", "push_mpls", "pop_mpls", "set_queue"};

    /** ofputil_group_features_format; the OpenFlow 1.3 action bitmap in OVS's ofpact order and names. */
    private static void groupFeatures(StringBuilder s, GroupFeatures f) {
        s.append("\n Group table:\n    Types:  0x").append(Long.toHexString(f.types()))
                .append("\n    Capabilities:  0x").append(Long.toHexString(f.capabilities())).append('\n');
        String[] names = {"all", "select", "indirect", "fast failover"};
        for (int i = 0; i < 4; i++) {
            if ((f.types() & (1L << i)) == 0) {
                continue;
            }
            long max = f.maxGroups().get(i);
            s.append("    ").append(names[i]).append(" group:\n       max_groups=")
                    .append(max == 0 ? "0" : "0x" + Long.toHexString(max)).append("\n       actions:");
            long acts = f.actions().get(i);
            for (int k = 0; k < OF13_ACTION_BITS.length; k++) {
                if ((acts & (1L << OF13_ACTION_BITS[k])) != 0) {
                    s.append(' ').append(OVS_ACTION_NAMES[k]);
                }
            }
            s.append('\n');
        }
    }

    private static String roleName(Role r) {
        return switch (r) {
            case NOCHANGE -> "nochange";
            case EQUAL -> "equal";
            case MASTER -> "primary";
            case SLAVE -> "secondary";
        };
    }

    private static String bundleType(int t) {
        return switch (t) {
            case 0 -> "OPEN_REQUEST";
            case 1 -> "OPEN_REPLY";
            case 2 -> "CLOSE_REQUEST";
            case 3 -> "CLOSE_REPLY";
            case 4 -> "COMMIT_REQUEST";
            case 5 -> "COMMIT_REPLY";
            case 6 -> "DISCARD_REQUEST";
            case 7 -> "DISCARD_REPLY";
            default -> Integer.toString(t);
        };
    }

    private static void bundleFlags(StringBuilder s, int flags) {
        s.append(" flags=");
        if (flags == 0) {
            s.append("0 ");
        }
        if ((flags & 1) != 0) {
            s.append("atomic ");
        }
        if ((flags & 2) != 0) {
            s.append("ordered ");
        }
        s.setLength(s.length() - 1);
    }

    private static void flowStatsRequest(StringBuilder s, FlowStatsRequest r) {
        if (r.tableId() != 0xff) {
            s.append(" table=").append(r.tableId());
        }
        if (r.outPort() != 0xffffffffL) {
            s.append(" out_port=").append(Values.port(r.outPort(), NO_NAMES));
        }
        s.append(' ').append(MatchText.print(r.match(), 0x8000, NO_NAMES));
    }

    private static void multipartRequest(StringBuilder s, MultipartRequest r, OfVersion v) {
        ByteBuf b = Unpooled.wrappedBuffer(r.body());
        switch (r.multipartType()) {
            case MultipartType.PORT_STATS -> s.append(" port_no=").append(Values.port(b.getUnsignedInt(0), NO_NAMES));
            case MultipartType.PORT_DESC -> {
                if (b.readableBytes() >= 4) {
                    s.append(" port=").append(Values.port(b.getUnsignedInt(0), NO_NAMES));
                } else {
                    s.append(" port=ANY");
                }
            }
            case MultipartType.QUEUE -> {
                s.append(" port=").append(Values.port(b.getUnsignedInt(0), NO_NAMES)).append(" queue=");
                long q = b.getUnsignedInt(4);
                s.append(q == 0xffffffffL ? "ALL" : Long.toString(q));
            }
            case MultipartType.GROUP, MultipartType.GROUP_DESC -> {
                long g = b.readableBytes() >= 4 ? b.getUnsignedInt(0) : 0xfffffffcL;
                s.append(" group_id=").append(groupName(g));
            }
            case MultipartType.FLOW_MONITOR -> flowMonitorRequest(s, b);
            case MultipartType.TABLE_FEATURES -> {
                try {
                    TableFeaturesText.print(s, TableFeatures.decodeAll(b, v), v);
                } catch (DecodeException e) {
                    s.append(" ***decode error: ").append(e.getMessage()).append("***");
                }
            }
            case MultipartType.METER, MultipartType.METER_CONFIG -> {
                long id = b.getUnsignedInt(0);
                s.append(" meter=").append(id == 0xffffffffL ? "all" : Long.toString(id));
            }
            default -> {
                return;
            }
        }
    }

    /** ofp14_flow_monitor_request entries (OpenFlow 1.4.1 §7.3.5.19), as ofputil_flow_monitor_request_format. */
    private static void flowMonitorRequest(StringBuilder s, ByteBuf b) {
        String[] names = {"initial", "add", "delete", "modify", "actions", "no_abbrev", "own"};
        while (b.readableBytes() >= 16) {
            long id = b.readUnsignedInt();
            long outPort = b.readUnsignedInt();
            b.readUnsignedInt();
            int flags = b.readUnsignedShort();
            int table = b.readUnsignedByte();
            b.readUnsignedByte();
            Match match;
            try {
                match = Match.decode(b, 0);
            } catch (DecodeException e) {
                s.append(" ***decode error: ").append(e.getMessage()).append("***");
                return;
            }
            s.append("\n id=").append(id).append(" flags=");
            StringBuilder f = new StringBuilder();
            for (int i = 0; i < names.length; i++) {
                if ((flags & (1 << i)) != 0) {
                    f.append(f.length() == 0 ? "" : ",").append(names[i]);
                }
            }
            s.append(f);
            if (outPort != 0xffffffffL) {
                s.append(" out_port=").append(Values.port(outPort, NO_NAMES));
            }
            if (table != 0xff) {
                s.append(" table=").append(table);
            }
            s.append(' ').append(MatchText.print(match, 0x8000, NO_NAMES));
        }
    }

    /**
     * GET_ASYNC_REPLY / SET_ASYNC bodies, which the codec leaves undecoded: OpenFlow 1.3.5 §7.3.10 six uint32 masks
     * (packet-in, port-status, flow-removed; master then slave), 1.4.1 §7.3.10 OFPACPT_* properties (slave, master).
     */
    private static void asyncFromBody(StringBuilder s, byte[] body, OfVersion v) {
        ByteBuf b = Unpooled.wrappedBuffer(body);
        int[] m = new int[6];
        if (v.wire() <= 4) {
            for (int i = 0; i < 6 && b.readableBytes() >= 4; i++) {
                m[i] = b.readInt();
            }
        } else {
            while (b.readableBytes() >= 8) {
                int type = b.readUnsignedShort();
                int len = b.readUnsignedShort();
                int value = b.readInt();
                b.skipBytes(Math.min(b.readableBytes(), Math.max(0, len - 8)));
                if (type <= 5) {
                    // OFPACPT_PACKET_IN_SLAVE=0, _MASTER=1, PORT_STATUS 2/3, FLOW_REMOVED 4/5.
                    m[(type / 2) * 2 + (type % 2 == 1 ? 0 : 1)] = value;
                }
            }
        }
        AsyncConfig a = new AsyncConfig(m[0], m[1], m[2], m[3], m[4], m[5]);
        s.append('\n');
        asyncRole(s, "primary", a.packetInMaster(), a.portStatusMaster(), a.flowRemovedMaster());
        s.append('\n');
        asyncRole(s, "secondary", a.packetInSlave(), a.portStatusSlave(), a.flowRemovedSlave());
    }

    private static void asyncRole(StringBuilder s, String role, int packetIn, int portStatus, int flowRemoved) {
        s.append(' ').append(role).append(":\n");
        asyncLine(s, "PACKET_IN", packetIn, PacketInReasons.NAMES.toArray(String[]::new));
        asyncLine(s, "PORT_STATUS", portStatus, "add", "delete", "modify");
        asyncLine(s, "FLOW_REMOVED", flowRemoved, "idle", "hard", "delete", "group_delete", "eviction",
                "meter_delete");
        // OpenFlow 1.3's OFPT_SET_ASYNC has no masks for these; OVS shows them off.
        asyncLine(s, "ROLE_STATUS", 0);
        asyncLine(s, "TABLE_STATUS", 0);
        asyncLine(s, "REQUESTFORWARD", 0);
    }

    private static void asyncLine(StringBuilder s, String what, int mask, String... reasons) {
        s.append(String.format("%16s:", what));
        if (mask == 0) {
            s.append(" (off)");
        }
        for (int i = 0; i < 32; i++) {
            if ((mask & (1 << i)) != 0) {
                s.append(' ').append(i < reasons.length ? reasons[i] : "reason" + i);
            }
        }
        s.append('\n');
    }

    /** OFPT_TABLE_STATUS (OpenFlow 1.4.1 §7.4.5) with its table description, as ofputil_table_desc_format. */
    private static void tableStatus(StringBuilder s, TableStatus t) {
        s.append(" reason=").append(switch (t.reason()) {
            case TableStatus.REASON_VACANCY_DOWN -> "VACANCY_DOWN";
            case TableStatus.REASON_VACANCY_UP -> "VACANCY_UP";
            default -> Integer.toString(t.reason());
        });
        s.append("\ntable_desc:-\n  table ").append(t.tableId()).append(":\n   eviction=")
                .append((t.config() & TableStatus.OFPTC_EVICTION) != 0 ? "on" : "off").append(" eviction_flags=");
        long eviction = -1;
        ByteBuf p = Unpooled.wrappedBuffer(t.properties());
        while (p.readableBytes() >= 4) {
            int type = p.getUnsignedShort(p.readerIndex());
            int len = p.getUnsignedShort(p.readerIndex() + 2);
            if (len < 4 || len > p.readableBytes()) {
                break;
            }
            if (type == 2 && len >= 8) {
                eviction = p.getUnsignedInt(p.readerIndex() + 4);
            }
            p.skipBytes(Math.min(p.readableBytes(), (len + 7) & ~7));
        }
        if (eviction < 0) {
            s.append("(default)");
        } else {
            String[] names = {"OTHER", "IMPORTANCE", "LIFETIME"};
            StringBuilder f = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                if ((eviction & (1L << i)) != 0) {
                    f.append(f.length() == 0 ? "" : "|").append(i < names.length ? names[i] : "0x"
                            + Long.toHexString(1L << i));
                }
            }
            s.append(f);
        }
        s.append("\n   vacancy=").append((t.config() & TableStatus.OFPTC_VACANCY_EVENTS) != 0 ? "on" : "off");
        t.vacancy().ifPresent(vac -> s.append(" vacancy_down=").append(vac.vacancyDown()).append("% vacancy_up=")
                .append(vac.vacancyUp()).append("% vacancy=").append(vac.vacancy()).append('%'));
    }

    /** ofp_print_table_stats_reply: equal consecutive tables collapse into "tables A...B: ditto". */
    private static void tableStats(StringBuilder s, List<TableStats> tables) {
        s.append('\n');
        TableStats prev = null;
        int dittoFrom = -1;
        int dittoTo = -1;
        for (TableStats t : tables) {
            if (prev != null && t.activeCount() == prev.activeCount() && t.lookupCount() == prev.lookupCount()
                    && t.matchedCount() == prev.matchedCount()) {
                if (dittoFrom < 0) {
                    dittoFrom = t.tableId();
                }
                dittoTo = t.tableId();
                continue;
            }
            ditto(s, dittoFrom, dittoTo);
            dittoFrom = -1;
            s.append("  table ").append(t.tableId()).append(":\n    active=").append(t.activeCount())
                    .append(", lookup=").append(t.lookupCount()).append(", matched=").append(t.matchedCount())
                    .append("\n\n");
            prev = t;
        }
        ditto(s, dittoFrom, dittoTo);
    }

    private static void ditto(StringBuilder s, int from, int to) {
        if (from < 0) {
            return;
        }
        if (from == to) {
            s.append("  table ").append(from).append(": ditto\n");
        } else {
            s.append("  tables ").append(from).append("...").append(to).append(": ditto\n");
        }
    }

    private static String groupName(long g) {
        if (g == 0xfffffffcL) {
            return "ALL";
        }
        if (g == 0xffffffffL) {
            return "ANY";
        }
        return Long.toString(g);
    }

    private static void multipartReply(StringBuilder s, MultipartReply r, OfVersion v) {
        ByteBuf b = Unpooled.wrappedBuffer(r.body());
        if ((r.flags() & 1) != 0) {
            s.append(" flags=[more]"); // ofp_print_stats: OFPSF_REPLY_MORE in brackets
        }
        try {
            switch (r.multipartType()) {
                case MultipartType.DESC -> {
                    SwitchDescription d = SwitchDescription.decode(b, v);
                    s.append("\nManufacturer: ").append(d.manufacturer()).append("\nHardware: ").append(d.hardware())
                            .append("\nSoftware: ").append(d.software()).append("\nSerial Num: ")
                            .append(d.serialNumber()).append("\nDP Description: ").append(d.datapath());
                }
                case MultipartType.AGGREGATE -> {
                    AggregateStats a = AggregateStats.decode(b, v);
                    s.append(" packet_count=").append(Long.toUnsignedString(a.packetCount())).append(" byte_count=")
                            .append(Long.toUnsignedString(a.byteCount())).append(" flow_count=")
                            .append(a.flowCount());
                }
                case MultipartType.FLOW -> {
                    for (FlowStats f : FlowStats.decodeAll(b, v)) {
                        s.append("\n ").append(FlowText.print(f, FlowText.Options.STATS));
                    }
                }
                case MultipartType.PORT_STATS -> portStats(s, PortStats.decodeAll(b, v));
                case MultipartType.TABLE -> tableStats(s, TableStats.decodeAll(b, v));
                case MultipartType.GROUP_FEATURES -> groupFeatures(s, GroupFeatures.decode(b, v));
                case MultipartType.GROUP_DESC -> {
                    for (GroupDesc g : GroupDesc.decodeAll(b, v)) {
                        s.append("\n ");
                        group(s, g.groupId(), g.groupType(), true, g.buckets(), g.properties(), v);
                    }
                }
                case MultipartType.GROUP -> {
                    for (GroupStats g : GroupStats.decodeAll(b, v)) {
                        s.append("\n group_id=").append(g.groupId()).append(",duration=");
                        duration(s, g.durationSec(), g.durationNsec());
                        s.append(",ref_count=").append(g.refCount()).append(",packet_count=")
                                .append(g.packetCount()).append(",byte_count=").append(g.byteCount());
                        for (int i = 0; i < g.buckets().size(); i++) {
                            s.append(",bucket").append(i).append(":packet_count=")
                                    .append(g.buckets().get(i).packetCount()).append(",byte_count=")
                                    .append(g.buckets().get(i).byteCount());
                        }
                    }
                }
                case MultipartType.PORT_DESC -> {
                    // ofp_print_phy_ports sorts the ports by number.
                    List<PortDesc> ports = new java.util.ArrayList<>(PortDesc.decodeAll(b, v));
                    ports.sort((x, y) -> Long.compareUnsigned(x.portNo(), y.portNo()));
                    for (PortDesc p : ports) {
                        s.append('\n');
                        port(s, p);
                        s.setLength(s.length() - 1);
                    }
                }
                case MultipartType.QUEUE -> {
                    List<QueueStats> qs = QueueStats.decodeAll(b, v);
                    s.append(' ').append(qs.size()).append(" queues");
                    if (!qs.isEmpty()) {
                        s.append(" (queue entries not printed by vifd)");
                    }
                }
                case MultipartType.METER_CONFIG -> {
                    for (MeterConfig c : MeterConfig.decodeAll(b, v)) {
                        s.append('\n');
                        meterConfig(s, c.meterId(), c.flags(), c.bands());
                    }
                }
                case MultipartType.METER -> {
                    for (MeterStats m : MeterStats.decodeAll(b, v)) {
                        s.append("\nmeter:").append(m.meterId()).append(" flow_count:").append(m.flowCount())
                                .append(" packet_in_count:").append(m.packetInCount()).append(" byte_in_count:")
                                .append(m.byteInCount()).append(" duration:");
                        duration(s, m.durationSec(), m.durationNsec());
                        s.append(" bands:");
                        for (int i = 0; i < m.bands().size(); i++) {
                            s.append('\n').append(i).append(": packet_count:")
                                    .append(m.bands().get(i).packetCount()).append(" byte_count:")
                                    .append(m.bands().get(i).byteCount());
                        }
                    }
                }
                case MultipartType.FLOW_MONITOR -> {
                    // ofputil_flow_update_format (lib/ofp-monitor.c): one update a line, indented by one space
                    for (FlowUpdate u : FlowUpdate.decodeAll(b, v)) {
                        s.append("\n ").append(FlowText.print(u, Map.of()));
                    }
                }
                case MultipartType.TABLE_FEATURES -> TableFeaturesText.print(s, TableFeatures.decodeAll(b, v), v);
                case MultipartType.METER_FEATURES -> {
                    MeterFeatures f = MeterFeatures.decode(b, v);
                    s.append("\nmax_meter:").append(f.maxMeter()).append(" max_bands:").append(f.maxBands())
                            .append(" max_color:").append(f.maxColor()).append("\nband_types:");
                    if ((f.bandTypes() & 2) != 0) {
                        s.append(" drop");
                    }
                    if ((f.bandTypes() & 4) != 0) {
                        s.append(" dscp_remark");
                    }
                    s.append("\ncapabilities:");
                    String[] names = {"kbps", "pktps", "burst", "stats"};
                    for (int i = 0; i < names.length; i++) {
                        if ((f.capabilities() & (1L << i)) != 0) {
                            s.append(' ').append(names[i]);
                        }
                    }
                }
                default -> s.append(" (").append(r.body().length).append(" bytes not printed by vifd)");
            }
        } catch (DecodeException e) {
            s.append(" ***decode error: ").append(e.getMessage()).append("***");
        }
    }

    private static void portStats(StringBuilder s, List<PortStats> ports) {
        s.append(' ').append(ports.size()).append(" ports");
        for (PortStats p : ports) {
            String name = Values.port(p.portNo(), NO_NAMES);
            s.append("\n  port ").append(name.length() < 2 ? String.format("%2s", name) : name)
                    .append(": rx pkts=").append(p.rxPackets()).append(", bytes=").append(p.rxBytes())
                    .append(", drop=").append(p.rxDropped()).append(", errs=").append(p.rxErrors())
                    .append(", frame=").append(p.rxFrameErr()).append(", over=").append(p.rxOverErr())
                    .append(", crc=").append(p.rxCrcErr())
                    .append("\n           tx pkts=").append(p.txPackets()).append(", bytes=").append(p.txBytes())
                    .append(", drop=").append(p.txDropped()).append(", errs=").append(p.txErrors())
                    .append(", coll=").append(p.collisions())
                    .append("\n           duration=");
            duration(s, p.durationSec(), p.durationNsec());
        }
    }

    private static String dotted(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            s.append(i == 0 ? "" : ".").append(HexFormat.of().toHexDigits(b[i]));
        }
        return s.toString();
    }
}
