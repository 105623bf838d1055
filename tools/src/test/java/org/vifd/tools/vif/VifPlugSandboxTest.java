package org.vifd.tools.vif;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.tools.VifctlInvocation;
import org.vifd.vif.DeviceNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code vifctl vif plug|unplug} against the sandbox's ovs-vswitchd (own network namespace, userspace datapath):
 * devices read back with iproute2 in that namespace, OVSDB rows with ovs-vsctl; both commands are idempotent.
 */
class VifPlugSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static VifctlInvocation vifctl(String cmd, String mode, String portId, String mac, String mtu) {
        OvsSandbox sb = OVS.sandbox();
        List<String> args = new ArrayList<>(List.of("vif", cmd, "--mode", mode, "--port-id", portId, "--mac", mac,
                "--mtu", mtu, "--netns", sb.netns(), "--db", sb.unixRemote(), "--vm-uuid",
                "aaaaaaaa-bbbb-cccc-dddd-" + portId.substring(0, 12)));
        VifctlInvocation r = VifctlInvocation.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("vifctl vif %s: %s", cmd, r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    private static String inNs(String... cmd) {
        return OVS.sandbox().namespace().exec(cmd).ok().out();
    }

    private static boolean existsInNs(String dev) {
        return OVS.sandbox().namespace().exec("ip", "link", "show", "dev", dev).succeeded();
    }

    private static String vsctl(String... args) {
        return OVS.sandbox().vsctl(args).ok().out();
    }

    private static String unquoted(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static void assertIsolatedPort(String name, String portId, String mac) {
        assertThat(vsctl("list-ports", "br-int").lines()).contains(name);
        assertThat(vsctl("get", "Port", name, "tag")).isEqualTo("4095");
        assertThat(unquoted(vsctl("get", "Interface", name, "external_ids:iface-id"))).isEqualTo(portId);
        assertThat(unquoted(vsctl("get", "Interface", name, "external_ids:attached-mac"))).isEqualTo(mac);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Integer.parseInt(vsctl("get", "Interface", name, "ofport"))).isPositive());
    }

    @Test
    void ethernetPlugCreatesTheTapAndPortAndUnplugRemovesThem() {
        String port = "c1a2b3c4-0001-4b71-bd5f-1aa772517004";
        String mac = "fa:16:3e:00:01:01";
        String tap = DeviceNames.forPort(port).tap();
        assertThat(tap).isEqualTo("tapc1a2b3c4-00");

        vifctl("plug", "ethernet", port, mac, "1450");
        assertThat(inNs("ip", "-o", "-d", "link", "show", "dev", tap))
                .contains("mtu 1450", "link/ether " + mac, "tun type tap", ",UP");
        assertIsolatedPort(tap, port, mac);
        String uuid = vsctl("get", "Port", tap, "_uuid");

        vifctl("plug", "ethernet", port, mac, "1450");
        assertThat(vsctl("get", "Port", tap, "_uuid")).as("a second plug changes nothing").isEqualTo(uuid);

        vifctl("unplug", "ethernet", port, mac, "1450");
        assertThat(vsctl("list-ports", "br-int").lines()).doesNotContain(tap);
        assertThat(existsInNs(tap)).isFalse();
        vifctl("unplug", "ethernet", port, mac, "1450");
        assertThat(existsInNs(tap)).isFalse();
    }

    @Test
    void hybridPlugCreatesBridgeAndVethsAndUnplugRemovesThem() {
        String port = "d1a2b3c4-0002-4b71-bd5f-1aa772517004";
        String mac = "fa:16:3e:00:01:02";
        DeviceNames n = DeviceNames.forPort(port);

        vifctl("plug", "hybrid", port, mac, "1400");
        assertThat(inNs("ip", "-o", "-d", "link", "show", "dev", n.bridge())).contains("mtu 1400", "bridge ");
        assertThat(inNs("ip", "-o", "-d", "link", "show", "dev", n.bridgeVeth())).contains("master " + n.bridge(), "veth");
        assertThat(inNs("ip", "-o", "-d", "link", "show", "dev", n.ovsVeth())).contains("mtu 1400", "veth");
        assertIsolatedPort(n.ovsVeth(), port, mac);
        String uuid = vsctl("get", "Port", n.ovsVeth(), "_uuid");

        vifctl("plug", "hybrid", port, mac, "1400");
        assertThat(vsctl("get", "Port", n.ovsVeth(), "_uuid")).isEqualTo(uuid);

        vifctl("unplug", "hybrid", port, mac, "1400");
        assertThat(vsctl("list-ports", "br-int").lines()).doesNotContain(n.ovsVeth());
        assertThat(existsInNs(n.bridge())).isFalse();
        assertThat(existsInNs(n.bridgeVeth())).isFalse();
        assertThat(existsInNs(n.ovsVeth())).isFalse();
        vifctl("unplug", "hybrid", port, mac, "1400");
    }

    @Test
    void wrongModeUnknownNamespaceAndUnreachableDatabaseAreOneLineErrors() {
        VifctlInvocation mode = VifctlInvocation.run("vif", "plug", "--mode", "vhostuser", "--port-id", "e1", "--mac",
                "fa:16:3e:00:01:03", "--db", OVS.sandbox().unixRemote());
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).isEqualTo("vifctl: --mode: plug and unplug take ethernet or hybrid, got 'vhostuser'\n");

        VifctlInvocation ns = VifctlInvocation.run("vif", "plug", "--mode", "ethernet", "--port-id", "e1", "--mac",
                "fa:16:3e:00:01:03", "--db", OVS.sandbox().unixRemote(), "--netns", "vifctl-no-such-ns");
        assertThat(ns.exitCode()).isEqualTo(1);
        assertThat(ns.err()).startsWith("vifctl: cannot enter network namespace vifctl-no-such-ns: ");
        assertThat(ns.err().lines()).hasSize(1);

        VifctlInvocation db = VifctlInvocation.run("vif", "unplug", "--mode", "ethernet", "--port-id", "e1", "--mac",
                "fa:16:3e:00:01:03", "--db", "unix:" + OVS.sandbox().dir().resolve("nothing.sock"), "-t", "5");
        assertThat(db.exitCode()).isEqualTo(1);
        assertThat(db.err()).startsWith("vifctl: cannot connect to unix:");
        assertThat(db.err().lines()).hasSize(1);
    }
}
