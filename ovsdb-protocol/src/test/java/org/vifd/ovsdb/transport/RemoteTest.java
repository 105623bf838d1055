package org.vifd.ovsdb.transport;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteTest {

    @Test
    void parsesEveryMethodOfOvsdbServer1() {
        assertThat(Remote.parse("tcp:127.0.0.1:6641")).isEqualTo(Remote.tcp("127.0.0.1", 6641));
        assertThat(Remote.parse("tcp:10.0.0.1").port()).isEqualTo(Remote.DEFAULT_PORT);
        assertThat(Remote.parse("tcp:[::1]:6642")).isEqualTo(Remote.tcp("::1", 6642));
        assertThat(Remote.parse("unix:/run/openvswitch/db.sock")).isEqualTo(Remote.unix(Path.of("/run/openvswitch/db.sock")));
        assertThat(Remote.parse("ssl:192.0.2.1:6643").kind()).isEqualTo(Remote.Kind.SSL);
        Remote ptcp = Remote.parse("ptcp:6640:127.0.0.1");
        assertThat(ptcp.kind()).isEqualTo(Remote.Kind.PTCP);
        assertThat(ptcp.port()).isEqualTo(6640);
        assertThat(ptcp.host()).isEqualTo("127.0.0.1");
        assertThat(ptcp.kind().isActive()).isFalse();
        assertThat(Remote.parse("punix:/tmp/x.sock").path()).isEqualTo(Path.of("/tmp/x.sock"));
        assertThat(Remote.parse("pssl:").port()).isEqualTo(Remote.DEFAULT_PORT);
    }

    @Test
    void printsWhatItParses() {
        for (String s : List.of("tcp:127.0.0.1:6641", "tcp:[::1]:6642", "unix:/a/b.sock", "ssl:h:1", "ptcp:6640", "ptcp:1:[::1]", "punix:/x")) {
            assertThat(Remote.parse(s).toString()).isEqualTo(s);
        }
    }

    @Test
    void parsesClusterLists() {
        assertThat(Remote.parseList("tcp:127.0.0.1:1,tcp:127.0.0.1:2, unix:/x")).containsExactly(
                Remote.tcp("127.0.0.1", 1), Remote.tcp("127.0.0.1", 2), Remote.unix(Path.of("/x")));
    }

    @Test
    void socketAddresses() {
        assertThat(Remote.parse("unix:/x.sock").socketAddress()).isEqualTo(UnixDomainSocketAddress.of("/x.sock"));
        InetSocketAddress a = (InetSocketAddress) Remote.parse("tcp:127.0.0.1:5").socketAddress();
        assertThat(a.getHostString()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(5);
    }

    @Test
    void rejectsWhatIsWrongSayingWhat() {
        assertThatThrownBy(() -> Remote.parse("127.0.0.1:6640")).hasMessageContaining("unknown method '127.0.0.1'");
        assertThatThrownBy(() -> Remote.parse("db.sock")).hasMessageContaining("no method prefix");
        assertThatThrownBy(() -> Remote.parse("udp:1.2.3.4:5")).hasMessageContaining("unknown method 'udp'");
        assertThatThrownBy(() -> Remote.parse("tcp:1.2.3.4:99999")).hasMessageContaining("invalid port");
        assertThatThrownBy(() -> Remote.parse("tcp::1:5")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> Remote.parse("tcp:[::1")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Remote.parse("unix:")).hasMessageContaining("no socket file");
        assertThatThrownBy(() -> Remote.parseList(" , ")).hasMessageContaining("empty");
    }
}
