package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DhcpPortKeysTest {
    @Test
    void keysAreStablePerPortAndTheLowestFreeIsReused() {
        DhcpPortKeys keys = new DhcpPortKeys();
        assertThat(keys.keyFor("a").getAsInt()).isEqualTo(1);
        assertThat(keys.keyFor("b").getAsInt()).isEqualTo(2);
        assertThat(keys.keyFor("c").getAsInt()).isEqualTo(3);
        assertThat(keys.keyFor("a").getAsInt()).isEqualTo(1);
        keys.release("b");
        assertThat(keys.peek("b")).isEmpty();
        assertThat(keys.keyFor("d").getAsInt()).isEqualTo(2);
        keys.retainOnly(Set.of("d"));
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.keyFor("e").getAsInt()).isEqualTo(1);
        assertThat(keys.peek("d").getAsInt()).isEqualTo(2);
    }
}
