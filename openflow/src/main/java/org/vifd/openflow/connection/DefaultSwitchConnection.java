package org.vifd.openflow.connection;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.openflow.ConnectionLostException;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.OpenFlowException;
import org.vifd.openflow.protocol.AggregateStats;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FlowMonitorRequest;
import org.vifd.openflow.protocol.FlowRemoved;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.FlowUpdate;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MultipartBodyDecoder;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.PortDesc;
import org.vifd.openflow.protocol.PortStatus;
import org.vifd.openflow.protocol.Role;
import org.vifd.openflow.protocol.RoleMessage;
import org.vifd.openflow.protocol.SimpleMessage;

/** A switch across its channels: delegates to the current channel's handler. */
final class DefaultSwitchConnection implements SwitchConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSwitchConnection.class);

    private final String name;
    private final SwitchListener listener;
    private final PacketInHandler packetInHandler;
    private volatile OpenFlowChannelHandler handler;
    private volatile FeaturesReply features;
    private volatile long generation;
    private volatile boolean closed;
    private final CompletableFuture<SwitchConnection> firstHandshake = new CompletableFuture<>();
    private Runnable onClose = () -> { };
    private volatile FlowMonitorListener flowMonitorListener;

    DefaultSwitchConnection(String name, SwitchListener listener, PacketInHandler packetInHandler) {
        this.name = name;
        this.listener = listener;
        this.packetInHandler = packetInHandler;
    }

    void onClose(Runnable r) {
        this.onClose = r;
    }

    CompletableFuture<SwitchConnection> firstHandshake() {
        return firstHandshake;
    }

    boolean closedByUser() {
        return closed;
    }

    /** A session that binds a new channel handler to this connection once its handshake is done. */
    OpenFlowChannelHandler.Session session() {
        return new OpenFlowChannelHandler.Session() {
            @Override
            public void handshakeDone(OpenFlowChannelHandler h, FeaturesReply f) {
                attach(h, f);
            }

            @Override
            public void closed(OpenFlowChannelHandler h, String reason, boolean wasConnected) {
                detach(h, reason, wasConnected);
            }

            @Override
            public void packetIn(PacketIn p) {
                deliver(p);
            }

            @Override
            public void asyncMessage(InboundMessage m) {
                deliverAsync(m);
            }
        };
    }

    void attach(OpenFlowChannelHandler h, FeaturesReply f) {
        OpenFlowChannelHandler old = handler;
        handler = h;
        features = f;
        long gen = ++generation;
        if (old != null && old != h) {
            old.close();
        }
        try {
            if (gen == 1) {
                listener.switchConnected(this, f);
            } else {
                LOG.info("openflow switch={} dpid={} reconnected (generation {})", name, f.datapathIdHex(), gen);
                listener.switchReconnected(this, f);
            }
        } catch (RuntimeException e) {
            LOG.warn("openflow switch={} listener failed on connect: {}", name, e.toString());
        }
        firstHandshake.complete(this);
    }

    void detach(OpenFlowChannelHandler h, String reason, boolean wasConnected) {
        if (handler == h) {
            handler = null;
        }
        if (wasConnected) {
            try {
                listener.switchDisconnected(this, reason);
            } catch (RuntimeException e) {
                LOG.warn("openflow switch={} listener failed on disconnect: {}", name, e.toString());
            }
        }
    }

    void deliver(PacketIn p) {
        try {
            packetInHandler.packetIn(this, p);
        } catch (RuntimeException e) {
            LOG.warn("openflow switch={} dpid={} packet-in handler failed: {}", name, dpid(), e.toString());
        }
    }

    void deliverAsync(InboundMessage in) {
        OfMessage m = in.message();
        try {
            if (m instanceof PortStatus ps) {
                LOG.info("openflow switch={} dpid={} port status {} port={} name={}", name, dpid(), ps.reasonName(),
                        ps.port().portNo(), ps.port().name());
                listener.portStatus(this, ps);
            } else if (m instanceof FlowRemoved fr) {
                LOG.debug("openflow switch={} dpid={} flow removed {} table={} cookie=0x{}", name, dpid(),
                        fr.reasonName(), fr.tableId(), Long.toHexString(fr.cookie()));
                listener.flowRemoved(this, fr);
            } else if (m instanceof MultipartReply mp && mp.multipartType() == MultipartType.FLOW_MONITOR) {
                deliverFlowUpdates(in, mp);
            } else {
                listener.asyncMessage(this, m);
            }
        } catch (RuntimeException e) {
            LOG.warn("openflow switch={} dpid={} listener failed on {}: {}", name, dpid(), m.type(in.version()),
                    e.toString());
        }
    }

    private void deliverFlowUpdates(InboundMessage in, MultipartReply mp) {
        FlowMonitorListener l = flowMonitorListener;
        if (l == null) {
            LOG.debug("openflow switch={} dpid={} flow updates xid=0x{} with no flow monitor listener", name, dpid(),
                    Integer.toHexString(in.xid()));
            return;
        }
        List<FlowUpdate> updates;
        try {
            updates = FlowUpdate.decodeAll(Unpooled.wrappedBuffer(mp.body()), in.version());
        } catch (DecodeException e) {
            LOG.warn("openflow switch={} dpid={} undecodable flow updates xid=0x{}: {}", name, dpid(),
                    Integer.toHexString(in.xid()), e.getMessage());
            return;
        }
        LOG.debug("openflow switch={} dpid={} {} flow update(s)", name, dpid(), updates.size());
        l.flowUpdates(this, updates);
    }

    private String dpid() {
        FeaturesReply f = features;
        return f == null ? "unknown" : f.datapathIdHex();
    }

    private OpenFlowChannelHandler current() {
        OpenFlowChannelHandler h = handler;
        return h != null && h.isConnected() ? h : null;
    }

    private <T> CompletableFuture<T> notConnected() {
        return CompletableFuture.failedFuture(new ConnectionLostException("openflow switch " + name
                + " is not connected"));
    }

    @Override
    public long datapathId() {
        FeaturesReply f = features;
        return f == null ? 0 : f.datapathId();
    }

    @Override
    public FeaturesReply features() {
        return features;
    }

    @Override
    public OfVersion version() {
        OpenFlowChannelHandler h = handler;
        return h == null ? null : h.version();
    }

    @Override
    public boolean isConnected() {
        return current() != null;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public String peer() {
        OpenFlowChannelHandler h = handler;
        return h == null ? name : h.peer();
    }

    @Override
    public CompletableFuture<Void> send(OfMessage message) {
        OpenFlowChannelHandler h = current();
        return h == null ? notConnected() : h.send(message);
    }

    @Override
    public CompletableFuture<InboundMessage> request(OfMessage message) {
        OpenFlowChannelHandler h = current();
        return h == null ? notConnected() : h.request(message, false);
    }

    @Override
    public CompletableFuture<byte[]> multipart(MultipartRequest request) {
        return multipart0(request);
    }

    private CompletableFuture<byte[]> multipart0(OfMessage request) {
        OpenFlowChannelHandler h = current();
        return h == null ? notConnected() : h.multipart(request);
    }

    @Override
    public CompletableFuture<List<FlowStats>> flowStats(FlowStatsRequest request) {
        OpenFlowChannelHandler h = current();
        if (h == null) {
            return notConnected();
        }
        OfVersion v = h.version();
        return h.multipart(request).thenApply(body -> {
            try {
                return FlowStats.decodeAll(Unpooled.wrappedBuffer(body), v);
            } catch (DecodeException e) {
                throw new OpenFlowException("flow stats reply from " + name + " undecodable: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public CompletableFuture<AggregateStats> aggregateStats(FlowStatsRequest request) {
        OpenFlowChannelHandler h = current();
        if (h == null) {
            return notConnected();
        }
        OfVersion v = h.version();
        return h.multipart(request.asAggregate()).thenApply(body -> {
            try {
                return AggregateStats.decode(Unpooled.wrappedBuffer(body), v);
            } catch (DecodeException e) {
                throw new OpenFlowException("aggregate reply from " + name + " undecodable: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public CompletableFuture<List<PortDesc>> portDescriptions() {
        return decoded(MultipartRequest.portDesc(), "port desc", PortDesc::decodeAll);
    }

    @Override
    public <T> CompletableFuture<T> multipart(MultipartRequest request, MultipartBodyDecoder<T> decoder) {
        return decoded(request, "multipart type " + request.multipartType(), decoder);
    }

    private <T> CompletableFuture<T> decoded(OfMessage request, String what, MultipartBodyDecoder<T> decoder) {
        OpenFlowChannelHandler h = current();
        if (h == null) {
            return notConnected();
        }
        OfVersion v = h.version();
        return h.multipart(request).thenApply(body -> {
            try {
                return decoder.decode(Unpooled.wrappedBuffer(body), v);
            } catch (DecodeException e) {
                throw new OpenFlowException(what + " reply from " + name + " undecodable: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new OpenFlowException(what + " reply from " + name + " undecodable: " + e, e);
            }
        });
    }

    @Override
    public CompletableFuture<List<FlowUpdate>> startFlowMonitor(List<FlowMonitorRequest> monitors,
                                                                FlowMonitorListener listener) {
        OpenFlowChannelHandler h = current();
        if (h == null) {
            return notConnected();
        }
        if (h.version().compareTo(OfVersion.OF_1_4) < 0) {
            return CompletableFuture.failedFuture(new OpenFlowException("flow monitors need OpenFlow 1.4 or later; "
                    + name + " negotiated " + h.version()));
        }
        // Set before the request leaves: the switch may report a change right after its reply.
        flowMonitorListener = java.util.Objects.requireNonNull(listener, "listener");
        LOG.info("openflow switch={} dpid={} starting {} flow monitor(s)", name, dpid(), monitors.size());
        return decoded(FlowMonitorRequest.toMultipart(monitors), "flow monitor", FlowUpdate::decodeAll);
    }

    @Override
    public CompletableFuture<Void> barrier() {
        return request(SimpleMessage.BARRIER_REQUEST).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> apply(FlowBatch batch) {
        OpenFlowChannelHandler h = current();
        return h == null ? notConnected() : h.apply(batch);
    }

    @Override
    public CompletableFuture<Void> bundle(FlowBatch batch, boolean atomic) {
        OpenFlowChannelHandler h = current();
        return h == null ? notConnected() : h.bundle(batch, atomic);
    }

    @Override
    public CompletableFuture<RoleMessage> requestRole(Role role, long generationId) {
        return request(RoleMessage.request(role, generationId)).thenApply(r -> {
            if (r.message() instanceof RoleMessage rm) {
                return rm;
            }
            throw new OpenFlowException("expected ROLE_REPLY from " + name + ", got " + r.message());
        });
    }

    @Override
    public boolean sendPacketOut(PacketOut packetOut) {
        OpenFlowChannelHandler h = current();
        return h != null && h.sendPacketOut(packetOut);
    }

    @Override
    public CompletableFuture<Void> close() {
        closed = true;
        OpenFlowChannelHandler h = handler;
        onClose.run();
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        h.context().channel().closeFuture().addListener(x -> f.complete(null));
        h.close();
        return f;
    }

    @Override
    public String toString() {
        return "SwitchConnection[" + name + " dpid=" + dpid() + " gen=" + generation + "]";
    }
}
