package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BindingsTest {

    private static PortBinding port(int i) {
        return PortBinding.of("port-" + i, new MacAddress(0xfa163e000000L + i), Ipv4Address.of(0x0a000000 + i), TestSupport.subnet());
    }

    @Test
    void tenThousandPortsAreEachFoundByTheirKeyAndNoOtherKeyFindsOne() {
        Bindings.Builder b = Bindings.builder();
        for (int i = 0; i < 10_000; i++) {
            b.put(i * 7919, port(i)); // spread keys, including collisions in the low bits
        }
        Bindings bindings = b.build();
        assertThat(bindings.size()).isEqualTo(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(bindings.get(i * 7919)).contains(port(i));
            assertThat(bindings.get(i * 7919 + 1)).isEmpty();
        }
        assertThat(bindings.get(-1)).isEmpty();
    }

    @Test
    void withAndWithoutLeaveTheOriginalUnchanged() {
        Bindings one = Bindings.builder().put(1, port(1)).build();
        Bindings two = one.with(2, port(2));
        Bindings none = two.without(1).without(2);
        assertThat(one.asMap()).containsOnlyKeys(1);
        assertThat(two.asMap()).containsOnlyKeys(1, 2);
        assertThat(none.size()).isZero();
        assertThat(Bindings.empty().get(1)).isEmpty();
    }

    @Test
    void neutronHostnameIsDerivedFromTheAddress() {
        assertThat(port(4).effectiveHostname()).isEqualTo("host-10-0-0-4");
    }
}
