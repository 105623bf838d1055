package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetAndBackoffTest {
    @Test
    void parsesOvsConnectionMethods() {
        assertThat(Target.parse("unix:/run/br-int.mgmt").address())
                .isEqualTo(UnixDomainSocketAddress.of("/run/br-int.mgmt"));
        Target tcp = Target.parse("tcp:127.0.0.1:6653");
        assertThat(((InetSocketAddress) tcp.address()).getPort()).isEqualTo(6653);
        assertThat(tcp.passive()).isFalse();
        Target ptcp = Target.parse("ptcp:6653:127.0.0.1");
        assertThat(ptcp.passive()).isTrue();
        assertThat(((InetSocketAddress) ptcp.address()).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Target.parse("pssl:6654").ssl()).isTrue();
        assertThat(Target.parse("punix:/tmp/x.sock").unix()).isTrue();
        assertThatThrownBy(() -> Target.parse("udp:1.2.3.4:5")).hasMessageContaining("unknown connection method");
        assertThatThrownBy(() -> Target.parse("tcp:1.2.3.4:99999")).hasMessageContaining("bad port");
    }

    @Test
    void backoffDoublesUpToTheMaximumAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800), () -> 0.0);
        assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(800));
        assertThat(b.next()).isEqualTo(Duration.ofMillis(800));
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
        Backoff jittered = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800), () -> 1.0);
        assertThat(jittered.next()).isEqualTo(Duration.ofMillis(50));
    }
}
