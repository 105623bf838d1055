package org.vifd.ovsdb.replica;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.OperationResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replica's rows, every column of the vswitch tables (its initial load is read straight from the reply's text
 * into the replica's normal form; later updates are applied as diffs), equal what an independent "select" of the
 * same server answers (decoded from a JSON tree): strings with escapes and non-ASCII text, maps of few and of many
 * pairs, sets, integers, booleans, references, and columns left at their defaults.
 */
class ReplicaMatchesSelectSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(false).build();

    private static final List<String> TABLES = List.of("Open_vSwitch", "Bridge", "Port", "Interface");

    @Test
    void everyColumnOfTheReplicaEqualsASelectBeforeAndAfterLiveUpdates() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.vsctl("add-br", "br0").ok();
        sb.vsctl("set", "Bridge", "br0", "stp_enable=true", "other_config:hwaddr=\"fa:16:3e:00:00:99\"", "protocols=OpenFlow13,OpenFlow15").ok();
        for (int i = 0; i < 6; i++) {
            sb.vsctl("add-port", "br0", "p" + i).ok();
        }
        sb.vsctl("set", "Port", "p1", "tag=7", "trunks=1,2,3", "other_config:net_uuid=net-1").ok();
        sb.vsctl("set", "Interface", "p1", "type=internal", "ingress_policing_rate=1000",
                "external_ids:iface-id=port-1", "external_ids:attached-mac=\"fa:16:3e:00:00:01\"", "external_ids:iface-status=active").ok();
        for (int k = 0; k < 12; k++) {
            sb.vsctl("set", "Interface", "p2", "external_ids:k" + k + "=v" + k).ok();
        }
        sb.vsctl("set", "Interface", "p3", "external_ids:u=\"h\u00e9llo \u2603 \\\"quoted\\\" back\\\\slash\"",
                "options:remote_ip=192.0.2.1").ok();
        sb.vsctl("set", "Port", "p4", "vlan_mode=trunk", "external_ids:x=\"\"").ok();

        try (OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").build();
             OvsdbClient oracle = OvsdbClient.connect(sb.tcpRemote()).get(30, TimeUnit.SECONDS)) {
            oracle.getSchema("Open_vSwitch").get(30, TimeUnit.SECONDS);   // typed select results
            Replica.Builder b = Replica.builder(session, "Open_vSwitch");
            TABLES.forEach(t -> b.table(t));
            try (Replica replica = b.index("Interface", "name").build()) {
                replica.start().get(30, TimeUnit.SECONDS);
                assertMatchesSelect(replica.view(), oracle);
                assertThat(replica.view().index("Interface", "name").first("p3").orElseThrow().map("external_ids").getString("u"))
                        .isEqualTo("h\u00e9llo \u2603 \"quoted\" back\\slash");
                assertThat(replica.view().index("Interface", "name").first("p2").orElseThrow().map("external_ids").size()).isEqualTo(12);

                // Live updates: sets and maps changed by diffs, rows added and removed.
                sb.vsctl("set", "Port", "p1", "tag=8", "trunks=2,3,4").ok();
                sb.vsctl("remove", "Interface", "p2", "external_ids", "k3").ok();
                sb.vsctl("set", "Interface", "p2", "external_ids:k4=changed").ok();
                sb.vsctl("del-port", "br0", "p0").ok();
                sb.vsctl("add-port", "br0", "p9", "--", "set", "Interface", "p9", "external_ids:iface-id=port-9").ok();
                sb.vsctl("clear", "Bridge", "br0", "protocols").ok();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertMatchesSelect(replica.view(), oracle));
                assertThat(replica.view().index("Interface", "name").first("p0")).isEmpty();
                assertThat(replica.view().index("Interface", "name").first("p2").orElseThrow().map("external_ids").getString("k4"))
                        .isEqualTo("changed");
            }
        }
    }

    private static void assertMatchesSelect(ReplicaView view, OvsdbClient oracle) throws Exception {
        Transaction tx = new Transaction("Open_vSwitch");
        TABLES.forEach(t -> tx.select(t, List.of()));
        List<OperationResult> results = oracle.transact(tx).get(30, TimeUnit.SECONDS).results();
        for (int i = 0; i < TABLES.size(); i++) {
            String table = TABLES.get(i);
            Map<Uuid, Row> selected = new HashMap<>();
            results.get(i).rows().forEach(r -> selected.put(r.uuid(), r));
            Map<Uuid, Row> held = view.table(table);
            assertThat(held.keySet()).as(table).isEqualTo(selected.keySet());
            held.forEach((uuid, row) -> {
                Row truth = selected.get(uuid);
                row.columns().forEach((column, value) -> {
                    Value want = truth.get(column);
                    assertThat(value).as("%s %s %s", table, row.get("name"), column).isEqualTo(want);
                });
                assertThat(row.columns().size()).as(table).isGreaterThan(3);
            });
        }
    }
}
