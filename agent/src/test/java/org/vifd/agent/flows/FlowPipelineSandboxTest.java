package org.vifd.agent.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.intent.AllowedAddressPair;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.IpAddresses;
import org.vifd.agent.intent.IpPrefix;
import org.vifd.agent.intent.NetworkType;
import org.vifd.agent.intent.Port;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.connection.ConnectionConfig;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.OpenFlowController;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * The pipeline of a two-network intent (network A: VLAN 100, network B: flat, both on physnet1) installed into a
 * real br-int and br-phys joined by a patch pair; vswitchd must accept every flow, and {@code ofproto/trace} (OVS's
 * own forwarding decision) must show the isolation and anti-spoofing the pipeline promises.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowPipelineSandboxTest {
    private static final Logger LOG = LoggerFactory.getLogger(FlowPipelineSandboxTest.class);

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true)
            .bridges("br-int", "br-phys").build();

    static final long INT_PATCH = 1;
    static final long PHY_PATCH = 1;
    static final long UPLINK = 2;
    static final int LV_A = 1;
    static final int LV_B = 2;
    static final int SEG_A = 100;

    static final MacAddress MAC1 = MacAddress.parse("fa:16:3e:00:00:01");
    static final MacAddress MAC2 = MacAddress.parse("fa:16:3e:00:00:02");
    static final MacAddress MAC3 = MacAddress.parse("fa:16:3e:00:00:03");
    static final MacAddress VRRP_MAC = MacAddress.parse("00:00:5e:00:01:07");

    static OpenFlowController controller;
    static SwitchConnection brInt;
    static SwitchConnection brPhys;
    static final FlowPipeline PIPELINE = new FlowPipeline(new Cookies(0x0a0b0c0d));
    static final List<FlowMod> INT_FLOWS = new ArrayList<>();
    static final List<FlowMod> PHYS_FLOWS = new ArrayList<>();

    static Port port(String id, String net, MacAddress mac, String ip, List<AllowedAddressPair> pairs) {
        return new Port(id, net, mac, List.of(new FixedIp("sub-" + net, ip(ip))), true, true, pairs, List.of(),
                "compute:nova");
    }

    static InetAddress ip(String s) {
        return IpAddresses.parse(s);
    }

    @BeforeAll
    static void wire() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.vsctl("set", "bridge", "br-int", "fail_mode=secure", "protocols=OpenFlow13,OpenFlow14", "--",
                "set", "bridge", "br-phys", "fail_mode=secure", "protocols=OpenFlow13,OpenFlow14").ok();
        sb.vsctl("add-port", "br-int", "int-br-phys", "--", "set", "interface", "int-br-phys", "type=patch",
                "options:peer=phy-br-phys", "ofport_request=" + INT_PATCH,
                "--", "add-port", "br-phys", "phy-br-phys", "--", "set", "interface", "phy-br-phys", "type=patch",
                "options:peer=int-br-phys", "ofport_request=" + PHY_PATCH,
                "--", "add-port", "br-phys", "uplink", "--", "set", "interface", "uplink", "type=internal",
                "ofport_request=" + UPLINK).ok();
        // What the reconciler's OVSDB transaction does for each VM port: Port.tag = the network's local VLAN.
        addVm(sb, "vm1", 11, LV_A);
        addVm(sb, "vm2", 12, LV_A);
        addVm(sb, "vm3", 13, LV_B);

        INT_FLOWS.addAll(PIPELINE.integrationBase(List.of(INT_PATCH)));
        PHYS_FLOWS.addAll(PIPELINE.physicalBase(PHY_PATCH));
        NetworkFlows a = PIPELINE.networkFlows(new NetworkWiring("net-a", NetworkType.VLAN, SEG_A, LV_A, INT_PATCH,
                PHY_PATCH));
        NetworkFlows b = PIPELINE.networkFlows(new NetworkWiring("net-b", NetworkType.FLAT, 0, LV_B, INT_PATCH,
                PHY_PATCH));
        INT_FLOWS.addAll(a.integration());
        INT_FLOWS.addAll(b.integration());
        PHYS_FLOWS.addAll(a.physical());
        PHYS_FLOWS.addAll(b.physical());

        controller = OpenFlowController.builder()
                .config(ConnectionConfig.builder().versions(OfVersion.OF_1_3, OfVersion.OF_1_4).build()).build();
        brInt = controller.connect("unix:" + sb.mgmtSocket("br-int")).get(20, TimeUnit.SECONDS);
        brPhys = controller.connect("unix:" + sb.mgmtSocket("br-phys")).get(20, TimeUnit.SECONDS);
    }

    static void addVm(OvsSandbox sb, String name, int ofport, int tag) {
        sb.vsctl("add-port", "br-int", name, "tag=" + tag, "--", "set", "interface", name, "type=internal",
                "ofport_request=" + ofport).ok();
    }

    @AfterAll
    static void tearDown() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    @Order(1)
    void vswitchdAcceptsEveryFlowOfBaseNetworksAndPortsEachPortInOneBundle() throws Exception {
        brInt.apply(FlowBatch.of(INT_FLOWS)).get(20, TimeUnit.SECONDS);
        brPhys.apply(FlowBatch.of(PHYS_FLOWS)).get(20, TimeUnit.SECONDS);
        List<PortWiring> ports = List.of(
                PortWiring.of(port("p1", "a", MAC1, "10.1.0.11",
                        List.of(new AllowedAddressPair(IpPrefix.parse("10.1.0.100"), VRRP_MAC))), 11),
                PortWiring.of(port("p2", "a", MAC2, "10.1.0.12", List.of()), 12),
                PortWiring.of(port("p3", "b", MAC3, "10.2.0.13", List.of()), 13));
        for (PortWiring p : ports) {
            List<FlowMod> flows = PIPELINE.portFlows(p);
            brInt.bundle(FlowBatch.of(flows), true).get(20, TimeUnit.SECONDS);
            INT_FLOWS.addAll(flows);
        }

        List<FlowStats> intStats = brInt.flowStats(FlowStatsRequest.all()).get(20, TimeUnit.SECONDS);
        assertThat(intStats).hasSize(INT_FLOWS.size());
        for (FlowMod m : INT_FLOWS) {
            assertThat(intStats).as("flow %s", m).anySatisfy(s -> {
                assertThat(s.tableId()).isEqualTo(m.tableId());
                assertThat(s.priority()).isEqualTo(m.priority());
                assertThat(s.cookie()).isEqualTo(m.cookie());
                assertThat(s.match()).isEqualTo(m.match());
                assertThat(s.instructions()).isEqualTo(m.instructions());
            });
        }
        List<FlowStats> physStats = brPhys.flowStats(FlowStatsRequest.all()).get(20, TimeUnit.SECONDS);
        assertThat(physStats).hasSize(PHYS_FLOWS.size());

        List<String> dump = ofctlFlows("br-int");
        LOG.info("br-int flows:\n{}", String.join("\n", dump));
        LOG.info("br-phys flows:\n{}", String.join("\n", ofctlFlows("br-phys")));
        assertThat(dump).hasSize(INT_FLOWS.size());
        assertThat(dump).anySatisfy(l -> assertThat(l).contains("table=23", "priority=0", "actions=drop"));
        assertThat(dump).anySatisfy(l -> assertThat(l).contains("priority=65535", "dl_vlan=4095", "actions=drop"));
        assertThat(dump).anySatisfy(l -> assertThat(l).contains("table=24", "in_port=11", "arp_spa=10.1.0.11",
                "arp_sha=fa:16:3e:00:00:01", "goto_table:25"));
        assertThat(dump).anySatisfy(l -> assertThat(l).contains("table=25", "in_port=11", "dl_src=00:00:5e:00:01:07",
                "nw_src=10.1.0.100", "goto_table:60"));
        assertThat(dump).anySatisfy(l -> assertThat(l).contains("in_port=1", "dl_vlan=100",
                "set_field:4097->vlan_vid", "goto_table:60"));
        assertThat(dump).allSatisfy(l -> assertThat(l).contains("cookie=0xa0b0c0d"));
    }

    @Test
    @Order(2)
    void portsOfOneNetworkReachEachOtherAndNotTheOtherNetwork() {
        String t = trace("br-int", "in_port=11,dl_src=" + MAC1 + ",dl_dst=ff:ff:ff:ff:ff:ff,ip,nw_src=10.1.0.11,"
                + "nw_dst=10.1.0.255");
        assertThat(outputs(t)).contains("vm2").doesNotContain("vm3", "vm1");
        // Flooded to the physical network too, with network A's provider VLAN.
        assertThat(vlanAtOutput(t)).containsEntry("uplink", SEG_A).containsEntry("vm2", 0);
    }

    @Test
    @Order(3)
    void spoofedSourcesAreDropped() {
        assertThat(datapathActions(trace("br-int", "in_port=11,dl_src=fa:16:3e:00:00:99,"
                + "dl_dst=ff:ff:ff:ff:ff:ff,ip,nw_src=10.1.0.11,nw_dst=10.1.0.255"))).isEqualTo("drop");
        assertThat(datapathActions(trace("br-int", "in_port=11,dl_src=" + MAC1
                + ",dl_dst=ff:ff:ff:ff:ff:ff,ip,nw_src=10.1.0.12,nw_dst=10.1.0.255"))).isEqualTo("drop");
        // Port 2's address from port 1, even with port 2's MAC.
        assertThat(datapathActions(trace("br-int", "in_port=11,dl_src=" + MAC2
                + ",dl_dst=ff:ff:ff:ff:ff:ff,ip,nw_src=10.1.0.12,nw_dst=10.1.0.255"))).isEqualTo("drop");
        // A non-IP ethertype from the right MAC.
        assertThat(datapathActions(trace("br-int", "in_port=11,dl_src=" + MAC1
                + ",dl_dst=ff:ff:ff:ff:ff:ff,dl_type=0x88cc"))).isEqualTo("drop");
    }

    @Test
    @Order(4)
    void arpIsCheckedForSenderAddresses() {
        String good = trace("br-int", "in_port=11,dl_src=" + MAC1 + ",dl_dst=ff:ff:ff:ff:ff:ff,arp,arp_op=1,"
                + "arp_spa=10.1.0.11,arp_tpa=10.1.0.12,arp_sha=" + MAC1);
        assertThat(outputs(good)).contains("vm2");
        String probe = trace("br-int", "in_port=11,dl_src=" + MAC1 + ",dl_dst=ff:ff:ff:ff:ff:ff,arp,arp_op=1,"
                + "arp_spa=0.0.0.0,arp_tpa=10.1.0.11,arp_sha=" + MAC1);
        assertThat(outputs(probe)).contains("vm2");
        assertThat(datapathActions(trace("br-int", "in_port=11,dl_src=" + MAC1 + ",dl_dst=ff:ff:ff:ff:ff:ff,arp,"
                + "arp_op=2,arp_spa=10.1.0.12,arp_tpa=10.1.0.12,arp_sha=" + MAC1))).isEqualTo("drop");
        assertThat(datapathActions(trace("br-int", "in_port=11,dl_src=" + MAC1 + ",dl_dst=ff:ff:ff:ff:ff:ff,arp,"
                + "arp_op=2,arp_spa=10.1.0.11,arp_tpa=10.1.0.12,arp_sha=" + MAC2))).isEqualTo("drop");
        // The allowed address pair's own MAC and address.
        String vrrp = trace("br-int", "in_port=11,dl_src=" + VRRP_MAC + ",dl_dst=ff:ff:ff:ff:ff:ff,arp,arp_op=2,"
                + "arp_spa=10.1.0.100,arp_tpa=10.1.0.100,arp_sha=" + VRRP_MAC);
        assertThat(outputs(vrrp)).contains("vm2");
    }

    @Test
    @Order(5)
    void dhcpFromTheUnspecifiedAddressIsAllowed() {
        String t = trace("br-int", "in_port=13,dl_src=" + MAC3 + ",dl_dst=ff:ff:ff:ff:ff:ff,udp,nw_src=0.0.0.0,"
                + "nw_dst=255.255.255.255,udp_src=68,udp_dst=67");
        assertThat(outputs(t)).contains("uplink").doesNotContain("vm1", "vm2");
        // Flat network: untagged on the wire.
        assertThat(vlanAtOutput(t)).containsEntry("uplink", 0);
        assertThat(datapathActions(trace("br-int", "in_port=13,dl_src=" + MAC3 + ",dl_dst=ff:ff:ff:ff:ff:ff,udp,"
                + "nw_src=0.0.0.0,nw_dst=255.255.255.255,udp_src=1234,udp_dst=67"))).isEqualTo("drop");
    }

    @Test
    @Order(6)
    void providerTrafficReachesOnlyTheNetworkThatClaimsItsVlan() {
        String tagged = trace("br-phys", "in_port=" + UPLINK + ",dl_src=00:11:22:33:44:55,dl_dst=ff:ff:ff:ff:ff:ff,"
                + "dl_vlan=" + SEG_A + ",ip,nw_src=10.1.0.1,nw_dst=10.1.0.255");
        assertThat(outputs(tagged)).contains("vm1", "vm2").doesNotContain("vm3");
        assertThat(vlanAtOutput(tagged)).containsEntry("vm1", 0).containsEntry("vm2", 0);
        String untagged = trace("br-phys", "in_port=" + UPLINK + ",dl_src=00:11:22:33:44:55,"
                + "dl_dst=ff:ff:ff:ff:ff:ff,ip,nw_src=10.2.0.1,nw_dst=10.2.0.255");
        assertThat(outputs(untagged)).contains("vm3").doesNotContain("vm1", "vm2");
        String unclaimed = trace("br-phys", "in_port=" + UPLINK + ",dl_src=00:11:22:33:44:55,"
                + "dl_dst=ff:ff:ff:ff:ff:ff,dl_vlan=999,ip,nw_src=10.9.0.1,nw_dst=10.9.0.255");
        assertThat(outputs(unclaimed)).doesNotContain("vm1", "vm2", "vm3");
    }

    @Test
    @Order(7)
    void removingAPortByItsCookieLeavesItAdmittingNothing() throws Exception {
        brInt.apply(FlowBatch.of(FlowPipeline.deleteCookie(PIPELINE.cookies().port(12)))).get(20, TimeUnit.SECONDS);
        assertThat(ofctlFlows("br-int")).noneMatch(l -> l.contains("in_port=12"));
        assertThat(datapathActions(trace("br-int", "in_port=12,dl_src=" + MAC2 + ",dl_dst=ff:ff:ff:ff:ff:ff,ip,"
                + "nw_src=10.1.0.12,nw_dst=10.1.0.255"))).isEqualTo("drop");
        // Port 1 still works, and still reaches port 2 (forwarding to a port does not need its admit flows).
        assertThat(outputs(trace("br-int", "in_port=11,dl_src=" + MAC1 + ",dl_dst=ff:ff:ff:ff:ff:ff,ip,"
                + "nw_src=10.1.0.11,nw_dst=10.1.0.255"))).contains("vm2");
    }

    @Test
    @Order(8)
    void deletingARunRemovesEveryFlowOfThatRunAndNothingElse() throws Exception {
        FlowPipeline next = new FlowPipeline(new Cookies(0x0a0b0c0e));
        brInt.apply(FlowBatch.of(next.canary())).get(20, TimeUnit.SECONDS);
        brInt.apply(FlowBatch.of(FlowPipeline.deleteRun(0x0a0b0c0d))).get(20, TimeUnit.SECONDS);
        assertThat(ofctlFlows("br-int")).singleElement().satisfies(l ->
                assertThat(l).contains("cookie=0xa0b0c0e10000000", "table=23"));
    }

    // ---------------------------------------------------------------------------------------------- oracles

    static List<String> ofctlFlows(String bridge) {
        String out = OVS.sandbox().ofctl("-O", "OpenFlow13", "--no-stats", "dump-flows", bridge).ok().stdout();
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank() && !l.startsWith("OFPST_FLOW") && !l.startsWith("OFPST_DESC")) {
                lines.add(l.strip());
            }
        }
        return lines;
    }

    static String trace(String bridge, String flow) {
        String out = OVS.sandbox().appctl("ovs-vswitchd", "ofproto/trace", bridge, flow).ok().stdout();
        LOG.info("trace {} {}:\n{}", bridge, flow, out);
        return out;
    }

    static String datapathActions(String trace) {
        Matcher m = Pattern.compile("(?m)^Datapath actions: (.*)$").matcher(trace);
        assertThat(m.find()).as("trace has datapath actions:\n%s", trace).isTrue();
        return m.group(1).strip();
    }

    /** The port names the datapath actions output to (datapath port numbers mapped through dpif/show). */
    static List<String> outputs(String trace) {
        Map<String, String> byOdp = odpPorts();
        List<String> names = new ArrayList<>();
        for (String a : datapathActions(trace).split(",")) {
            String s = a.strip();
            if (s.matches("\\d+")) {
                names.add(byOdp.getOrDefault(s, "odp" + s));
            }
        }
        return names;
    }

    /**
     * The VLAN each named port receives the packet with (0 = untagged), following the datapath actions in order:
     * {@code push_vlan(vid=N)} tags, {@code pop_vlan} untags, a number outputs.
     */
    static Map<String, Integer> vlanAtOutput(String trace) {
        Map<String, String> byOdp = odpPorts();
        Map<String, Integer> out = new HashMap<>();
        int vlan = 0;
        Matcher m = Pattern.compile("push_vlan\\(vid=(\\d+)[^)]*\\)|pop_vlan|(\\d+)")
                .matcher(datapathActions(trace));
        while (m.find()) {
            if (m.group(1) != null) {
                vlan = Integer.parseInt(m.group(1));
            } else if (m.group().equals("pop_vlan")) {
                vlan = 0;
            } else {
                out.put(byOdp.getOrDefault(m.group(2), "odp" + m.group(2)), vlan);
            }
        }
        return out;
    }

    static Map<String, String> odpPorts() {
        String out = OVS.sandbox().appctl("ovs-vswitchd", "dpif/show").ok().stdout();
        Map<String, String> m = new HashMap<>();
        Matcher x = Pattern.compile("(?m)^\\s+(\\S+) (\\d+)/(\\d+|none)").matcher(out);
        while (x.find()) {
            m.put(x.group(3), x.group(1));
        }
        return m;
    }

}
