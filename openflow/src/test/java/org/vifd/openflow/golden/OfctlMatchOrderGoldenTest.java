package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.text.FlowText;

/**
 * Match field order: for multi-field flows, the OXM TLVs we encode come in the order ovs-ofctl writes them
 * (lib/nx-match.c nx_put_raw), so our FLOW_MOD for the text is byte for byte the one `ovs-ofctl -O OpenFlow13
 * add-flow` sends. The oracle is live ({@link OfctlWire}); golden/ofctl/ofctl-match-order-of13.tsv keeps what it sent
 * when captured (-Dgolden.capture=DIR rewrites it), so the comparison with a recorded OVS also runs on its own.
 */
class OfctlMatchOrderGoldenTest {
    static final List<String> FLOWS = List.of(
            "table=1,priority=5,ip,in_port=3,nw_src=10.0.0.1,reg0=5,metadata=7,actions=drop",
            "priority=10,udp,in_port=5,dl_src=fa:16:3e:00:00:01,dl_dst=ff:ff:ff:ff:ff:ff,tp_src=68,tp_dst=67,"
                    + "actions=drop",
            "priority=10,tcp,nw_src=10.0.0.0/8,nw_dst=192.168.1.1,tp_src=1024/0xfc00,tp_dst=80,actions=drop",
            "priority=10,tcp,tcp_flags=+syn-ack,nw_dst=10.1.2.3,tp_dst=22,actions=drop",
            "priority=10,icmp,icmp_type=8,icmp_code=0,nw_src=10.0.0.1,nw_dst=10.0.0.2,actions=drop",
            "priority=10,ipv6,ipv6_src=fd00::1,ipv6_dst=fd00::/64,ipv6_label=0x12345,actions=drop",
            "priority=10,tcp6,ipv6_src=fd00::1,tp_dst=443,nw_tos=32,actions=drop",
            "priority=10,udp6,ipv6_dst=ff02::1:2,udp_src=546,udp_dst=547,nw_ttl=1,actions=drop",
            "priority=10,icmp6,icmp_type=135,icmp_code=0,nd_target=fd00::5,nd_sll=fa:16:3e:00:00:05,actions=drop",
            "priority=10,icmp6,icmp_type=136,nd_target=fd00::5,nd_tll=fa:16:3e:00:00:06,in_port=4,actions=drop",
            "priority=10,arp,arp_op=1,arp_spa=10.0.0.5,arp_tpa=10.0.0.1,arp_sha=fa:16:3e:00:00:05,"
                    + "dl_dst=ff:ff:ff:ff:ff:ff,actions=drop",
            "priority=10,arp,in_port=7,arp_tha=00:00:00:00:00:00,arp_spa=10.0.0.0/24,actions=drop",
            "priority=10,in_port=1,dl_vlan=100,dl_vlan_pcp=3,actions=drop",
            "priority=10,vlan_tci=0x1000/0x1000,dl_type=0x0800,nw_proto=17,actions=drop",
            "priority=10,in_port=1,vlan_tci=0x0000,dl_src=fa:16:3e:00:00:01,actions=drop",
            "priority=10,metadata=0x10/0xff,reg0=0x7,reg5=0x100/0xf00,in_port=1,dl_vlan=100,actions=drop",
            "priority=10,reg6=0x1,reg13=0x2,reg14=0x3,reg15=0x4,metadata=0x5,actions=drop",
            "priority=10,tun_id=0x10,tun_src=192.168.0.1,tun_dst=192.168.0.2,in_port=9,actions=drop",
            "priority=10,tun_ipv6_src=fd00::1,tun_ipv6_dst=fd00::2,tun_id=0x5/0xff,reg1=0x3,actions=drop",
            "priority=10,tun_flags=0x1/0x1,tun_gbp_id=0x10,tun_gbp_flags=0x1,pkt_mark=0x7,actions=drop",
            "priority=10,ct_state=+est+trk,ct_zone=5,ct_mark=0x1/0x1,ip,reg5=0x3,actions=drop",
            "priority=10,ct_state=-new+trk,ct_label=0x1/0x1,ct_zone=0x2,metadata=0x4,in_port=2,actions=drop",
            "priority=10,ct_state=+trk,ip,ct_nw_src=10.0.0.1,ct_nw_dst=10.0.0.2,ct_nw_proto=6,ct_tp_src=1000,"
                    + "ct_tp_dst=80,actions=drop",
            "priority=10,ct_state=+trk,ipv6,ct_ipv6_src=fd00::1,ct_ipv6_dst=fd00::2,ct_nw_proto=17,ct_tp_dst=53,"
                    + "actions=drop",
            "priority=10,conj_id=7,ip,reg0=0x1,metadata=0x3,actions=drop",
            "priority=10,recirc_id=0x5,dp_hash=0x3/0xf,in_port=1,actions=drop",
            "priority=10,pkt_mark=0x5/0xff,ct_mark=0x3,reg2=0x1,actions=drop",
            "priority=10,ip,ip_frag=first,nw_ecn=1,nw_tos=8,nw_src=1.2.3.4,actions=drop",
            "priority=10,sctp,sctp_src=5,sctp_dst=6,nw_dst=1.1.1.1,actions=drop",
            "priority=10,mpls,mpls_label=5,mpls_tc=1,mpls_bos=1,in_port=1,actions=drop",
            "priority=10,dl_src=fa:16:3e:00:00:00/ff:ff:ff:00:00:00,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,"
                    + "dl_type=0x86dd,actions=drop",
            "priority=10,xreg1=0x1122334455667788,in_port=1,actions=drop",
            "priority=10,xxreg0=0x1/0xff,metadata=0x1,actions=drop",
            // Neutron OVS firewall (table 71/72/82) and OVN logical-flow shapes.
            "table=71,priority=95,icmp6,reg5=0x5,in_port=5,dl_src=fa:16:3e:a1:b2:c3,icmp_type=136,"
                    + "nd_target=fe80::f816:3eff:fea1:b2c3,actions=resubmit(,94)",
            "table=71,priority=65,ip,reg5=0x5,in_port=5,dl_src=fa:16:3e:a1:b2:c3,nw_src=10.0.0.5,"
                    + "actions=ct(table=72,zone=NXM_NX_REG6[0..15])",
            "table=82,priority=77,ct_state=+est-rel-rpl,tcp,reg5=0x5,tp_dst=22,actions=output:5",
            "table=8,priority=50,reg14=0x1,metadata=0x1,dl_src=fa:16:3e:11:22:33,actions=resubmit(,9)",
            "table=44,priority=34000,udp,reg15=0x2,metadata=0x1,dl_src=fa:16:3e:44:55:66,nw_src=10.0.0.1,"
                    + "tp_src=67,tp_dst=68,actions=resubmit(,45)");

