package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FeaturesRequest;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MessageType;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.SimpleMessage;

/** Plays the switch on the other side of an EmbeddedChannel carrying our frame decoder and handler. */
final class FakeSwitch {
    static final FeaturesReply FEATURES = new FeaturesReply(0xaa1df4b3ba41L, 0, 254, 0, 0x4f);

    final EmbeddedChannel channel;
    final OpenFlowChannelHandler handler;
    final List<PacketIn> packetIns = new ArrayList<>();
    final List<InboundMessage> asyncMessages = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    FeaturesReply connected;
    /** Called after each packet-in is recorded (on the channel's loop), e.g. to answer it with a packet-out. */
    java.util.function.Consumer<PacketIn> onPacketIn = p -> { };

    FakeSwitch(ConnectionConfig config) {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        handler = new OpenFlowChannelHandler(config, new OpenFlowChannelHandler.Session() {
            @Override
            public void handshakeDone(OpenFlowChannelHandler h, FeaturesReply f) {
                connected = f;
            }

            @Override
            public void closed(OpenFlowChannelHandler h, String reason, boolean wasConnected) {
                closed.add(reason);
            }

            @Override
            public void packetIn(PacketIn p) {
                packetIns.add(p);
                onPacketIn.accept(p);
            }

            @Override
            public void asyncMessage(InboundMessage m) {
                asyncMessages.add(m);
            }
        });
        channel.pipeline().addLast(new OpenFlowFrameDecoder(config.maxMessageLength()), handler);
    }

    /** The next message our side wrote, decoded; null if none. */
    InboundMessage read() {
        channel.runPendingTasks();
        ByteBuf b = channel.readOutbound();
        if (b == null) {
            return null;
        }
        try {
            // Batches write many messages per buffer: split them.
            ByteBuf one = b.readSlice(b.getUnsignedShort(b.readerIndex() + 2));
            InboundMessage m = MessageCodec.decode(one);
            if (b.isReadable()) {
                pushBack(b.retain());
            }
            return m;
        } catch (DecodeException e) {
            throw new AssertionError("our side wrote undecodable bytes: " + e.getMessage(), e);
        } finally {
            b.release();
        }
    }

    private final java.util.ArrayDeque<ByteBuf> leftovers = new java.util.ArrayDeque<>();

    private void pushBack(ByteBuf b) {
        // Re-queue the rest of a multi-message buffer at the head of the outbound queue.
        List<Object> rest = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            rest.add(o);
        }
        channel.outboundMessages().add(b);
        channel.outboundMessages().addAll(rest);
    }

    InboundMessage expect(MessageType type) {
        InboundMessage m = read();
        assertThat(m).as("expected %s", type).isNotNull();
        assertThat(m.message().type(m.version())).isEqualTo(type);
        return m;
    }

    void send(OfMessage m, OfVersion v, int xid) {
        channel.writeInbound(Unpooled.wrappedBuffer(MessageCodec.toBytes(m, v, xid)));
        channel.runPendingTasks();
    }

    void sendRaw(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
    }

    /** Completes the handshake offering {@code offered}; returns the negotiated version. */
    OfVersion handshake(List<OfVersion> offered, boolean packetIn2) {
        expect(MessageType.HELLO);
        OfVersion max = offered.stream().max(OfVersion::compareTo).orElseThrow();
        send(new Hello(offered), max, 100);
        InboundMessage fr = expect(MessageType.FEATURES_REQUEST);
        assertThat(fr.message()).isInstanceOf(FeaturesRequest.class);
        OfVersion v = fr.version();
        send(FEATURES, v, fr.xid());
        expect(MessageType.SET_CONFIG);
        if (packetIn2) {
            expect(MessageType.EXPERIMENTER);
        }
        InboundMessage barrier = expect(MessageType.BARRIER_REQUEST);
        send(SimpleMessage.BARRIER_REPLY, v, barrier.xid());
        assertThat(connected).isEqualTo(FEATURES);
        assertThat(handler.isConnected()).isTrue();
        return v;
    }

    /** Drains what is left and closes; asserts nothing else was written. */
    void finishEmpty() {
        channel.close();
        channel.runPendingTasks();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        assertThat(channel.finish()).isFalse();
    }
}
