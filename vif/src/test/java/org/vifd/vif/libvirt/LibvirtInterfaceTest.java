package org.vifd.vif.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.vifd.vif.OvsBridgeDriver;
import org.vifd.vif.Vif;
import org.vifd.vif.netlink.MacAddress;

class LibvirtInterfaceTest {
    static String fixture(String name) throws IOException {
        try (InputStream in = LibvirtInterfaceTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ovsBridgeXmlMeansWhatNovaWrote() throws IOException {
        LibvirtInterface nova = LibvirtInterface.parse(fixture("nova-ovs-bridge-interface.xml"));
        Vif vif = Vif.of("8a6107b1-3e72-4b71-bd5f-1aa772517004", MacAddress.parse("fa:16:3e:f4:c9:bb"), 1450,
                "0256b6ea-d1d1-4b7f-9b8e-0123456789ab");
        LibvirtInterface ours = new OvsBridgeDriver().interfaceXml(vif);
        // Nova's Havana XML predates <mtu>; everything else must match.
        assertThat(ours.mtu()).hasValue(1450);
        assertThat(LibvirtInterface.parse(ours.toXml())).usingRecursiveComparison().ignoringFields("mtu").isEqualTo(nova);
        assertThat(nova.openvswitchInterfaceId()).contains("8a6107b1-3e72-4b71-bd5f-1aa772517004");
        assertThat(nova.targetDev()).contains("tap8a6107b1-3e");
    }

    @Test
    void parseFindsEveryInterfaceOfADomainAndIgnoresWhatLibvirtAdds() {
        String domain = """
                <domain type='test'><name>d</name><devices>
                  <disk type='file'/>
                  <interface type='ethernet'><mac address='52:54:00:AA:bb:cc'/><target dev='tapx' managed='no'/>
                    <model type='virtio'/><alias name='net0'/>
                    <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/></interface>
                  <interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='qbrx'/><mtu size='1400'/></interface>
                </devices></domain>""";
        assertThat(LibvirtInterface.parseDomain(domain)).containsExactly(
                LibvirtInterface.builder("ethernet", MacAddress.parse("52:54:00:aa:bb:cc")).targetDev("tapx")
                        .targetManaged(false).build(),
                LibvirtInterface.builder("bridge", MacAddress.parse("52:54:00:00:00:01")).sourceBridge("qbrx").mtu(1400).build());
    }

    @Test
    void hostileXmlIsRejectedWithoutReadingFiles() {
        String xxe = "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><interface type='bridge'>"
                + "<mac address='52:54:00:00:00:01'/><source bridge='&e;'/></interface>";
        assertThatThrownBy(() -> LibvirtInterface.parse(xxe)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> LibvirtInterface.parse("<interface type='bridge'/>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mac");
        assertThatThrownBy(() -> LibvirtInterface.parse("<interface")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void toXmlThenParseGivesTheSameInterface(@ForAll("interfaces") LibvirtInterface nic) {
        assertThat(LibvirtInterface.parse(nic.toXml())).isEqualTo(nic);
    }

    @Property(tries = 300)
    void garbageNeverHangsAndOnlyFailsWithIllegalArgument(@ForAll("garbage") String text) {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            try {
                LibvirtInterface.parse(text);
            } catch (IllegalArgumentException expected) {
                // the only allowed failure
            }
        });
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> valid = interfaces().map(LibvirtInterface::toXml);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Combinators.combine(valid, Arbitraries.integers().between(0, 400))
                        .as((x, cut) -> x.substring(0, Math.min(cut, x.length()))));
    }

    @Provide
    Arbitrary<LibvirtInterface> interfaces() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(14);
        Arbitrary<MacAddress> macs = Arbitraries.bytes().array(byte[].class).ofSize(6).map(MacAddress::of);
        return Combinators.combine(Arbitraries.of("bridge", "ethernet", "vhostuser"), macs, names.optional(),
                        names.optional(), Arbitraries.of(Optional.<Boolean>empty(), Optional.of(true), Optional.of(false)),
                        Arbitraries.strings().alpha().numeric().withChars('-', '&', '<', '"').ofMinLength(1).ofMaxLength(36).optional(),
                        Arbitraries.integers().between(68, 65535).optional())
                .as((type, mac, bridge, dev, managed, ifaceId, mtu) -> {
                    LibvirtInterface.Builder b = LibvirtInterface.builder(type, mac);
                    if (!type.equals("vhostuser")) {
                        bridge.ifPresent(b::sourceBridge);
                    } else {
                        b.vhostUser(new LibvirtInterface.VhostUserSource(
                                Path.of("/run/ovs").resolve(dev.orElse("vhu0")).toString(), "server"));
                    }
                    if (dev.isPresent()) {
                        b.targetDev(dev.get());
                        managed.ifPresent(b::targetManaged);
                    }
                    ifaceId.ifPresent(b::openvswitchInterfaceId);
                    mtu.ifPresent(b::mtu);
                    return b.build();
                });
    }
}
