package org.vifd.tools.vif;

import org.junit.jupiter.api.Test;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.tools.VifctlInvocation;
import org.vifd.vif.libvirt.LibvirtInterface;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vifctl vif xml}: each mode's {@code <interface>} parses back with the vif module's parser, names the
 * devices as Nova does, means what Nova wrote (ovs_bridge) and is read back unchanged by libvirt itself
 * ({@code virsh -c test:///default}, the daemon-less test driver).
 */
class VifXmlCommandTest {
    private static final String PORT = "8a6107b1-3e72-4b71-bd5f-1aa772517004";
    private static final String MAC = "fa:16:3e:f4:c9:bb";

    private static VifctlInvocation xml(String mode, String... more) {
        List<String> args = new ArrayList<>(List.of("vif", "xml", "--mode", mode, "--port-id", PORT, "--mac", MAC));
        args.addAll(List.of(more));
        return VifctlInvocation.run(args.toArray(String[]::new));
    }

    private static LibvirtInterface parsed(VifctlInvocation r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return LibvirtInterface.parse(r.out());
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = VifXmlCommandTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bridgeModeMeansWhatNovaWrote() throws IOException {
        LibvirtInterface ours = parsed(xml("bridge", "--mtu", "1450"));
        LibvirtInterface nova = LibvirtInterface.parse(fixture("nova-ovs-bridge-interface.xml"));
        // Nova's Havana XML predates <mtu>; everything else must match.
        assertThat(ours.mtu()).hasValue(1450);
        assertThat(ours).usingRecursiveComparison().ignoringFields("mtu").isEqualTo(nova);
        assertThat(ours.openvswitchInterfaceId()).contains(PORT);
        assertThat(ours.sourceBridge()).contains("br-int");
        assertThat(ours.targetDev()).contains("tap8a6107b1-3e");
    }

    @Test
    void bridgeModeUsesTheGivenIntegrationBridge() {
        LibvirtInterface ours = parsed(xml("bridge", "--bridge", "br-test"));
        assertThat(ours.sourceBridge()).contains("br-test");
        assertThat(ours.mtu()).hasValue(1500);
    }

    @Test
    void ethernetModeNamesAnUnmanagedTap() {
        LibvirtInterface ours = parsed(xml("ethernet", "--mtu", "1400"));
        assertThat(ours.type()).isEqualTo("ethernet");
        assertThat(ours.targetDev()).contains("tap8a6107b1-3e");
        assertThat(ours.targetManaged()).contains(false);
        assertThat(ours.sourceBridge()).isEmpty();
        assertThat(ours.openvswitchInterfaceId()).isEmpty();
        assertThat(ours.mtu()).hasValue(1400);
        assertThat(ours.mac().toString()).isEqualTo(MAC);
    }

    @Test
    void hybridModeAttachesTheTapToItsQbrBridge() {
        LibvirtInterface ours = parsed(xml("hybrid"));
        assertThat(ours.type()).isEqualTo("bridge");
        assertThat(ours.sourceBridge()).contains("qbr8a6107b1-3e");
        assertThat(ours.targetDev()).contains("tap8a6107b1-3e");
        assertThat(ours.openvswitchInterfaceId()).isEmpty();
    }

    @Test
    void vhostUserModePointsQemuAtTheSocket() {
        LibvirtInterface ours = parsed(xml("vhostuser", "--socket-dir", "/run/vifd-test"));
        assertThat(ours.type()).isEqualTo("vhostuser");
        assertThat(ours.vhostUser()).contains(new LibvirtInterface.VhostUserSource("/run/vifd-test/vhu8a6107b1-3e", "server"));
        assertThat(ours.targetDev()).contains("vhu8a6107b1-3e");
        assertThat(parsed(xml("vhostuser")).vhostUser().orElseThrow().path())
                .isEqualTo("/var/run/openvswitch/vhu8a6107b1-3e");
    }

    @Test
    void libvirtReadsEveryModeBackUnchanged() throws IOException {
        Exec.require("virsh");
        Path dir = Files.createTempDirectory("vifctl-virsh-");
        try {
            for (String mode : new String[] {"bridge", "ethernet", "hybrid", "vhostuser"}) {
                LibvirtInterface ours = parsed(xml(mode, "--mtu", "1450"));
                String name = "vifctl-" + mode;
                Path domain = dir.resolve(name + ".xml");
                Files.writeString(domain, """
                        <domain type='test'>
                          <name>%s</name>
                          <uuid>%s</uuid>
                          <memory unit='MiB'>64</memory>
                          <os><type arch='x86_64'>hvm</type></os>
                          <devices>
                        %s
                          </devices>
                        </domain>""".formatted(name, UUID.randomUUID(), ours.toXml()));
                // test:///default keeps its state per connection: define and dump in one virsh run.
                ExecResult back = Exec.run(Duration.ofSeconds(30), "virsh", "-q", "-c", "test:///default",
                        "define " + domain + " ; dumpxml " + name).ok();
                assertThat(LibvirtInterface.parseDomain(back.out())).as("%s read back from libvirt:%n%s", mode, back.out())
                        .containsExactly(ours);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void badInputIsAUsageErrorOnOneLine() {
        VifctlInvocation mode = xml("macvtap");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).isEqualTo("vifctl: --mode: expected bridge, ethernet, hybrid or vhostuser, got 'macvtap'\n");
        VifctlInvocation mtu = xml("ethernet", "--mtu", "20");
        assertThat(mtu.exitCode()).isEqualTo(2);
        assertThat(mtu.err()).contains("MTU 20").doesNotContain("Exception");
        VifctlInvocation mac = VifctlInvocation.run("vif", "xml", "--mode", "ethernet", "--port-id", PORT, "--mac", "zz");
        assertThat(mac.exitCode()).isEqualTo(2);
        assertThat(mac.err()).startsWith("vifctl: ").doesNotContain("Exception");
        VifctlInvocation missing = VifctlInvocation.run("vif", "xml", "--mode", "ethernet", "--mac", MAC);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--port-id");
    }
}