    static final String FIXTURE = "ofctl/ofctl-match-order-of13.tsv";

    @TestFactory
    Stream<DynamicTest> ourMatchBytesAreOvsOfctlsLive() {
        String capture = System.getProperty("golden.capture");
        List<String> tsv = new ArrayList<>();
        Stream<DynamicTest> live = FLOWS.stream().map(flow -> DynamicTest.dynamicTest(flow, () -> {
            byte[] ofctl = OfctlWire.sentOne(14, "OpenFlow13", "add-flow", flow);
            tsv.add(flow + "\t" + HexFormat.of().formatHex(ofctl));
            assertSameAsOurs(flow, ofctl);
        }));
        if (capture == null) {
            return live;
        }
        return Stream.concat(live, Stream.of(DynamicTest.dynamicTest("write " + FIXTURE, () ->
                OfpPrint.write(Path.of(capture, FIXTURE), String.join("\n", tsv)))));
    }

    @TestFactory
    Stream<DynamicTest> ourMatchBytesAreTheRecordedOnes() {
        List<String[]> rows = OfpPrint.fixture(FIXTURE).lines().map(l -> l.split("\t")).toList();
        assertThat(rows.stream().map(r -> r[0])).containsExactlyElementsOf(FLOWS);
        return rows.stream().map(r -> DynamicTest.dynamicTest(r[0], () ->
                assertSameAsOurs(r[0], HexFormat.of().parseHex(r[1]))));
    }

    @Test
    void decodingAcceptsAnyFieldOrder() throws Exception {
        // The same fields written in the reverse of OVS's order decode to the same match.
        Match m = FlowText.parse("priority=1,tcp,in_port=1,nw_src=10.0.0.1,tp_dst=80,reg0=1,metadata=2,actions=drop")
                .match();
        ByteBuf forward = Unpooled.buffer();
        m.encodeOxms(forward);
        List<byte[]> tlvs = new ArrayList<>();
        while (forward.isReadable()) {
            int len = 4 + forward.getUnsignedByte(forward.readerIndex() + 3);
            byte[] t = new byte[len];
            forward.readBytes(t);
            tlvs.add(t);
        }
        ByteBuf reversed = Unpooled.buffer();
        for (int i = tlvs.size() - 1; i >= 0; i--) {
            reversed.writeBytes(tlvs.get(i));
        }
        assertThat(tlvs).hasSize(7);
        assertThat(Match.decodeOxms(reversed, 0)).isEqualTo(m);
    }

    private static void assertSameAsOurs(String flow, byte[] ofctl) throws Exception {
        FlowMod ours = FlowText.parse(flow);
        int xid = Unpooled.wrappedBuffer(ofctl).getInt(4);
        byte[] bytes = MessageCodec.toBytes(ours, OfVersion.OF_1_3, xid);
        // ofp_flow_mod (OF1.3): the ofp_match starts at byte 48 and carries its own length.
        assertThat(hex(matchOf(bytes))).as("match of %s", flow).isEqualTo(hex(matchOf(ofctl)));
        assertThat(hex(bytes)).as("FLOW_MOD of %s", flow).isEqualTo(hex(ofctl));
        InboundMessage back = MessageCodec.decode(Unpooled.wrappedBuffer(ofctl));
        assertThat(back.message()).isEqualTo(ours);
    }

    private static byte[] matchOf(byte[] flowMod) {
        int len = ((flowMod[50] & 0xff) << 8) | (flowMod[51] & 0xff);
        return java.util.Arrays.copyOfRange(flowMod, 48, 48 + len);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
