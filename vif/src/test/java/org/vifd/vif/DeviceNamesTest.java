package org.vifd.vif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DeviceNamesTest {
    @Test
    void namesAreNovasForThePortInTheSeed() {
        DeviceNames n = DeviceNames.forPort("8a6107b1-3e72-4b71-bd5f-1aa772517004");
        // tap8a6107b1-3e is the <target dev> in Nova's libvirt.xml for this port (fixtures/nova-ovs-bridge-interface.xml).
        assertThat(n.tap()).isEqualTo("tap8a6107b1-3e");
        assertThat(n.bridge()).isEqualTo("qbr8a6107b1-3e");
        assertThat(n.bridgeVeth()).isEqualTo("qvb8a6107b1-3e");
        assertThat(n.ovsVeth()).isEqualTo("qvo8a6107b1-3e");
        assertThat(n.vhostUser()).isEqualTo("vhu8a6107b1-3e");
    }

    @Test
    void shortIdsAreNotPadded() {
        assertThat(DeviceNames.forPort("abc").tap()).isEqualTo("tapabc");
    }

    @Test
    void idsThatCannotNameADeviceAreRejected() {
        assertThatThrownBy(() -> DeviceNames.forPort("a/b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/b");
        assertThatThrownBy(() -> DeviceNames.forPort(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void everyNameIsAPrefixPlusTheIdCutToFourteen(@ForAll("uuids") String portId) {
        DeviceNames n = DeviceNames.forPort(portId);
        for (String name : new String[] {n.tap(), n.bridge(), n.bridgeVeth(), n.ovsVeth(), n.vhostUser()}) {
            assertThat(name).hasSize(DeviceNames.NIC_NAME_LEN);
            assertThat(name.substring(3)).isEqualTo(portId.substring(0, 11));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> uuids() {
        return net.jqwik.api.Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()).toString());
    }
}
