package org.vifd.vif.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.vif.DeviceNames;
import org.vifd.vif.Vif;
import org.vifd.vif.VifDriver;
import org.vifd.vif.VifDrivers;
import org.vifd.vif.VifMode;
import org.vifd.vif.netlink.MacAddress;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsdbPortRows;

/**
 * LIVE attach and LIVE detach of each mode's NIC on one running Linux guest ({@link LinuxGuest}) under a private
 * libvirtd + QEMU (TCG) in the OVS sandbox's namespace. The guest's kernel ejects the device, QEMU reports it
 * deleted, libvirt drops it from the live XML; for ovs_bridge libvirt also deletes the OVS port, for
 * ovs_ethernet and ovs_hybrid vifd's unplug removes what libvirt leaves.
 */
class LiveDetachSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration UNPLUG = Duration.ofSeconds(45);

    private static Path dir;
    private static PrivateLibvirtd libvirtd;
    private static Connect conn;
    private static OvsdbClient client;
    private static NamespaceLinks links;
    private static VifDrivers drivers;
    private static Domain guest;

    @BeforeAll
    static void bootGuest() throws Exception {
        LinuxGuest.requireImages();
        OvsSandbox sb = OVS.sandbox();
        dir = Files.createTempDirectory(Path.of("/tmp"), "vif-live-");
        Path initrd = LinuxGuest.writeInitramfs(dir);
        Path serial = dir.resolve("serial.log");
        libvirtd = PrivateLibvirtd.start(sb.namespace(), sb.dir());
        conn = new Connect(libvirtd.uri());
        client = OvsdbClient.connect(sb.unixRemote()).get(30, TimeUnit.SECONDS);
        links = NamespaceLinks.inNamespace(sb.netns());
        drivers = VifDrivers.create(links, new OvsdbPortRows(client), true);
        guest = conn.domainCreateXML(LinuxGuest.domainXml("vifd-live", UUID.randomUUID().toString(), initrd, serial), 0);
        await("guest boots to /init").atMost(BOOT).pollInterval(Duration.ofMillis(200))
                .failFast("guest stopped: " + LinuxGuest.serial(serial), () -> guest.isActive() != 1)
                .until(() -> LinuxGuest.serial(serial).contains(LinuxGuest.READY));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (guest != null && guest.isActive() == 1) {
                guest.destroy();
            }
            if (conn != null) {
                conn.close();
            }
        } finally {
            if (links != null) {
                links.close();
            }
            if (client != null) {
                client.close();
            }
            if (libvirtd != null) {
                libvirtd.close();
            }
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** A port id libvirt accepts as interfaceid (a UUID) with a recognisable prefix, and a MAC of its own. */
    private static Vif vif(String hexPrefix, int macByte) {
        String portId = hexPrefix + UUID.randomUUID().toString().substring(hexPrefix.length());
        return Vif.of(portId, MacAddress.parse(String.format("fa:16:3e:10:00:%02x", macByte)), 1450,
                UUID.randomUUID().toString());
    }

    private static String vsctl(String... args) {
        return OVS.sandbox().vsctl(args).ok().out();
    }

    private static boolean portExists(String name) {
        return vsctl("list-ports", "br-int").lines().anyMatch(name::equals);
    }

    private static boolean existsInNs(String dev) {
        return OVS.sandbox().namespace().exec("ip", "link", "show", "dev", dev).succeeded();
    }

    private static boolean attached(Vif vif) throws Exception {
        return DomainInterfaces.list(guest).stream().anyMatch(nic -> nic.mac().equals(vif.mac()));
    }

    /** QEMU holds the tap (carrier up) and vswitchd numbered the OVS port. */
    private static void awaitWired(String ovsPort, String tap) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Integer.parseInt(vsctl("get", "Interface", ovsPort, "ofport"))).isPositive();
            assertThat(OVS.sandbox().namespace().exec("ip", "-o", "link", "show", "dev", tap).ok().out())
                    .contains("LOWER_UP").doesNotContain("NO-CARRIER");
        });
    }

    /** Attach LIVE, see it in the live XML and wired; detach LIVE and wait until the guest let it go. */
    private static void attachThenDetachLive(VifDriver driver, Vif vif, String ovsPort) throws Exception {
        LibvirtInterface nic = driver.interfaceXml(vif);
        DomainInterfaces.attach(guest, nic, DomainInterfaces.Scope.LIVE);
        assertThat(attached(vif)).as("in the live XML after attach").isTrue();
        awaitWired(ovsPort, vif.names().tap());

        DomainInterfaces.detach(guest, nic, DomainInterfaces.Scope.LIVE);
        await("guest ejects " + vif.mac()).atMost(UNPLUG).pollInterval(Duration.ofMillis(200))
                .until(() -> !attached(vif));
        assertThat(guest.isActive()).as("the guest keeps running").isEqualTo(1);
    }

    @Test
    void ovsBridgeNicIsDetachedLiveAndLibvirtRemovesItsOvsPort() throws Exception {
        Vif vif = vif("b1", 1);
        String tap = vif.names().tap();
        attachThenDetachLive(drivers.forMode(VifMode.OVS_BRIDGE), vif, tap);
        await().atMost(UNPLUG).until(() -> !portExists(tap) && !existsInNs(tap));
    }

    @Test
    void ovsEthernetNicIsDetachedLiveAndVifdsUnplugRemovesTheTap() throws Exception {
        Vif vif = vif("e1", 2);
        String tap = vif.names().tap();
        VifDriver driver = drivers.forMode(VifMode.OVS_ETHERNET);
        driver.plug(vif).get(30, TimeUnit.SECONDS);
        attachThenDetachLive(driver, vif, tap);
        // managed="no": libvirt leaves vifd's tap and port alone; QEMU has let go of the tap.
        assertThat(portExists(tap)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> OVS.sandbox().namespace()
                .exec("ip", "-o", "link", "show", "dev", tap).ok().out().contains("NO-CARRIER"));
        driver.unplug(vif).get(30, TimeUnit.SECONDS);
        assertThat(portExists(tap)).isFalse();
        assertThat(existsInNs(tap)).isFalse();
    }

    @Test
    void ovsHybridNicIsDetachedLiveAndVifdsUnplugRemovesBridgeAndVeths() throws Exception {
        Vif vif = vif("c1", 3);
        DeviceNames n = vif.names();
        VifDriver driver = drivers.forMode(VifMode.OVS_HYBRID);
        driver.plug(vif).get(30, TimeUnit.SECONDS);
        attachThenDetachLive(driver, vif, n.ovsVeth());
        // libvirt deletes the tap it created in qbr; the rest is vifd's.
        await().atMost(UNPLUG).until(() -> !existsInNs(n.tap()));
        assertThat(existsInNs(n.bridge())).isTrue();
        driver.unplug(vif).get(30, TimeUnit.SECONDS);
        assertThat(portExists(n.ovsVeth())).isFalse();
        assertThat(Stream.of(n.bridge(), n.bridgeVeth(), n.ovsVeth()).filter(LiveDetachSandboxTest::existsInNs))
                .isEmpty();
    }
}
