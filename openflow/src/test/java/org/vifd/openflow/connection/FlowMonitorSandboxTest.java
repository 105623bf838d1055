package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.OpenFlowException;
import org.vifd.openflow.protocol.FlowMonitorRequest;
import org.vifd.openflow.protocol.FlowUpdate;
import org.vifd.openflow.text.FlowText;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * A flow monitor on a real ovs-vswitchd: our connection starts it, ovs-ofctl (another connection) adds, modifies and
 * deletes flows, and the listener hears each change as OVS describes it; a change our own connection makes comes
 * back as an ABBREV update carrying its xid.
 */
class FlowMonitorSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true)
            .bridges("br-fm", "br-fm13").build();

    static OpenFlowController controller;

    @BeforeAll
    static void start() {
        controller = OpenFlowController.builder()
                .config(ConnectionConfig.builder().versions(OfVersion.OF_1_4, OfVersion.OF_1_3).build()).build();
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    static final int ALL = FlowMonitorRequest.INITIAL | FlowMonitorRequest.ADD | FlowMonitorRequest.REMOVED
            | FlowMonitorRequest.MODIFY | FlowMonitorRequest.INSTRUCTIONS;

    /** The updates as ovs-ofctl monitor prints them (without the priority: ofputil_flow_update_format). */
    static List<String> printed(List<FlowUpdate> updates) {
        return updates.stream().map(u -> FlowText.print(u, Map.of())).toList();
    }

    @Test
    void theListenerHearsEveryChangeAnotherConnectionMakes() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.ofctl("del-flows", "br-fm").ok();
        sb.ofctl("-O", "OpenFlow14", "add-flow", "br-fm", "table=3,priority=5,cookie=0x9,ip,nw_src=10.0.0.0/8,"
                + "actions=output:1").ok();
        SwitchConnection sw = controller.connect("unix:" + sb.mgmtSocket("br-fm")).get(20, TimeUnit.SECONDS);
        assertThat(sw.version()).isEqualTo(OfVersion.OF_1_4);
        List<FlowUpdate> heard = new CopyOnWriteArrayList<>();
        List<FlowUpdate> initial = sw.startFlowMonitor(List.of(FlowMonitorRequest.add(1, ALL)),
                (c, updates) -> heard.addAll(updates)).get(10, TimeUnit.SECONDS);
        assertThat(printed(initial)).containsExactly(
                "event=INITIAL table=3 cookie=0x9 ip,nw_src=10.0.0.0/8 actions=output:1");

        sb.ofctl("-O", "OpenFlow14", "add-flow", "br-fm", "table=4,priority=7,cookie=0x7,udp,tp_dst=67,"
                + "actions=resubmit(,5)").ok();
        sb.ofctl("-O", "OpenFlow14", "mod-flows", "br-fm", "table=3,ip,nw_src=10.0.0.0/8,actions=output:2").ok();
        sb.ofctl("-O", "OpenFlow14", "del-flows", "br-fm", "table=4,udp").ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= 3);
        assertThat(printed(heard)).containsExactly(
                "event=ADDED table=4 cookie=0x7 udp,tp_dst=67 actions=resubmit(,5)",
                "event=MODIFIED table=3 cookie=0x9 ip,nw_src=10.0.0.0/8 actions=output:2",
                "event=DELETED reason=delete table=4 cookie=0x7 udp,tp_dst=67 actions=resubmit(,5)");
        sw.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourOwnChangeComesBackAbbreviated() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        SwitchConnection sw = controller.connect("unix:" + sb.mgmtSocket("br-fm")).get(20, TimeUnit.SECONDS);
        List<FlowUpdate> heard = new CopyOnWriteArrayList<>();
        // Without ONLY_OWN (OVS's "own", which asks for full updates of this connection's changes too), OVS's
        // ofmonitor_report abbreviates a change this connection made to the xid of its flow mod.
        sw.startFlowMonitor(List.of(FlowMonitorRequest.add(2, FlowMonitorRequest.ADD)),
                (c, updates) -> heard.addAll(updates)).get(10, TimeUnit.SECONDS);
        sw.apply(FlowBatch.of(FlowText.parse("table=9,priority=1,arp,actions=drop"))).get(10, TimeUnit.SECONDS);
        sb.ofctl("-O", "OpenFlow14", "add-flow", "br-fm", "table=9,priority=2,arp,actions=NORMAL").ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= 2);
        assertThat(heard.get(0)).isInstanceOfSatisfying(FlowUpdate.Abbrev.class,
                a -> assertThat(a.xid()).isNotZero());
        assertThat(printed(heard.subList(1, heard.size())))
                .containsExactly("event=ADDED table=9 cookie=0 arp");
        sw.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anOpenFlow13ConnectionSaysWhyItCannotMonitor() throws Exception {
        OpenFlowController c13 = OpenFlowController.builder()
                .config(ConnectionConfig.builder().versions(OfVersion.OF_1_3).build()).build();
        try {
            SwitchConnection sw = c13.connect("unix:" + OVS.sandbox().mgmtSocket("br-fm13")).get(20, TimeUnit.SECONDS);
            assertThatThrownBy(() -> sw.startFlowMonitor(List.of(FlowMonitorRequest.add(1, ALL)), (c, u) -> { })
                    .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OpenFlowException.class)
                    .hasMessageContaining("OpenFlow 1.4");
        } finally {
            c13.close();
        }
    }
}
