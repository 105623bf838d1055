package org.vifd.vif;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class VifModeSelectorTest {
    private static final long LIBVIRT_9_0_0 = 9_000_000L;
    private static final long LIBVIRT_0_9_10 = 9_010L;

    @Test
    void firewallRequiredMeansHybridWhateverTheLibvirt() {
        assertThat(new VifModeSelector(Optional.empty(), true, LIBVIRT_9_0_0).modeFor("p")).isEqualTo(VifMode.OVS_HYBRID);
        assertThat(new VifModeSelector(Optional.empty(), true, LIBVIRT_0_9_10).modeFor("p")).isEqualTo(VifMode.OVS_HYBRID);
    }

    @Test
    void libvirtFromZeroNineElevenPlugsTheBridgeItself() {
        assertThat(new VifModeSelector(Optional.empty(), false, VifModeSelector.LIBVIRT_OVS_VPORT_VERSION).modeFor("p"))
                .isEqualTo(VifMode.OVS_BRIDGE);
        assertThat(new VifModeSelector(Optional.empty(), false, LIBVIRT_9_0_0).modeFor("p")).isEqualTo(VifMode.OVS_BRIDGE);
    }

    @Test
    void olderLibvirtGetsEthernet() {
        assertThat(new VifModeSelector(Optional.empty(), false, LIBVIRT_0_9_10).modeFor("p")).isEqualTo(VifMode.OVS_ETHERNET);
    }

    @Test
    void configurationWins() {
        assertThat(new VifModeSelector(Optional.of(VifMode.VHOSTUSER), true, LIBVIRT_9_0_0).modeFor("p"))
                .isEqualTo(VifMode.VHOSTUSER);
        assertThat(new VifModeSelector(Optional.of(VifMode.OVS_ETHERNET), false, LIBVIRT_9_0_0).modeFor("p"))
                .isEqualTo(VifMode.OVS_ETHERNET);
    }

    @Test
    void versionsPrintAsLibvirtPrintsThem() {
        assertThat(VifModeSelector.versionText(9_000_000L)).isEqualTo("9.0.0");
        assertThat(VifModeSelector.versionText(9_011L)).isEqualTo("0.9.11");
    }
}
