package org.vifd.openflow.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;

/**
 * The one-line summary ovs-ofctl prints for the frame in a packet-in, packet-out or NXT_RESUME (ofp_packet_to_string,
 * lib/ofp-print.c): the flow extracted from the frame, printed as an exact match, then the L4 checksum
 * ({@code udp_csum:7c1e}). Covers Ethernet with at most one 802.1Q tag, IPv4 and IPv6 (without extension headers)
 * with TCP, UDP, SCTP, ICMP and ICMPv6, and ARP; anything else prints as its Ethernet part only.
 */
final class PacketText {
    private static final int ETH_IP = 0x0800;
    private static final int ETH_ARP = 0x0806;
    private static final int ETH_IPV6 = 0x86dd;
    private static final int ETH_VLAN = 0x8100;

    private PacketText() {
    }

    static String summary(byte[] f) {
        if (f.length < 14) {
            return "";
        }
        List<OxmEntry> e = new ArrayList<>();
        e.add(entry(OxmField.ETH_DST, f, 0, 6));
        e.add(entry(OxmField.ETH_SRC, f, 6, 6));
        int at = 12;
        int type = u16(f, at);
        int tci = 0;
        if (type == ETH_VLAN && f.length >= 18) {
            tci = u16(f, 14) | 0x1000;
            type = u16(f, 16);
            at = 16;
        }
        e.add(OxmEntry.of(OxmField.NXM_OF_VLAN_TCI, tci));
        e.add(OxmEntry.of(OxmField.ETH_TYPE, type));
        int l3 = at + 2;
        String csum = "";
        if (type == ETH_IP && f.length >= l3 + 20) {
            int ihl = (f[l3] & 0x0f) * 4;
            int proto = f[l3 + 9] & 0xff;
            int frag = u16(f, l3 + 6);
            int fragBits = (frag & 0x3fff) == 0 ? 0 : ((frag & 0x1fff) != 0 ? 3 : 1);
            e.add(entry(OxmField.IPV4_SRC, f, l3 + 12, 4));
            e.add(entry(OxmField.IPV4_DST, f, l3 + 16, 4));
            ipCommon(e, proto, f[l3 + 1] & 0xff, f[l3 + 8] & 0xff, fragBits);
            if ((frag & 0x1fff) == 0) {
                csum = l4(e, f, l3 + ihl, proto, false);
            }
        } else if (type == ETH_IPV6 && f.length >= l3 + 40) {
            long vtf = u32(f, l3);
            int proto = f[l3 + 6] & 0xff;
            e.add(entry(OxmField.IPV6_SRC, f, l3 + 8, 16));
            e.add(entry(OxmField.IPV6_DST, f, l3 + 24, 16));
            e.add(OxmEntry.of(OxmField.IPV6_FLABEL, vtf & 0xfffff));
            ipCommon(e, proto, (int) (vtf >> 20) & 0xff, f[l3 + 7] & 0xff, 0);
            csum = l4(e, f, l3 + 40, proto, true);
        } else if (type == ETH_ARP && f.length >= l3 + 28) {
            e.add(OxmEntry.of(OxmField.ARP_OP, u16(f, l3 + 6) & 0xff));
            e.add(entry(OxmField.ARP_SHA, f, l3 + 8, 6));
            e.add(entry(OxmField.ARP_SPA, f, l3 + 14, 4));
            e.add(entry(OxmField.ARP_THA, f, l3 + 18, 6));
            e.add(entry(OxmField.ARP_TPA, f, l3 + 24, 4));
        }
        String text = MatchText.print(new Match(e), 0x8000, Map.of());
        if ((tci & 0x1000) != 0) {
            // OVS extracts two VLAN slots; a frame with one tag shows the empty second as vlan_tci1 (flow.c).
            text = text.replace(",dl_src=", ",vlan_tci1=0x0000,dl_src=");
        }
        return text + csum;
    }

