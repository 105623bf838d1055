package org.vifd.openflow.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.openflow.BacklogFullException;
import org.vifd.openflow.ConnectionLostException;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.FlowBatchException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.OpenFlowErrorException;
import org.vifd.openflow.OpenFlowException;
import org.vifd.openflow.protocol.BundleAddMessage;
import org.vifd.openflow.protocol.BundleControl;
import org.vifd.openflow.protocol.EchoReply;
import org.vifd.openflow.protocol.EchoRequest;
import org.vifd.openflow.protocol.ErrorCode;
import org.vifd.openflow.protocol.ErrorMessage;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FeaturesRequest;
import org.vifd.openflow.protocol.FlowRemoved;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MessageType;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.PortStatus;
import org.vifd.openflow.protocol.RoleMessage;
import org.vifd.openflow.protocol.SetPacketInFormat;
import org.vifd.openflow.protocol.SimpleMessage;
import org.vifd.openflow.protocol.SwitchConfig;

/**
 * The protocol state of one OpenFlow channel; lives on the channel's event loop and nowhere else. Owns the
 * handshake, xid allocation, the in-flight requests (xid → future), multipart reassembly, error attribution
 * (by xid, including xid ranges of batches and bundles), echo keepalive both ways and the bounded send queue.
 */
public final class OpenFlowChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OpenFlowChannelHandler.class);
    private static final int CHUNK = 64 * 1024;

    /** Connection states; every transition goes through {@link #transition}. */
    enum State {
        /** Channel not active yet. Next: HELLO_WAIT when active. */
        INIT,
        /** Our HELLO is sent; waiting for the peer's HELLO. Next: FEATURES_WAIT, or CLOSED on incompatibility. */
        HELLO_WAIT,
        /** FEATURES_REQUEST sent; waiting for FEATURES_REPLY. Next: CONFIG_WAIT. */
        FEATURES_WAIT,
        /** SET_CONFIG, packet-in format, async, role and a barrier sent; waiting for the barrier. Next: CONNECTED. */
        CONFIG_WAIT,
        /** Handshake done; requests flow. Next: CLOSED. */
        CONNECTED,
        /** Channel closed; every pending request failed. Terminal. */
        CLOSED
    }

    /** What the owner of the channel learns. Called on the event loop. */
    interface Session {
        void handshakeDone(OpenFlowChannelHandler handler, FeaturesReply features);

        void closed(OpenFlowChannelHandler handler, String reason, boolean wasConnected);

        void packetIn(PacketIn packetIn);

        /** Port status, flow removed and other unsolicited messages, from the handshake on. */
        void asyncMessage(InboundMessage message);
    }

    private final ConnectionConfig config;
    private final Session session;
    private final IntObjectHashMap<Pending> pending = new IntObjectHashMap<>();
    private final List<RangeTracker> ranges = new ArrayList<>();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private State state = State.INIT;
    private volatile OfVersion version = OfVersion.OF_1_3;
    private volatile FeaturesReply features;
    private int nextXid = 1;
    private long nextBundleId = 1;
    private String peer = "?";
    private String closeReason;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> echoTimer;
    private long echoSentNanos;
    private long echoTicks;
    private boolean echoOutstanding;
    private long droppedPacketOuts;
    /** True between the first channelRead of a read batch and its channelReadComplete. */
    private boolean inReadBatch;
    /** Packet-outs written during the read batch and not flushed yet: flushed once, in channelReadComplete. */
    private boolean flushPending;
    /** A delayed flush is scheduled ({@link ConnectionConfig#packetOutFlushDelay()} non-zero). */
    private boolean flushScheduled;

    OpenFlowChannelHandler(ConnectionConfig config, Session session) {
        this.config = config;
        this.session = session;
    }

    OfVersion version() {
        return version;
    }

    FeaturesReply features() {
        return features;
    }

    String peer() {
        return peer;
    }

    boolean isConnected() {
        return state == State.CONNECTED;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.peer = String.valueOf(ctx.channel().remoteAddress());
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.peer = String.valueOf(ctx.channel().remoteAddress());
        if (state == State.INIT) {
            start();
        }
        ctx.fireChannelActive();
    }

    private void start() {
        transition(State.HELLO_WAIT);
        OfVersion max = config.versions().stream().max(OfVersion::compareTo).orElseThrow();
        writeNow(new Hello(config.versions()), max, allocateXid());
        ctx.flush();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (state != State.CONNECTED && state != State.CLOSED) {
                closeWith("handshake not finished within " + config.handshakeTimeout().toMillis() + " ms (state "
                        + state + ")");
            }
        }, config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean wasConnected = state == State.CONNECTED;
        String reason = closeReason != null ? closeReason : "closed by peer";
        transition(State.CLOSED);
        cancelTimers();
        ConnectionLostException lost = new ConnectionLostException("openflow connection to " + peer
                + " closed before the reply (" + reason + "); the request may have been applied");
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : all) {
            p.future.completeExceptionally(lost);
        }
        for (Job j : jobs) {
            j.fail(lost);
        }
        jobs.clear();
        ranges.clear();
        session.closed(this, reason, wasConnected);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeWith("I/O error: " + cause);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void cancelTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (echoTimer != null) {
            echoTimer.cancel(false);
        }
    }

    private void transition(State next) {
        if (next != state) {
            LOG.debug("openflow peer={} dpid={} state {} -> {}", peer, dpidText(), state, next);
            state = next;
        }
    }

    /** Closes the channel with one log line giving the reason. */
    void closeWith(String reason) {
        if (closeReason == null && state != State.CLOSED) {
            closeReason = reason;
            LOG.warn("openflow peer={} dpid={} closing: {}", peer, dpidText(), reason);
        }
        ctx.close();
    }

    private String dpidText() {
        FeaturesReply f = features;
        return f == null ? "unknown" : f.datapathIdHex();
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        inReadBatch = true;
        try {
            if (state == State.CLOSED || closeReason != null) {
                return;
            }
            InboundMessage in;
            try {
                in = MessageCodec.decode(frame);
            } catch (DecodeException e) {
                closeWith("undecodable " + MessageType.valueOf(frame.getUnsignedByte(frame.readerIndex() + 1))
                        + " xid=0x" + Integer.toHexString(frame.getInt(frame.readerIndex() + 4)) + ": "
                        + e.getMessage());
                return;
            }
            handle(in);
        } catch (RuntimeException e) {
            // Never let a bug or a listener's exception escape into the pipeline.
            closeWith("internal error handling a message: " + e);
        } finally {
            frame.release();
        }
    }

    /**
     * The end of one read from the socket (up to several messages): the packet-outs answered to its packet-ins
     * leave in one flush, so one write system call carries them and the switch wakes up once for all of them.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inReadBatch = false;
        if (flushPending) {
            flushPacketOuts();
        }
        ctx.fireChannelReadComplete();
    }

    /** Flushes the pending packet-outs now, or once the configured delay has gathered more of them. */
    private void flushPacketOuts() {
        if (config.packetOutFlushDelay().isZero()) {
            flushPending = false;
            ctx.flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().schedule(() -> {
                flushScheduled = false;
                if (flushPending) {
                    flushPending = false;
                    ctx.flush();
                }
            }, config.packetOutFlushDelay().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void handle(InboundMessage in) {
        OfMessage m = in.message();
        if (state == State.HELLO_WAIT) {
            if (m instanceof Hello h) {
                negotiate(in, h);
            } else if (m instanceof ErrorMessage e) {
                closeWith("peer refused the hello: " + e.toException(in.xid()).getMessage());
            } else {
                closeWith("expected HELLO, got " + m.type(in.version()) + " xid=0x" + Integer.toHexString(in.xid()));
            }
            return;
        }
        if (!in.version().equals(version)) {
            closeWith("message version " + in.version() + " on a " + version + " connection (" + m.type(in.version())
                    + " xid=0x" + Integer.toHexString(in.xid()) + ")");
            return;
        }
        if (m instanceof EchoRequest e) {
            writeNow(new EchoReply(e.data()), version, in.xid());
            ctx.flush();
            return;
        }
        if (m instanceof PacketIn p) {
            if (state == State.CONNECTED || state == State.CONFIG_WAIT) {
                session.packetIn(p);
            }
            return;
        }
        if (m instanceof ErrorMessage e) {
            handleError(in.xid(), e);
            return;
        }
        if (isAsync(m)) {
            if (state == State.CONNECTED || state == State.CONFIG_WAIT) {
                session.asyncMessage(in);
            }
            return;
        }
        Pending p = pending.get(in.xid());
        if (p == null) {
            if (m instanceof Hello) {
                closeWith("second HELLO after negotiation");
            } else if ((isUnsolicitedKind(m.type(version)) || isFlowUpdate(m)) && (state == State.CONNECTED
                    || state == State.CONFIG_WAIT)) {
                session.asyncMessage(in);
            } else {
                LOG.debug("openflow peer={} dpid={} unsolicited {} xid=0x{}", peer, dpidText(), m.type(version),
                        Integer.toHexString(in.xid()));
            }
            return;
        }
        if (m instanceof MultipartReply mp && p.multipart) {
            p.parts.add(mp.body());
            p.partBytes += mp.body().length;
            if (p.partBytes > config.maxMultipartBytes()) {
                pending.remove(in.xid());
                p.future.completeExceptionally(new OpenFlowException("multipart reply xid=0x"
                        + Integer.toHexString(in.xid()) + " exceeds " + config.maxMultipartBytes() + " bytes"));
                return;
            }
            if (mp.more()) {
                return;
            }
        }
        pending.remove(in.xid());
        p.future.complete(in);
    }

    /** Messages a switch sends on its own (OpenFlow 1.3.5 §6.1.1 asynchronous), never as a reply. */
    private static boolean isAsync(OfMessage m) {
        return m instanceof PortStatus || m instanceof FlowRemoved;
    }

    /** Types a switch may send unasked (OpenFlow 1.4.1 §7.4.4-7.4.6, experimenter messages) besides the above. */
    private static boolean isUnsolicitedKind(MessageType t) {
        return t.equals(MessageType.ROLE_STATUS) || t.equals(MessageType.TABLE_STATUS)
                || t.equals(MessageType.REQUESTFORWARD) || t.equals(MessageType.EXPERIMENTER);
    }

    /**
     * A flow monitor's unsolicited OFPMP_FLOW_MONITOR reply (OpenFlow 1.4.1 §7.3.5.19.2: sent as flows change, with
     * xid 0; every part holds whole updates, so each is delivered on its own).
     */
    private static boolean isFlowUpdate(OfMessage m) {
        return m instanceof MultipartReply mp && mp.multipartType() == MultipartType.FLOW_MONITOR;
    }

    private void handleError(int xid, ErrorMessage e) {
        OpenFlowErrorException ex = e.toException(xid);
        Pending p = pending.remove(xid);
        if (p != null) {
            p.future.completeExceptionally(ex);
            return;
        }
        for (RangeTracker r : ranges) {
            if (r.covers(xid)) {
                r.failed(xid, ex);
                return;
            }
        }
        LOG.warn("openflow peer={} dpid={} error for xid=0x{} with no request waiting: {}", peer, dpidText(),
                Integer.toHexString(xid), ex.getMessage());
    }

    private void negotiate(InboundMessage in, Hello theirs) {
        OfVersion best = null;
        for (OfVersion v : config.versions()) {
            if (theirs.versions().contains(v) && (best == null || v.compareTo(best) > 0)) {
                best = v;
            }
        }
        if (best == null) {
            OfVersion max = config.versions().stream().max(OfVersion::compareTo).orElseThrow();
            String why = "no common OpenFlow version: we offer " + config.versions() + ", peer offers "
                    + theirs.versions();
            writeNow(new ErrorMessage(ErrorCode.HELLO_INCOMPATIBLE.type(), ErrorCode.HELLO_INCOMPATIBLE.code(), 0,
                    why.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), max, in.xid());
            ctx.flush();
            closeWith(why);
            return;
        }
        version = best;
        transition(State.FEATURES_WAIT);
        requestNow(new FeaturesRequest(), false).whenComplete((reply, err) -> {
            if (err != null) {
                closeWith("FEATURES_REQUEST failed: " + err.getMessage());
            } else if (!(reply.message() instanceof FeaturesReply f)) {
                closeWith("expected FEATURES_REPLY, got " + reply.message().type(version));
            } else {
                configure(f);
            }
        });
        ctx.flush();
    }

    private void configure(FeaturesReply f) {
        features = f;
        transition(State.CONFIG_WAIT);
        sendConfig(SwitchConfig.set(0, config.missSendLen()), "SET_CONFIG");
        if (config.packetIn2()) {
            sendConfig(new SetPacketInFormat(SetPacketInFormat.NXT_PACKET_IN2), "NXT_SET_PACKET_IN_FORMAT");
        }
        if (config.asyncConfig() != null) {
            sendConfig(config.asyncConfig(), "SET_ASYNC");
        }
        if (config.role() != null) {
            requestNow(RoleMessage.request(config.role(), config.roleGenerationId()), false)
                    .whenComplete((r, err) -> {
                        if (err != null) {
                            LOG.warn("openflow peer={} dpid={} ROLE_REQUEST {} refused: {}", peer, dpidText(),
                                    config.role(), err.getMessage());
                        }
                    });
        }
        requestNow(SimpleMessage.BARRIER_REQUEST, false).whenComplete((r, err) -> {
            if (err != null) {
                closeWith("handshake barrier failed: " + err.getMessage());
                return;
            }
            transition(State.CONNECTED);
            handshakeTimer.cancel(false);
            LOG.info("openflow peer={} dpid={} connected, {} n_tables={} capabilities=0x{}", peer,
                    f.datapathIdHex(), version, f.nTables(), Long.toHexString(f.capabilities()));
            startEcho();
            session.handshakeDone(this, f);
        });
        ctx.flush();
    }

    /** Sends a handshake message whose errors are logged but do not stop the handshake (e.g. a non-OVS switch). */
    private void sendConfig(OfMessage m, String what) {
        int xid = allocateXid();
        Pending p = new Pending(false);
        pending.put(xid, p);
        p.future.whenComplete((r, err) -> {
            if (err != null) {
                LOG.warn("openflow peer={} dpid={} {} refused: {}", peer, dpidText(), what, err.getMessage());
            }
        });
        writeNow(m, version, xid);
        // No reply on success: the handshake barrier's reply proves it was processed; drop the entry then.
        requestsAfterBarrier.add(xid);
    }

    private final List<Integer> requestsAfterBarrier = new ArrayList<>();

    private void startEcho() {
        for (int xid : requestsAfterBarrier) {
            pending.remove(xid);
        }
        requestsAfterBarrier.clear();
        long interval = config.echoInterval().toNanos();
        echoTimer = ctx.executor().scheduleAtFixedRate(this::echoTick, interval, interval, TimeUnit.NANOSECONDS);
    }

    /** Runs every echo interval; time is counted in ticks so that it follows the event loop's clock. */
    private void echoTick() {
        long now = ++echoTicks * config.echoInterval().toNanos();
        if (echoOutstanding) {
            if (now - echoSentNanos >= config.echoTimeout().toNanos()) {
                closeWith("no ECHO_REPLY within " + config.echoTimeout().toMillis() + " ms");
            }
            return;
        }
        echoOutstanding = true;
        echoSentNanos = now;
        requestNow(new EchoRequest(new byte[0]), false).whenComplete((r, err) -> echoOutstanding = false);
        ctx.flush();
    }

    // ---------------------------------------------------------------- outbound primitives (event loop only)

    int allocateXid() {
        int x = nextXid++;
        if (x == 0) {
            x = nextXid++;
        }
        return x;
    }

    /** Reserves {@code n} consecutive xids not containing 0. */
    private int reserveXids(int n) {
        if (nextXid <= 0 && nextXid + n + 1 > 0) {
            nextXid = 1;
        }
        int first = nextXid;
        nextXid += n;
        return first;
    }

    private void writeNow(OfMessage m, OfVersion v, int xid) {
        ByteBuf b = MessageCodec.encode(m, v, xid, ctx.alloc());
        ctx.write(b, ctx.voidPromise());
    }

    /** Registers a pending reply and writes (no flush). */
    private CompletableFuture<InboundMessage> requestNow(OfMessage m, boolean multipart) {
        int xid = allocateXid();
        Pending p = new Pending(multipart);
        pending.put(xid, p);
        try {
            writeNow(m, version, xid);
        } catch (RuntimeException e) {
            pending.remove(xid);
            p.future.completeExceptionally(e);
        }
        return p.future;
    }

    // ---------------------------------------------------------------- public operations (any thread)

    private boolean usable(CompletableFuture<?> f) {
        if (state != State.CONNECTED) {
            f.completeExceptionally(new ConnectionLostException("openflow connection to " + peer + " is " + state));
            return false;
        }
        return true;
    }

    private void onLoop(Runnable r) {
        if (ctx.executor().inEventLoop()) {
            r.run();
        } else {
            ctx.executor().execute(r);
        }
    }

    CompletableFuture<Void> send(OfMessage m) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(() -> {
            if (usable(f)) {
                submit(new SingleJob(m, allocateXid(), null, f));
            }
        });
        return f;
    }

    CompletableFuture<InboundMessage> request(OfMessage m, boolean multipart) {
        CompletableFuture<InboundMessage> f = new CompletableFuture<>();
        onLoop(() -> {
            if (!usable(f)) {
                return;
            }
            if (pending.size() >= config.maxPendingRequests()) {
                f.completeExceptionally(new BacklogFullException(pending.size() + " requests in flight to " + peer));
                return;
            }
            int xid = allocateXid();
            Pending p = new Pending(multipart);
            p.future = f;
            pending.put(xid, p);
            submit(new SingleJob(m, xid, p, null));
        });
        return f;
    }

    boolean sendPacketOut(PacketOut po) {
        if (state != State.CONNECTED) {
            return false;
        }
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> sendPacketOut(po));
            return true;
        }
        if (!jobs.isEmpty() || !ctx.channel().isWritable()) {
            if (++droppedPacketOuts % 1000 == 1) {
                LOG.warn("openflow peer={} dpid={} send backlog full: dropped {} packet-outs so far", peer,
                        dpidText(), droppedPacketOuts);
            }
            return false;
        }
        ByteBuf b = ctx.alloc().buffer(64 + po.data().length);
        try {
            MessageCodec.encode(po, version, allocateXid(), b);
        } catch (RuntimeException e) {
            b.release();
            LOG.warn("openflow peer={} dpid={} packet-out not encodable: {}", peer, dpidText(), e.getMessage());
            return false;
        }
        if (inReadBatch) {
            // Answering a packet-in of the current read batch: flushed with the others at channelReadComplete.
            ctx.write(b, ctx.voidPromise());
            flushPending = true;
        } else if (!config.packetOutFlushDelay().isZero()) {
            ctx.write(b, ctx.voidPromise());
            flushPending = true;
            flushPacketOuts();
        } else {
            ctx.writeAndFlush(b, ctx.voidPromise());
        }
        return true;
    }

    CompletableFuture<Void> apply(FlowBatch batch) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(() -> {
            if (!usable(f)) {
                return;
            }
            RangeTracker t = new RangeTracker(reserveXids(batch.size()), batch.messages());
            ranges.add(t);
            int barrierXid = allocateXid();
            Pending barrier = new Pending(false);
            pending.put(barrierXid, barrier);
            barrier.future.whenComplete((r, err) -> {
                ranges.remove(t);
                if (err != null) {
                    f.completeExceptionally(err);
                } else if (!t.failures.isEmpty()) {
                    f.completeExceptionally(new FlowBatchException("flow batch to " + peer, t.failures, null));
                } else {
                    f.complete(null);
                }
            });
            submit(new BatchJob(t, -1, 0, barrierXid, f));
        });
        return f;
    }

    CompletableFuture<Void> bundle(FlowBatch batch, boolean atomic) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(() -> {
            if (!usable(f)) {
                return;
            }
            long bundleId = nextBundleId++;
            int flags = atomic ? BundleControl.FLAG_ATOMIC | BundleControl.FLAG_ORDERED : BundleControl.FLAG_ORDERED;
            int openXid = allocateXid();
            Pending open = new Pending(false);
            pending.put(openXid, open);
            submit(new SingleJob(new BundleControl(bundleId, BundleControl.OPEN_REQUEST, flags), openXid, open, null));
            RangeTracker t = new RangeTracker(reserveXids(batch.size()), batch.messages());
            ranges.add(t);
            int barrierXid = allocateXid();
            Pending barrier = new Pending(false);
            pending.put(barrierXid, barrier);
            submit(new BatchJob(t, bundleId, flags, barrierXid, f));
            barrier.future.whenComplete((r, err) -> {
                OpenFlowErrorException openError = open.future.isCompletedExceptionally()
                        ? errorOf(open.future) : null;
                if (err != null) {
                    ranges.remove(t);
                    f.completeExceptionally(err);
                } else if (openError != null || !t.failures.isEmpty()) {
                    ranges.remove(t);
                    if (openError == null) {
                        // Some adds failed: the bundle would commit without them, so throw it away instead.
                        request(new BundleControl(bundleId, BundleControl.DISCARD_REQUEST, flags), false);
                    }
                    f.completeExceptionally(new FlowBatchException("bundle " + bundleId + " to " + peer,
                            t.failures, openError));
                } else {
                    request(new BundleControl(bundleId, BundleControl.COMMIT_REQUEST, flags), false)
                            .whenComplete((c, cerr) -> {
                                ranges.remove(t);
                                if (cerr == null) {
                                    f.complete(null);
                                } else if (cerr instanceof OpenFlowErrorException oe) {
                                    f.completeExceptionally(new FlowBatchException("bundle " + bundleId + " to "
                                            + peer + " commit", t.failures, oe));
                                } else {
                                    f.completeExceptionally(cerr);
                                }
                            });
                }
            });
        });
        return f;
    }

    private static OpenFlowErrorException errorOf(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof OpenFlowErrorException oe ? oe : null;
        } catch (java.util.concurrent.CancellationException e) {
            return null;
        }
    }

    void close() {
        onLoop(() -> {
            if (closeReason == null) {
                closeReason = "closed by controller";
            }
            ctx.close();
        });
    }

    // ---------------------------------------------------------------- the send queue

    private void submit(Job job) {
        if (jobs.size() >= config.maxQueuedJobs()) {
            job.fail(new BacklogFullException(jobs.size() + " jobs queued to " + peer));
            return;
        }
        jobs.add(job);
        pump();
    }

    private void pump() {
        while (!jobs.isEmpty() && state == State.CONNECTED) {
            if (!ctx.channel().isWritable()) {
                break;
            }
            Job j = jobs.peek();
            boolean done;
            try {
                done = j.run();
            } catch (RuntimeException e) {
                jobs.poll();
                j.fail(e);
                continue;
            }
            if (!done) {
                break;
            }
            jobs.poll();
        }
        ctx.flush();
    }

    private interface Job {
        /** Writes (part of) the job; true when finished. */
        boolean run();

        void fail(Throwable t);
    }

    private final class SingleJob implements Job {
        private final OfMessage message;
        private final int xid;
        private final Pending reply;
        private final CompletableFuture<Void> written;

        SingleJob(OfMessage message, int xid, Pending reply, CompletableFuture<Void> written) {
            this.message = message;
            this.xid = xid;
            this.reply = reply;
            this.written = written;
        }

        @Override
        public boolean run() {
            ByteBuf b;
            try {
                b = MessageCodec.encode(message, version, xid, ctx.alloc());
            } catch (RuntimeException e) {
                fail(e);
                return true;
            }
            if (written == null) {
                ctx.write(b, ctx.voidPromise());
            } else {
                ctx.write(b).addListener(w -> {
                    if (w.isSuccess()) {
                        written.complete(null);
                    } else {
                        written.completeExceptionally(new ConnectionLostException("write to " + peer + " failed: "
                                + w.cause()));
                    }
                });
            }
            return true;
        }

        @Override
        public void fail(Throwable t) {
            if (reply != null) {
                pending.remove(xid);
                reply.future.completeExceptionally(t);
            }
            if (written != null) {
                written.completeExceptionally(t);
            }
        }
    }

    /** Writes the batch's messages in 64 KiB chunks as the channel stays writable, then the barrier. */
    private final class BatchJob implements Job {
        private final RangeTracker tracker;
        private final long bundleId;
        private final int bundleFlags;
        private final int barrierXid;
        private final CompletableFuture<Void> result;
        private int next;

        BatchJob(RangeTracker tracker, long bundleId, int bundleFlags, int barrierXid, CompletableFuture<Void> result) {
            this.tracker = tracker;
            this.bundleId = bundleId;
            this.bundleFlags = bundleFlags;
            this.barrierXid = barrierXid;
            this.result = result;
        }

        @Override
        public boolean run() {
            List<OfMessage> msgs = tracker.messages;
            while (next < msgs.size()) {
                ByteBuf chunk = ctx.alloc().buffer(CHUNK + 1024);
                boolean ok = false;
                try {
                    while (next < msgs.size() && chunk.writerIndex() < CHUNK) {
                        int xid = tracker.first + next;
                        OfMessage m = msgs.get(next);
                        if (bundleId >= 0) {
                            m = new BundleAddMessage(bundleId, bundleFlags, xid, m);
                        }
                        MessageCodec.encode(m, version, xid, chunk);
                        next++;
                    }
                    ok = true;
                } finally {
                    if (!ok) {
                        chunk.release();
                    }
                }
                ctx.write(chunk, ctx.voidPromise());
                if (!ctx.channel().isWritable() && next < msgs.size()) {
                    return false;
                }
            }
            writeNow(SimpleMessage.BARRIER_REQUEST, version, barrierXid);
            return true;
        }

        @Override
        public void fail(Throwable t) {
            ranges.remove(tracker);
            Pending b = pending.remove(barrierXid);
            if (b != null) {
                b.future.completeExceptionally(t);
            }
            result.completeExceptionally(t);
        }
    }

    private static final class Pending {
        final boolean multipart;
        CompletableFuture<InboundMessage> future = new CompletableFuture<>();
        List<byte[]> parts;
        long partBytes;

        Pending(boolean multipart) {
            this.multipart = multipart;
            this.parts = multipart ? new ArrayList<>() : null;
        }
    }

    /** Errors whose xid falls in [first, first + count) belong to message index xid - first. */
    private static final class RangeTracker {
        final int first;
        final List<OfMessage> messages;
        final List<FlowBatchException.Failure> failures = new ArrayList<>();

        RangeTracker(int first, List<OfMessage> messages) {
            this.first = first;
            this.messages = messages;
        }

        boolean covers(int xid) {
            return Integer.toUnsignedLong(xid - first) < messages.size();
        }

        void failed(int xid, OpenFlowErrorException e) {
            int i = xid - first;
            failures.add(new FlowBatchException.Failure(i, messages.get(i), e));
        }
    }

    /** Concatenates the parts of a multipart reply held by a completed multipart request. */
    static byte[] concatenatedParts(InboundMessage last, List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        return all;
    }

    /** Multipart request: completes with all parts concatenated. */
    CompletableFuture<byte[]> multipart(OfMessage m) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        CompletableFuture<InboundMessage> inner = new CompletableFuture<>();
        onLoop(() -> {
            if (!usable(f)) {
                return;
            }
            if (pending.size() >= config.maxPendingRequests()) {
                f.completeExceptionally(new BacklogFullException(pending.size() + " requests in flight to " + peer));
                return;
            }
            int xid = allocateXid();
            Pending p = new Pending(true);
            p.future = inner;
            pending.put(xid, p);
            inner.whenComplete((r, err) -> {
                if (err != null) {
                    f.completeExceptionally(err);
                } else if (!(r.message() instanceof MultipartReply)) {
                    f.completeExceptionally(new OpenFlowException("expected MULTIPART_REPLY for xid=0x"
                            + Integer.toHexString(xid) + ", got " + r.message().type(version)));
                } else {
                    f.complete(concatenatedParts(r, p.parts));
                }
            });
            submit(new SingleJob(m, xid, p, null));
        });
        return f;
    }

    static ByteBuf wrap(byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }
}
