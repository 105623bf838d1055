package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.golden.GoldenFixtures;
import org.vifd.openflow.protocol.FlowRemoved;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.protocol.PortStatus;
import org.vifd.openflow.protocol.SimpleMessage;

/** Port status and flow removed from the switch reach the session, whatever their xid; stray replies do not. */
class AsyncMessagesTest {
    static final ConnectionConfig CONFIG = ConnectionConfig.builder().versions(OfVersion.OF_1_3).build();

    @Test
    void portStatusAndFlowRemovedBytesOvsSentAreDeliveredInOrder() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        s.sendRaw(GoldenFixtures.hex("ovs-port-status-add-of13.hex"));
        s.sendRaw(GoldenFixtures.hex("ovs-flow-removed-hard-of13.hex"));
        s.sendRaw(GoldenFixtures.hex("ovs-port-status-delete-of13.hex"));
        assertThat(s.asyncMessages).hasSize(3);
        PortStatus add = (PortStatus) s.asyncMessages.get(0).message();
        assertThat(add.reason()).isEqualTo(PortStatus.ADD);
        assertThat(add.port().name()).isEqualTo("p5");
        assertThat(((FlowRemoved) s.asyncMessages.get(1).message()).cookie()).isEqualTo(0x77);
        assertThat(((PortStatus) s.asyncMessages.get(2).message()).reason()).isEqualTo(PortStatus.DELETE);
        assertThat(s.channel.isOpen()).isTrue();
        s.finishEmpty();
    }

    @Test
    void flowMonitorUpdatesOvsSentReachTheSessionInsteadOfBeingDropped() {
        FakeSwitch s = new FakeSwitch(ConnectionConfig.builder().versions(OfVersion.OF_1_4).build());
        s.handshake(List.of(OfVersion.OF_1_4), true);
        for (String e : List.of("added", "abbrev", "paused", "resumed")) {
            s.sendRaw(GoldenFixtures.hex("ovs-flow-monitor-reply-" + e + "-of14.hex"));
        }
        assertThat(s.asyncMessages).hasSize(4).allSatisfy(m -> {
            assertThat(m.xid()).isZero();
            assertThat(m.message()).isInstanceOfSatisfying(MultipartReply.class,
                    r -> assertThat(r.multipartType()).isEqualTo(MultipartType.FLOW_MONITOR));
        });
        // Another multipart reply nobody asked for is still not an async message.
        s.send(new MultipartReply(MultipartType.FLOW, 0, new byte[0]), OfVersion.OF_1_4, 0x4242);
        assertThat(s.asyncMessages).hasSize(4);
        assertThat(s.channel.isOpen()).isTrue();
        s.finishEmpty();
    }

    @Test
    void aReplyNobodyWaitsForIsNotAnAsyncMessage() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        s.send(SimpleMessage.BARRIER_REPLY, OfVersion.OF_1_3, 0x7777);
        assertThat(s.asyncMessages).isEmpty();
        assertThat(s.channel.isOpen()).isTrue();
        s.finishEmpty();
    }

    @Test
    void aTruncatedPortStatusClosesTheConnectionWithTheOffset() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        byte[] full = GoldenFixtures.hex("ovs-port-status-add-of13.hex");
        byte[] cut = java.util.Arrays.copyOf(full, 40);
        cut[3] = 40;
        s.sendRaw(cut);
        assertThat(s.asyncMessages).isEmpty();
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).singleElement().asString().contains("undecodable PORT_STATUS", "offset 16");
        s.finishEmpty();
    }
}
