package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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

    @Test
    void anEditSharesTheUnchangedEntriesAndLeavesTheOriginalAlone() {
        Bindings.Builder b = Bindings.builder();
        for (int i = 1; i <= 1000; i++) {
            b.put(i, port(i));
        }
        Bindings before = b.build();
        Bindings after = before.edit().put(5, port(5).withIp(Ipv4Address.parse("10.9.9.9"))).remove(6).build();
        assertThat(after.entry(7)).isSameAs(before.entry(7));
        assertThat(after.entry(5)).isNotSameAs(before.entry(5));
        assertThat(after.entry(5).subnetOptions).isSameAs(before.entry(5).subnetOptions);
        assertThat(after.get(5).orElseThrow().ip()).isEqualTo(Ipv4Address.parse("10.9.9.9"));
        assertThat(after.get(6)).isEmpty();
        assertThat(after.size()).isEqualTo(999);
        assertThat(before.get(6)).contains(port(6));
        assertThat(before.get(5)).contains(port(5));
        assertThat(before.size()).isEqualTo(1000);
    }

    /** Random puts and removes (keys colliding in a small range) agree with a HashMap, each key found or not. */
    @Property(tries = 200)
    void editsAgreeWithAMap(@ForAll @Size(max = 300) List<@IntRange(min = -40, max = 40) Integer> ops) {
        Map<Integer, PortBinding> model = new HashMap<>();
        Bindings bindings = Bindings.empty();
        Bindings.Editor editor = bindings.edit();
        int step = 0;
        for (int op : ops) {
            int key = Math.abs(op) * 31; // collide in the low bits
            if (op >= 0) {
                editor.put(key, port(op + step));
                model.put(key, port(op + step));
            } else {
                editor.remove(key);
                model.remove(key);
            }
            if (++step % 17 == 0) {
                bindings = editor.build(); // go on editing after a build: the built snapshot must not change
                Map<Integer, PortBinding> frozen = Map.copyOf(model);
                editor.put(99_999, port(0)).remove(99_999);
                assertThat(bindings.asMap()).isEqualTo(frozen);
            }
        }
        Bindings last = editor.build();
        assertThat(last.asMap()).isEqualTo(model);
        assertThat(last.size()).isEqualTo(model.size());
        for (int k = -40 * 31; k <= 40 * 31; k++) {
            assertThat(last.get(k)).isEqualTo(java.util.Optional.ofNullable(model.get(k)));
        }
    }
}
