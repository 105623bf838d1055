package org.vifd.agent.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.packet.MacAddress;

class IntentDeltaTest {
    private static Network net(String id, int mtu) {
        return new Network(id, id, NetworkType.FLAT, "physnet1", 0, mtu, true);
    }

    private static Subnet subnet(String id, String net, String gw) throws Exception {
        return new Subnet(id, net, IpPrefix.parse("10.0.0.0/24"), Optional.of(InetAddress.getByName(gw)), List.of(),
                List.of(), true, 4);
    }

    private static Port port(String id, String net, String ip) throws Exception {
        return new Port(id, net, new MacAddress(0xfa163e000001L), List.of(new FixedIp("s1",
                InetAddress.getByName(ip))), true, true, List.of(), List.of(), "compute:nova");
    }

    @Test
    void betweenNamesWhatWasAddedRemovedOrChangedAndNothingElse() throws Exception {
        Intent a = new Intent(List.of(net("n1", 1500), net("n2", 1500)), List.of(subnet("s1", "n1", "10.0.0.1")),
                List.of(port("p1", "n1", "10.0.0.4"), port("p2", "n1", "10.0.0.5"), port("p3", "n1", "10.0.0.6")));
        Intent b = new Intent(List.of(net("n1", 1400), net("n3", 1500)), List.of(subnet("s1", "n1", "10.0.0.1")),
                List.of(port("p1", "n1", "10.0.0.4"), port("p2", "n1", "10.0.0.9"), port("p4", "n1", "10.0.0.7")));

        IntentDelta d = IntentDelta.between(a, b);

        assertThat(d.networks()).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(d.subnets()).isEmpty();
        assertThat(d.ports()).containsExactlyInAnyOrder("p2", "p3", "p4");
        assertThat(IntentDelta.between(a, a)).isEqualTo(IntentDelta.NONE);
        assertThat(IntentDelta.between(a, new Intent(a.networks(), a.subnets(), a.ports())).isEmpty()).isTrue();
    }

    @Test
    void plusIsTheUnionAndAChangeAppliesItsDeltaOnlyToItsOwnBase() throws Exception {
        IntentDelta one = new IntentDelta(Set.of("n1"), Set.of(), Set.of("p1"));
        IntentDelta two = new IntentDelta(Set.of(), Set.of("s1"), Set.of("p1", "p2"));
        assertThat(one.plus(two)).isEqualTo(new IntentDelta(Set.of("n1"), Set.of("s1"), Set.of("p1", "p2")));
        assertThat(one.plus(IntentDelta.NONE)).isSameAs(one);

        Intent a = new Intent(List.of(net("n1", 1500)), List.of(), List.of());
        Intent b = new Intent(List.of(net("n1", 1400)), List.of(), List.of());
        IntentChange change = new IntentChange(a, b, IntentDelta.ofPorts(Set.of("told")));
        assertThat(change.deltaFrom(a).ports()).containsExactly("told");
        // A receiver holding another intent (it missed a change) gets a diff, not a delta that is not its own.
        assertThat(change.deltaFrom(Intent.EMPTY).networks()).containsExactly("n1");
    }
}
