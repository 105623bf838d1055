package org.vifd.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.agent.Agent;
import org.vifd.agent.config.AgentConfig;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.vif.ovs.OvsdbPortRows;

/**
 * {@code cleanup_stale_ports} against a real ovs-vswitchd: a VM port added for a device that does not exist is
 * deleted when the option is on and kept when it is off; a healthy VM port and a missing device without an
 * iface-id are never touched.
 */
class StalePortCleanupSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static OvsdbSession session;

    @BeforeAll
    static void connect() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.namespace().exec("ip", "link", "add", "vmok0", "type", "veth", "peer", "name", "vmok0p").ok();
        sb.namespace().exec("ip", "link", "set", "vmok0", "up").ok();
        sb.vsctl("add-port", "br-int", "vmok0", "--", "set", "Interface", "vmok0",
                "external_ids:iface-id=11111111-0000-4000-8000-000000000001").ok();
        sb.vsctl("add-port", "br-int", "tapdead0", "--", "set", "Interface", "tapdead0",
                "external_ids:iface-id=22222222-0000-4000-8000-000000000002").ok();
        sb.vsctl("add-port", "br-int", "nobody0").ok();
        session = OvsdbSession.builder(sb.unixRemote()).name("stale-test").database(Agent.DATABASE).build();
        session.start().get(30, TimeUnit.SECONDS);
        // The oracle: what vswitchd itself says about the three.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(vsctl("get", "Interface", "tapdead0", "ofport")).isEqualTo("-1");
            assertThat(vsctl("get", "Interface", "tapdead0", "error")).contains(StalePortCleanup.NO_SUCH_DEVICE);
            assertThat(vsctl("get", "Interface", "nobody0", "error")).contains(StalePortCleanup.NO_SUCH_DEVICE);
            assertThat(Integer.parseInt(vsctl("get", "Interface", "vmok0", "ofport"))).isPositive();
        });
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
        OVS.sandbox().namespace().exec("ip", "link", "del", "vmok0");
    }

    private static String vsctl(String... args) {
        return OVS.sandbox().vsctl(args).ok().out();
    }

    private static boolean portExists(String name) {
        return vsctl("list-ports", "br-int").lines().anyMatch(name::equals);
    }

    private static AgentConfig config(boolean cleanup) {
        return AgentConfig.DEFAULTS.withCleanupStalePorts(cleanup);
    }

    @Test
    void stalePortsGoOnlyWhenTheOptionIsOn() throws Exception {
        assertThat(AgentConfig.DEFAULTS.cleanupStalePorts()).as("off by default").isFalse();
        try (PortCleanup off = PortCleanup.start(config(false), session, Agent.DATABASE)) {
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> portExists("tapdead0"));
        }
        try (PortCleanup on = PortCleanup.start(config(true), session, Agent.DATABASE)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !portExists("tapdead0"));
        }
        assertThat(vsctl("list-ports", "br-int").lines()).contains("vmok0", "nobody0").doesNotContain("tapdead0");
        assertThat(vsctl("--columns=name", "find", "Interface", "name=tapdead0")).as("the Interface row went too")
                .isEmpty();

        StalePortCleanup again = new StalePortCleanup(session::transact, Agent.DATABASE,
                new OvsdbPortRows(session::transact, Agent.DATABASE));
        assertThat(again.run().get(10, TimeUnit.SECONDS)).as("a second sweep finds nothing").isEmpty();
        assertThat(vsctl("list-ports", "br-int").lines()).contains("vmok0", "nobody0");
    }
}
