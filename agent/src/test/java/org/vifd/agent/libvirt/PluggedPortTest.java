package org.vifd.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vifd.vif.VifMode;

class PluggedPortTest {
    /** Nova's example: port 8a6107b1-… gives tap8a6107b1-3e (nova/network/model.py NIC_NAME_LEN = 14). */
    private static final String PORT = "8a6107b1-3e72-4b71-bd5f-1aa772517004";
    private static final String VM = "0f1c2f0e-5b1c-4f7b-9d0a-2f3b4c5d6e7f";
    private static final Map<String, String> OS_VIF_IDS = Map.of("iface-id", PORT, "attached-mac", "fa:16:3e:11:22:33",
            "iface-status", "active", "vm-uuid", VM);

    @Test
    void aTapNamedAfterItsIfaceIdIsAnOvsEthernetPort() {
        assertThat(PluggedPort.of("tap8a6107b1-3e", "", OS_VIF_IDS)).hasValueSatisfying(p -> {
            assertThat(p.mode()).isEqualTo(VifMode.OVS_ETHERNET);
            assertThat(p.vmUuid()).isEqualTo(VM);
            assertThat(p.portId()).isEqualTo(PORT);
            assertThat(p.toVif("br-int").names().tap()).isEqualTo("tap8a6107b1-3e");
            assertThat(p.toVif("br-int").mac().text()).isEqualTo("fa:16:3e:11:22:33");
        });
    }

    @Test
    void aQvoVethIsAnOvsHybridPort() {
        assertThat(PluggedPort.of("qvo8a6107b1-3e", "system", OS_VIF_IDS)).map(PluggedPort::mode)
                .contains(VifMode.OVS_HYBRID);
    }

    @Test
    void libvirtsOwnOvsBridgePortsAreNotVifds() {
        // What libvirt writes for <virtualport type='openvswitch'>: vm-id, no vm-uuid.
        Map<String, String> libvirt = Map.of("iface-id", PORT, "attached-mac", "fa:16:3e:11:22:33",
                "iface-status", "active", "vm-id", VM);
        assertThat(PluggedPort.of("tap8a6107b1-3e", "", libvirt)).isEmpty();
    }

    @Test
    void otherNamesTypesAndMalformedIdsAreLeftAlone() {
        assertThat(PluggedPort.of("eth7", "", OS_VIF_IDS)).as("a name not derived from the iface-id").isEmpty();
        assertThat(PluggedPort.of("qvb8a6107b1-3e", "", OS_VIF_IDS)).as("the qbr side of the veth").isEmpty();
        assertThat(PluggedPort.of("tap8a6107b1-3e", "internal", OS_VIF_IDS)).isEmpty();
        assertThat(PluggedPort.of("vhu8a6107b1-3e", "dpdkvhostuserclient", OS_VIF_IDS)).isEmpty();
        assertThat(PluggedPort.of("tap8a6107b1-3e", "", Map.of("iface-id", PORT, "attached-mac", "not-a-mac",
                "vm-uuid", VM))).isEmpty();
        assertThat(PluggedPort.of("tap8a6107b1-3e", "", Map.of("iface-id", PORT, "attached-mac",
                "fa:16:3e:11:22:33", "vm-uuid", ""))).isEmpty();
    }
}
