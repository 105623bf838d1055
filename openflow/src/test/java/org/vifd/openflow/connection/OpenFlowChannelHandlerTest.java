package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.BacklogFullException;
import org.vifd.openflow.ConnectionLostException;
import org.vifd.openflow.FlowBatchException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.OpenFlowErrorException;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.BundleAddMessage;
import org.vifd.openflow.protocol.BundleControl;
import org.vifd.openflow.protocol.EchoReply;
import org.vifd.openflow.protocol.EchoRequest;
import org.vifd.openflow.protocol.ErrorCode;
import org.vifd.openflow.protocol.ErrorMessage;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageType;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.protocol.SetPacketInFormat;
import org.vifd.openflow.protocol.SimpleMessage;
import org.vifd.openflow.protocol.SwitchConfig;

class OpenFlowChannelHandlerTest {
    static final ConnectionConfig CONFIG = ConnectionConfig.builder().versions(OfVersion.OF_1_3, OfVersion.OF_1_4)
            .build();

    static FlowMod flow(int i) {
        return FlowMod.add().priority(i).match(Match.builder().inPort(i).build())
                .instructions(Instruction.apply(Action.normal())).build();
    }

    @Test
    void negotiatesTheHighestCommonVersionAndAsksForPacketIn2AndMissSendLen() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        InboundMessage hello = s.expect(MessageType.HELLO);
        assertThat(((Hello) hello.message()).versions()).containsExactly(OfVersion.OF_1_3, OfVersion.OF_1_4);
        // OVS's hello: header version 1.5 and no bitmap, meaning "1.0 to 1.5" (OpenFlow 1.3.5 §6.3.1).
        s.sendRaw(org.vifd.openflow.golden.GoldenFixtures.ovsHello());
        InboundMessage fr = s.expect(MessageType.FEATURES_REQUEST);
        assertThat(fr.version()).isEqualTo(OfVersion.OF_1_4);
        s.send(FakeSwitch.FEATURES, OfVersion.OF_1_4, fr.xid());
        InboundMessage cfg = s.expect(MessageType.SET_CONFIG);
        assertThat(((SwitchConfig) cfg.message()).missSendLen()).isEqualTo(0xffff);
        InboundMessage fmt = s.expect(MessageType.EXPERIMENTER);
        assertThat(((SetPacketInFormat) fmt.message()).format()).isEqualTo(SetPacketInFormat.NXT_PACKET_IN2);
        InboundMessage barrier = s.expect(MessageType.BARRIER_REQUEST);
        assertThat(s.connected).isNull();
        s.send(SimpleMessage.BARRIER_REPLY, OfVersion.OF_1_4, barrier.xid());
        assertThat(s.connected).isEqualTo(FakeSwitch.FEATURES);
        s.finishEmpty();
    }

    @Test
    void closesWithHelloFailedWhenNoVersionIsCommon() {
        FakeSwitch s = new FakeSwitch(ConnectionConfig.builder().versions(OfVersion.OF_1_3).build());
        s.expect(MessageType.HELLO);
        s.send(new Hello(List.of(OfVersion.OF_1_0)), OfVersion.OF_1_0, 1);
        InboundMessage err = s.expect(MessageType.ERROR);
        assertThat(((ErrorMessage) err.message()).code()).isEqualTo(ErrorCode.HELLO_INCOMPATIBLE.code());
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).singleElement().asString().contains("no common OpenFlow version");
        s.finishEmpty();
    }

    @Test
    void requestsCompleteWithTheirReplyAndErrorsWithTheSwitchsWords() throws Exception {
        FakeSwitch s = new FakeSwitch(CONFIG);
        OfVersion v = s.handshake(List.of(OfVersion.OF_1_3), true);
        CompletableFuture<InboundMessage> echo = s.handler.request(new EchoRequest(new byte[] {1, 2}), false);
        CompletableFuture<InboundMessage> bad = s.handler.request(SimpleMessage.GET_CONFIG_REQUEST, false);
        InboundMessage e1 = s.expect(MessageType.ECHO_REQUEST);
        InboundMessage e2 = s.expect(MessageType.GET_CONFIG_REQUEST);
        s.send(new ErrorMessage(1, 1, 0, new byte[] {4, 7, 0, 8, 0, 0, 0, 9}), v, e2.xid());
        s.send(new EchoReply(new byte[] {1, 2}), v, e1.xid());
        assertThat(echo.get(1, TimeUnit.SECONDS).message()).isEqualTo(new EchoReply(new byte[] {1, 2}));
        assertThat(bad).isCompletedExceptionally();
        OpenFlowErrorException ex = (OpenFlowErrorException) bad.handle((r, t) -> t).get();
        assertThat(ex.errorCode()).isEqualTo(ErrorCode.BAD_REQUEST_BAD_TYPE);
        assertThat(ex.xid()).isEqualTo(e2.xid());
        assertThat(ex.data()).containsExactly(4, 7, 0, 8, 0, 0, 0, 9);
        s.finishEmpty();
    }

    @Test
    void echoRequestsFromTheSwitchAreAnsweredWithTheSameXidAndData() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        OfVersion v = s.handshake(List.of(OfVersion.OF_1_3), true);
        s.send(new EchoRequest(new byte[] {9, 9}), v, 0x77);
        InboundMessage r = s.expect(MessageType.ECHO_REPLY);
        assertThat(r.xid()).isEqualTo(0x77);
        assertThat(r.message()).isEqualTo(new EchoReply(new byte[] {9, 9}));
        s.finishEmpty();
    }

    @Test
    void multipartRepliesAreReassembledAcrossParts() throws Exception {
        FakeSwitch s = new FakeSwitch(CONFIG);
        OfVersion v = s.handshake(List.of(OfVersion.OF_1_3), true);
        CompletableFuture<byte[]> f = s.handler.multipart(FlowStatsRequest.all());
        InboundMessage req = s.expect(MessageType.MULTIPART_REQUEST);
        List<FlowStats> entries = List.of(stats(1), stats(2), stats(3));
        for (int i = 0; i < entries.size(); i++) {
            io.netty.buffer.ByteBuf body = io.netty.buffer.Unpooled.buffer();
            entries.get(i).encode13(body, v);
            byte[] b = new byte[body.readableBytes()];
            body.readBytes(b);
            body.release();
            s.send(new MultipartReply(MultipartType.FLOW, i < 2 ? MultipartType.FLAG_MORE : 0, b), v, req.xid());
            assertThat(f.isDone()).isEqualTo(i == 2);
        }
        assertThat(FlowStats.decodeAll(io.netty.buffer.Unpooled.wrappedBuffer(f.get()), v)).isEqualTo(entries);
        s.finishEmpty();
    }

    static FlowStats stats(int i) {
        return new FlowStats(i, 10, 20, i, 0, 0, 0, 0, 0xc00c1e + i, 5, 500, Match.builder().inPort(i).build(),
                List.of(Instruction.apply(Action.normal())));
    }

    @Test
    void errorsInAPipelinedBatchAreAttributedByXidAndTheBarrierEndsIt() throws Exception {
        FakeSwitch s = new FakeSwitch(CONFIG);
        OfVersion v = s.handshake(List.of(OfVersion.OF_1_3), true);
        List<FlowMod> mods = List.of(flow(1), flow(2), flow(3), flow(4));
        CompletableFuture<Void> f = s.handler.apply(FlowBatch.of(mods));
        int[] xids = new int[4];
        for (int i = 0; i < 4; i++) {
            InboundMessage m = s.expect(MessageType.FLOW_MOD);
            assertThat(m.message()).isEqualTo(mods.get(i));
            xids[i] = m.xid();
        }
        InboundMessage barrier = s.expect(MessageType.BARRIER_REQUEST);
        assertThat(s.read()).as("one barrier per batch").isNull();
        s.send(new ErrorMessage(4, 9, 0, new byte[0]), v, xids[2]);
        assertThat(f).isNotDone();
        s.send(SimpleMessage.BARRIER_REPLY, v, barrier.xid());
        FlowBatchException e = (FlowBatchException) f.handle((r, t) -> t).get();
        assertThat(e.failures()).singleElement().satisfies(x -> {
            assertThat(x.index()).isEqualTo(2);
            assertThat(x.message()).isEqualTo(mods.get(2));
            assertThat(x.error().errorCode()).isEqualTo(ErrorCode.BAD_MATCH_BAD_PREREQ);
        });
        s.finishEmpty();
    }

    @Test
    void aBundleWithAFailedAddIsDiscardedNotCommitted() throws Exception {
        FakeSwitch s = new FakeSwitch(CONFIG);
        OfVersion v = s.handshake(List.of(OfVersion.OF_1_3), true);
        CompletableFuture<Void> f = s.handler.bundle(FlowBatch.of(flow(1), flow(2)), true);
        InboundMessage open = s.expect(MessageType.EXPERIMENTER);
        BundleControl oc = (BundleControl) open.message();
        assertThat(oc.controlType()).isEqualTo(BundleControl.OPEN_REQUEST);
        assertThat(oc.flags() & BundleControl.FLAG_ATOMIC).isNotZero();
        s.send(new BundleControl(oc.bundleId(), BundleControl.OPEN_REPLY, oc.flags()), v, open.xid());
        InboundMessage add1 = s.expect(MessageType.EXPERIMENTER);
        InboundMessage add2 = s.expect(MessageType.EXPERIMENTER);
        assertThat(((BundleAddMessage) add1.message()).xid()).isEqualTo(add1.xid());
        assertThat(((BundleAddMessage) add2.message()).message()).isEqualTo(flow(2));
        InboundMessage barrier = s.expect(MessageType.BARRIER_REQUEST);
        s.send(new ErrorMessage(2, 4, 0, new byte[0]), v, add2.xid());
        s.send(SimpleMessage.BARRIER_REPLY, v, barrier.xid());
        InboundMessage discard = s.expect(MessageType.EXPERIMENTER);
        assertThat(((BundleControl) discard.message()).controlType()).isEqualTo(BundleControl.DISCARD_REQUEST);
        FlowBatchException e = (FlowBatchException) f.handle((r, t) -> t).get();
        assertThat(e.failures()).singleElement().satisfies(x -> assertThat(x.index()).isEqualTo(1));
        s.finishEmpty();
    }

    @Test
    void pendingRequestsFailWithConnectionLostWhenTheChannelCloses() throws Exception {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        CompletableFuture<InboundMessage> f = s.handler.request(SimpleMessage.BARRIER_REQUEST, false);
        s.expect(MessageType.BARRIER_REQUEST);
        s.channel.close();
        assertThat(f.handle((r, t) -> t).get()).isInstanceOf(ConnectionLostException.class);
        assertThat(s.closed).hasSize(1);
        s.finishEmpty();
    }

    @Test
    void theQueueIsBoundedAndRefusesWorkBeyondIt() throws Exception {
        FakeSwitch s = new FakeSwitch(ConnectionConfig.builder().versions(OfVersion.OF_1_3).maxPendingRequests(3)
                .build());
        s.handshake(List.of(OfVersion.OF_1_3), true);
        for (int i = 0; i < 3; i++) {
            s.handler.request(SimpleMessage.BARRIER_REQUEST, false);
        }
        CompletableFuture<InboundMessage> f = s.handler.request(SimpleMessage.BARRIER_REQUEST, false);
        assertThat(f.handle((r, t) -> t).get()).isInstanceOf(BacklogFullException.class);
        s.finishEmpty();
    }

    @Test
    void packetIn2IsDeliveredWithUserdata() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        s.sendRaw(org.vifd.openflow.golden.GoldenFixtures.packetIn2WithUserdata());
        assertThat(s.packetIns).singleElement().satisfies(p -> {
            assertThat(p.userdata()).containsExactly(1, 2, 3, 4);
            assertThat(p.inPort()).isEqualTo(1);
            assertThat(p.reason()).isEqualTo(PacketIn.REASON_ACTION);
        });
        s.finishEmpty();
    }

    @Test
    void packetOutsAnsweringOneReadBatchLeaveInOneFlushAndOthersAtOnce() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        int[] flushes = {0};
        s.channel.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                flushes[0]++;
                ctx.flush();
            }
        });
        byte[] frame = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 0};
        s.onPacketIn = p -> assertThat(s.handler.sendPacketOut(PacketOut.of(OfPort.CONTROLLER,
                List.of(new Action.Output(p.userdata()[0], 0)), frame))).isTrue();
        // Three packet-ins arriving in one read (what vswitchd's writes coalesce into in the socket).
        byte[] one = org.vifd.openflow.golden.GoldenFixtures.packetIn2WithUserdata();
        byte[] three = new byte[one.length * 3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(one, 0, three, i * one.length, one.length);
        }
        s.sendRaw(three);
        assertThat(s.packetIns).hasSize(3);
        assertThat(flushes[0]).as("one flush for the read batch's three packet-outs").isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(s.expect(MessageType.PACKET_OUT).message()).isInstanceOfSatisfying(PacketOut.class,
                    po -> assertThat(po.data()).containsExactly(frame));
        }
        // Outside a read (another thread's or a timer's packet-out): written and flushed at once.
        assertThat(s.handler.sendPacketOut(PacketOut.of(OfPort.CONTROLLER, List.of(new Action.Output(2, 0)), frame)))
                .isTrue();
        assertThat(flushes[0]).isEqualTo(2);
        assertThat(s.expect(MessageType.PACKET_OUT)).isNotNull();
        s.finishEmpty();
    }

    @Test
    void withAFlushDelayPacketOutsOfSeveralReadsLeaveInOneFlushWhenTheDelayEnds() {
        FakeSwitch s = new FakeSwitch(CONFIG.toBuilder().packetOutFlushDelay(Duration.ofMillis(1)).build());
        s.handshake(List.of(OfVersion.OF_1_3), true);
        int[] flushes = {0};
        s.channel.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                flushes[0]++;
                ctx.flush();
            }
        });
        byte[] frame = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 8, 0};
        s.onPacketIn = p -> assertThat(s.handler.sendPacketOut(PacketOut.of(OfPort.CONTROLLER,
                List.of(new Action.Output(p.userdata()[0], 0)), frame))).isTrue();
        byte[] one = org.vifd.openflow.golden.GoldenFixtures.packetIn2WithUserdata();
        s.sendRaw(one);
        s.sendRaw(one);
        assertThat(s.handler.sendPacketOut(PacketOut.of(OfPort.CONTROLLER, List.of(new Action.Output(2, 0)), frame)))
                .isTrue();
        assertThat(s.packetIns).hasSize(2);
        assertThat(flushes[0]).as("nothing flushed before the delay ends").isZero();
        s.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        s.channel.runScheduledPendingTasks();
        assertThat(flushes[0]).as("two reads' and one timer's packet-outs in one flush").isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(s.expect(MessageType.PACKET_OUT).message()).isInstanceOf(PacketOut.class);
        }
        s.finishEmpty();
    }

    @Test
    void aFlushDelayOutsideZeroToTenMillisecondsIsRefused() {
        assertThatThrownBy(() -> ConnectionConfig.builder().packetOutFlushDelay(Duration.ofMillis(11)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packetOutFlushDelay");
        assertThatThrownBy(() -> ConnectionConfig.builder().packetOutFlushDelay(Duration.ofNanos(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSilentPeerIsClosedWhenTheEchoTimesOut() {
        FakeSwitch s = new FakeSwitch(ConnectionConfig.builder().versions(OfVersion.OF_1_3)
                .echoInterval(Duration.ofSeconds(2)).echoTimeout(Duration.ofSeconds(3)).build());
        s.handshake(List.of(OfVersion.OF_1_3), true);
        s.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        s.channel.runScheduledPendingTasks();
        s.expect(MessageType.ECHO_REQUEST);
        assertThat(s.channel.isOpen()).isTrue();
        for (int i = 0; i < 3; i++) {
            s.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            s.channel.runScheduledPendingTasks();
        }
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).singleElement().asString().contains("no ECHO_REPLY");
        s.finishEmpty();
    }
}
