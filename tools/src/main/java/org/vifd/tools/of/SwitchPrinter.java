package org.vifd.tools.of;

import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.protocol.SimpleMessage;
import org.vifd.openflow.protocol.SwitchConfig;
import org.vifd.tools.vsctl.VsctlException;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;

/**
 * {@code show}, {@code dump-ports-desc} and {@code dump-tables} printed as ovs-ofctl prints them (lib/ofp-print.c,
 * lib/ofp-port.c, lib/ofp-table.c), except that headers carry no "(xid=0x..)": vifctl does not see its xids.
 */
final class SwitchPrinter {

    /** ofp_port_config bits of OpenFlow 1.1+ (1.3.5 §7.2.1), in bit order. */
    private static final String[] CONFIG = {"PORT_DOWN", null, "NO_RECV", null, null, "NO_FWD", "NO_PACKET_IN"};
    private static final String[] STATE = {"LINK_DOWN", "BLOCKED", "LIVE"};
    /** ofp_port_features (1.3.5 §7.2.1) with OVS's names (netdev_feature_to_name). */
    private static final String[] FEATURES = {"10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
            "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER", "FIBER", "AUTO_NEG", "AUTO_PAUSE",
            "AUTO_PAUSE_ASYM"};
    /** ofp_capabilities (1.3.5 §7.3.1). */
    private static final String[] CAPABILITIES = {"FLOW_STATS", "TABLE_STATS", "PORT_STATS", "GROUP_STATS", null,
            "IP_REASM", "QUEUE_STATS", null, "PORT_BLOCKED", "BUNDLES"};

    private final OneShotSwitch sw;
    private final PrintStream out;

    SwitchPrinter(OneShotSwitch sw, PrintStream out) {
        this.sw = sw;
        this.out = out;
    }

    void show() {
        OfVersion v = sw.connection().version();
        FeaturesReply f = sw.connection().features();
        StringBuilder s = new StringBuilder();
        s.append("OFPT_FEATURES_REPLY (").append(v).append("): dpid:").append(f.datapathIdHex()).append('\n');
        s.append("n_tables:").append(f.nTables()).append(", n_buffers:").append(f.nBuffers()).append('\n');
        s.append("capabilities:");
        for (int i = 0; i < CAPABILITIES.length; i++) {
            if ((f.capabilities() & (1L << i)) != 0 && CAPABILITIES[i] != null) {
                s.append(' ').append(CAPABILITIES[i]);
            }
        }
        s.append('\n');
        appendPorts(s, OfCommand.portDescriptions(sw), null);
        InboundMessage config = sw.await(sw.connection().request(SimpleMessage.GET_CONFIG_REQUEST), "get-config request");
        if (config.message() instanceof SwitchConfig c) {
            s.append("OFPT_GET_CONFIG_REPLY (").append(v).append("): frags=")
                    .append(switch (c.flags() & 3) {
                        case 0 -> "normal";
                        case 1 -> "drop";
                        case 2 -> "reassemble";
                        default -> "nx-match";
                    }).append(" miss_send_len=").append(c.missSendLen()).append('\n');
        }
        out.print(s);
        out.flush();
    }

    void portsDesc(String port) {
        StringBuilder s = new StringBuilder();
        appendPorts(s, OfCommand.portDescriptions(sw), port);
        out.print(s);
        out.flush();
    }

    private void appendPorts(StringBuilder s, List<PortDescription> ports, String only) {
        s.append("OFPST_PORT_DESC reply (").append(sw.connection().version()).append("):\n");
        ports.stream().sorted(Comparator.comparingLong(PortDescription::portNo))
                .filter(p -> only == null || sw.connection().version().wire() < OfVersion.OF_1_5.wire()
                        || only.equals(p.name()) || only.equals(Long.toString(p.portNo())))
                .forEach(p -> appendPort(s, p));
    }

    /** ofputil_phy_port_format (lib/ofp-port.c). */
    static void appendPort(StringBuilder s, PortDescription p) {
        s.append(' ').append(portNumber(p.portNo())).append('(').append(p.name()).append("): addr:")
                .append(p.macText()).append('\n');
        s.append("     config:     ").append(bits(p.config(), CONFIG)).append('\n');
        s.append("     state:      ").append(bits(p.state(), STATE)).append('\n');
        features(s, "     current:    ", p.curr());
        features(s, "     advertised: ", p.advertised());
        features(s, "     supported:  ", p.supported());
        features(s, "     peer:       ", p.peer());
        s.append("     speed: ").append(p.currSpeed() / 1000).append(" Mbps now, ").append(p.maxSpeed() / 1000)
                .append(" Mbps max\n");
    }

    private static void features(StringBuilder s, String label, long bits) {
        if (bits != 0) {
            s.append(label).append(bits(bits, FEATURES)).append('\n');
        }
    }

    static String portNumber(long no) {
        if (no == PortDescription.LOCAL) {
            return "LOCAL";
        }
        return Long.toString(no);
    }

    private static String bits(long value, String[] names) {
        if (value == 0) {
            return "0";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            if ((value & (1L << i)) != 0) {
                if (!s.isEmpty()) {
                    s.append(' ');
                }
                s.append(i < names.length && names[i] != null ? names[i] : "0x" + Long.toHexString(1L << i));
            }
        }
        return s.toString();
    }

    /**
     * OFPMP_TABLE (1.3.5 §7.3.5.4): ofp_table_stats of 24 bytes each; like ovs-ofctl, a run of tables whose counters
     * equal the previous one's is printed as "tables A...B: ditto".
     */
    void tables() {
        OfVersion v = sw.connection().version();
        byte[] body = sw.await(sw.connection().multipart(new MultipartRequest(MultipartType.TABLE, 0, new byte[0])),
                "table stats request");
        if (body.length % 24 != 0) {
            throw new VsctlException(sw.target().name() + ": table stats reply of " + body.length
                    + " bytes is not a multiple of 24");
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        List<String> blocks = new java.util.ArrayList<>();
        String previous = null;
        int dittoFrom = -1;
        int dittoTo = -1;
        for (int at = 0; at < body.length; at += 24) {
            int table = Byte.toUnsignedInt(b.get(at));
            String counters = "active=" + Integer.toUnsignedLong(b.getInt(at + 4)) + ", lookup="
                    + Long.toUnsignedString(b.getLong(at + 8)) + ", matched=" + Long.toUnsignedString(b.getLong(at + 16));
            if (counters.equals(previous)) {
                if (dittoFrom < 0) {
                    dittoFrom = table;
                }
                dittoTo = table;
                continue;
            }
            ditto(blocks, dittoFrom, dittoTo);
            dittoFrom = -1;
            blocks.add("  table " + table + ":\n    " + counters + "\n");
            previous = counters;
        }
        ditto(blocks, dittoFrom, dittoTo);
        out.print("OFPST_TABLE reply (" + v + "):\n" + String.join("\n", blocks));
        out.flush();
    }

    private static void ditto(List<String> blocks, int from, int to) {
        if (from >= 0) {
            blocks.add(from == to ? "  table " + from + ": ditto\n" : "  tables " + from + "..." + to + ": ditto\n");
        }
    }
}