    private static void ipCommon(List<OxmEntry> e, int proto, int tos, int ttl, int fragBits) {
        e.add(OxmEntry.of(OxmField.IP_PROTO, proto));
        e.add(OxmEntry.of(OxmField.NXM_OF_IP_TOS, tos & 0xfc));
        e.add(OxmEntry.of(OxmField.IP_ECN, tos & 3));
        e.add(OxmEntry.of(OxmField.IP_TTL, ttl));
        e.add(OxmEntry.of(OxmField.IP_FRAG, fragBits));
    }

    /** Adds the L4 fields; returns the checksum suffix ovs-ofctl prints after the flow. */
    private static String l4(List<OxmEntry> e, byte[] f, int l4, int proto, boolean v6) {
        switch (proto) {
            case 6 -> {
                if (f.length >= l4 + 20) {
                    e.add(OxmEntry.of(OxmField.TCP_SRC, u16(f, l4)));
                    e.add(OxmEntry.of(OxmField.TCP_DST, u16(f, l4 + 2)));
                    e.add(OxmEntry.of(OxmField.ONF_TCP_FLAGS, u16(f, l4 + 12) & 0x0fff));
                    return " tcp_csum:" + Integer.toHexString(u16(f, l4 + 16));
                }
            }
            case 17 -> {
                if (f.length >= l4 + 8) {
                    e.add(OxmEntry.of(OxmField.UDP_SRC, u16(f, l4)));
                    e.add(OxmEntry.of(OxmField.UDP_DST, u16(f, l4 + 2)));
                    return " udp_csum:" + Integer.toHexString(u16(f, l4 + 6));
                }
            }
            case 132 -> {
                if (f.length >= l4 + 12) {
                    e.add(OxmEntry.of(OxmField.SCTP_SRC, u16(f, l4)));
                    e.add(OxmEntry.of(OxmField.SCTP_DST, u16(f, l4 + 2)));
                    return " sctp_csum:" + Long.toHexString(u32(f, l4 + 8));
                }
            }
            case 1 -> {
                if (!v6 && f.length >= l4 + 4) {
                    e.add(OxmEntry.of(OxmField.ICMPV4_TYPE, f[l4] & 0xff));
                    e.add(OxmEntry.of(OxmField.ICMPV4_CODE, f[l4 + 1] & 0xff));
                    return " icmp_csum:" + Integer.toHexString(u16(f, l4 + 2));
                }
            }
            case 58 -> {
                if (v6 && f.length >= l4 + 4) {
                    int t = f[l4] & 0xff;
                    e.add(OxmEntry.of(OxmField.ICMPV6_TYPE, t));
                    e.add(OxmEntry.of(OxmField.ICMPV6_CODE, f[l4 + 1] & 0xff));
                    if ((t == 135 || t == 136) && f.length >= l4 + 24) {
                        e.add(entry(OxmField.IPV6_ND_TARGET, f, l4 + 8, 16));
                        byte[] sll = new byte[6];
                        byte[] tll = new byte[6];
                        for (int o = l4 + 24; o + 8 <= f.length && f[o + 1] != 0; o += 8 * (f[o + 1] & 0xff)) {
                            if (f[o] == 1 && t == 135) {
                                System.arraycopy(f, o + 2, sll, 0, 6);
                            } else if (f[o] == 2 && t == 136) {
                                System.arraycopy(f, o + 2, tll, 0, 6);
                            }
                        }
                        e.add(new OxmEntry(OxmField.IPV6_ND_SLL, sll, null));
                        e.add(new OxmEntry(OxmField.IPV6_ND_TLL, tll, null));
                    }
                    return " icmp6_csum:" + Integer.toHexString(u16(f, l4 + 2));
                }
            }
            default -> {
                return "";
            }
        }
        return "";
    }

    private static OxmEntry entry(OxmField field, byte[] f, int at, int len) {
        byte[] v = new byte[len];
        System.arraycopy(f, at, v, 0, len);
        return new OxmEntry(field, v, null);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }
}
