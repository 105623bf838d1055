package org.vifd.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StalePortCleanupTest {
    private static final Map<String, String> VM_NIC = Map.of("iface-id", "8a6107b1-3e72-4b71-bd5f-1aa772517004");
    /** What ovs-vswitchd 3.1 wrote for a port added with ovs-vsctl for a device that does not exist. */
    private static final String ENODEV = "could not open network device tapdead (No such device)";

    @Test
    void aVmNicWhoseDeviceVswitchdCannotOpenIsStale() {
        assertThat(StalePortCleanup.isStale("", -1L, ENODEV, VM_NIC)).isTrue();
        assertThat(StalePortCleanup.isStale("system", -1L, ENODEV, VM_NIC)).isTrue();
    }

    @Test
    void healthyPortsOtherErrorsAndOtherTypesAreNot() {
        assertThat(StalePortCleanup.isStale("", 7L, null, VM_NIC)).as("healthy").isFalse();
        assertThat(StalePortCleanup.isStale("", null, null, VM_NIC)).as("not yet looked at by vswitchd").isFalse();
        assertThat(StalePortCleanup.isStale("", -1L, "could not add network device tap1 to ofproto (File exists)",
                VM_NIC)).as("another error").isFalse();
        assertThat(StalePortCleanup.isStale("", -1L, ENODEV, Map.of())).as("not a VM NIC: no iface-id").isFalse();
        assertThat(StalePortCleanup.isStale("internal", -1L, ENODEV, VM_NIC)).isFalse();
        assertThat(StalePortCleanup.isStale("geneve", -1L, ENODEV, VM_NIC)).isFalse();
    }
}
