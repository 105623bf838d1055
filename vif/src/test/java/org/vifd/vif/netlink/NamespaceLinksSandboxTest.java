package org.vifd.vif.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vifd.testkit.Exec;
import org.vifd.testkit.Netns;

/** rtnetlink and tun calls made from a thread inside a test namespace, read back with iproute2 as the oracle. */
class NamespaceLinksSandboxTest {
    private static final MacAddress MAC = MacAddress.parse("fa:16:3e:12:34:56");
    private static Netns ns;
    private static NamespaceLinks links;

    @BeforeAll
    static void setUp() throws Exception {
        Exec.require("ip");
        ns = Netns.create("vifd-vif");
        links = NamespaceLinks.inNamespace(ns.name());
    }

    @AfterAll
    static void tearDown() {
        if (links != null) {
            links.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static String ipLink(String dev) {
        return ns.exec("ip", "-o", "-d", "link", "show", "dev", dev).ok().out();
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void bridgeIsCreatedInTheNamespaceWithAgeingZeroMtuAndUp() throws Exception {
        get(links.ensureBridge("qbrt1", 1450));
        String shown = ipLink("qbrt1");
        assertThat(shown).contains("mtu 1450").contains("<BROADCAST,MULTICAST,UP").contains("bridge ")
                .contains("ageing_time 0 ").contains("stp_state 0");
        assertThat(Exec.run("ip", "link", "show", "dev", "qbrt1").succeeded()).as("not in the host namespace").isFalse();
        Link link = get(links.link("qbrt1")).orElseThrow();
        assertThat(link.kind()).isEqualTo("bridge");
        assertThat(link.bridgeAgeingTime()).hasValue(0);
        assertThat(link.mtu()).isEqualTo(1450);
        assertThat(link.isUp()).isTrue();

        get(links.ensureBridge("qbrt1", 1450));
        assertThat(get(links.link("qbrt1")).orElseThrow().index()).as("second ensure keeps the device").isEqualTo(link.index());
        assertThat(get(links.deleteIfExists("qbrt1"))).isTrue();
        assertThat(get(links.deleteIfExists("qbrt1"))).isFalse();
        assertThat(ns.exec("ip", "link", "show", "dev", "qbrt1").succeeded()).isFalse();
    }

    @Test
    void vethPairIsEnslavedToTheBridgeWithTheMtu() throws Exception {
        get(links.ensureBridge("qbrt2", 1400));
        get(links.ensureVethPair("qvbt2", "qvot2", 1400, Optional.of("qbrt2")));
        assertThat(ipLink("qvbt2")).contains("mtu 1400").contains("master qbrt2").contains("veth").contains(",UP");
        assertThat(ipLink("qvot2")).contains("mtu 1400").doesNotContain("master").contains(",UP");
        assertThat(ns.exec("ip", "-o", "link", "show", "master", "qbrt2").ok().out()).contains("qvbt2");
        Link qvb = get(links.link("qvbt2")).orElseThrow();
        assertThat(qvb.master()).isEqualTo(get(links.link("qbrt2")).orElseThrow().index());

        get(links.ensureVethPair("qvbt2", "qvot2", 1400, Optional.of("qbrt2")));
        assertThat(get(links.link("qvbt2")).orElseThrow().index()).isEqualTo(qvb.index());

        assertThat(get(links.deleteIfExists("qvbt2"))).isTrue();
        assertThat(get(links.link("qvot2"))).as("deleting one end deletes the pair").isEmpty();
        assertThat(get(links.deleteIfExists("qvot2"))).isFalse();
        get(links.deleteIfExists("qbrt2"));
    }

    @Test
    void persistentTapHasMacMtuAndIsUp() throws Exception {
        get(links.ensureTap("tapt3", MAC, 1442));
        String shown = ipLink("tapt3");
        assertThat(shown).contains("mtu 1442").contains("link/ether fa:16:3e:12:34:56").contains("tun type tap")
                .contains(",UP");
        assertThat(shown).contains("persist on");
        Link tap = get(links.link("tapt3")).orElseThrow();
        assertThat(tap.address()).contains(MAC);
        assertThat(tap.kind()).isEqualTo("tun");

        get(links.ensureTap("tapt3", MAC, 1442));
        assertThat(get(links.link("tapt3")).orElseThrow().index()).isEqualTo(tap.index());
        assertThat(get(links.deleteIfExists("tapt3"))).isTrue();
        assertThat(ns.exec("ip", "link", "show", "dev", "tapt3").succeeded()).isFalse();
    }

    @Test
    void linksListsWhatIpShows() throws Exception {
        get(links.ensureBridge("qbrt4", 1500));
        assertThat(get(links.links())).extracting(Link::name).contains("lo", "qbrt4");
        assertThat(ns.exec("ip", "-o", "link", "show").ok().out().lines().count())
                .isEqualTo(get(links.links()).size());
        get(links.deleteIfExists("qbrt4"));
    }

    @Test
    void kernelRefusalsNameDeviceOperationAndErrno() throws Exception {
        get(links.ensureBridge("qbrt5", 1500));
        assertThatThrownBy(() -> get(links.ensureTap("qbrt5", MAC, 1500))).hasCauseInstanceOf(DeviceException.class)
                .cause().hasMessageContaining("qbrt5").hasMessageContaining("EEXIST")
                .satisfies(e -> assertThat(((DeviceException) e).errno()).isEqualTo(Errno.EEXIST));
        assertThatThrownBy(() -> get(links.call(r -> {
            r.update("nosuchdev", LinkUpdate.NONE.withMtu(1400));
            return null;
        }))).cause().isInstanceOf(DeviceException.class).hasMessageContaining("set link nosuchdev")
                .hasMessageContaining("ENODEV");
        assertThatThrownBy(() -> get(links.call(r -> {
            r.createBridge("qbrt5", 1500, 0, 0);
            return null;
        }))).cause().isInstanceOf(DeviceException.class).hasMessageContaining("create bridge qbrt5")
                .hasMessageContaining("EEXIST");
        assertThatThrownBy(() -> get(links.call(r -> {
            r.update("qbrt5", LinkUpdate.NONE.withMtu(70000));
            return null;
        }))).cause().isInstanceOf(DeviceException.class).hasMessageContaining("EINVAL");
        get(links.deleteIfExists("qbrt5"));
    }

    @Test
    void enteringAMissingNamespaceFailsWithItsName() {
        assertThatThrownBy(() -> NetnsThread.enter("vifd-vif-missing")).isInstanceOf(DeviceException.class)
                .hasMessageContaining("vifd-vif-missing").hasMessageContaining("ENOENT");
    }

    @Test
    void invalidNamesAreRejectedBeforeTheKernel() {
        assertThatThrownBy(() -> get(links.ensureBridge("this-name-is-too-long", 1500)))
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this-name-is-too-long");
    }
}
