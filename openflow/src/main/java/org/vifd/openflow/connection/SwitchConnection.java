package org.vifd.openflow.connection;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.AggregateStats;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FlowMonitorRequest;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.FlowUpdate;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.MultipartBodyDecoder;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.PortDesc;
import org.vifd.openflow.protocol.Role;
import org.vifd.openflow.protocol.RoleMessage;

/**
 * One switch. Survives reconnects: the same object is handed to listeners on reconnect, with a new
 * {@link #generation()}. Every method may be called from any thread; work runs on the channel's event loop.
 * Every failure completes the returned future exceptionally: {@link org.vifd.openflow.OpenFlowErrorException} (the
 * switch's ERROR for that xid), {@link org.vifd.openflow.ConnectionLostException} (not connected, or closed before
 * the reply — the request may have been applied), {@link org.vifd.openflow.BacklogFullException},
 * {@link org.vifd.openflow.FlowBatchException}.
 */
public interface SwitchConnection {
    /** Datapath id from the last FEATURES_REPLY (0 before the first handshake). */
    long datapathId();

    /** The last FEATURES_REPLY, or null before the first handshake. */
    FeaturesReply features();

    /** Negotiated version of the current connection. */
    OfVersion version();

    boolean isConnected();

    /** Bumped on each successful handshake. */
    long generation();

    /** Remote address text, for logs. */
    String peer();

    /** Sends a message that has no reply; completes when written. Errors the switch sends later are logged. */
    CompletableFuture<Void> send(OfMessage message);

    /** Sends a request and completes with its (single-part) reply, or the ERROR for its xid. */
    CompletableFuture<InboundMessage> request(OfMessage message);

    /** Sends a multipart request and completes with the concatenated bodies of all reply parts. */
    CompletableFuture<byte[]> multipart(MultipartRequest request);

    /** Flow stats, all parts reassembled and decoded. */
    CompletableFuture<List<FlowStats>> flowStats(FlowStatsRequest request);

    CompletableFuture<AggregateStats> aggregateStats(FlowStatsRequest request);

    /** Every port of the switch (OFPMP_PORT_DESC), all parts reassembled and decoded. */
    CompletableFuture<List<PortDesc>> portDescriptions();

    /**
     * Any multipart request, its reassembled reply body decoded by {@code decoder} (e.g. {@code PortStats::decodeAll}
     * with {@code MultipartRequests.portStats(OfPort.ANY)}). An undecodable body fails the future with
     * {@link org.vifd.openflow.OpenFlowException}.
     */
    <T> CompletableFuture<T> multipart(MultipartRequest request, MultipartBodyDecoder<T> decoder);

    /**
     * Starts flow monitors (OFPMP_FLOW_MONITOR, OpenFlow 1.4.1 §7.3.5.19; the connection must have negotiated 1.4 or
     * later, else the future fails with {@link org.vifd.openflow.OpenFlowException}). Completes with the updates of
     * the switch's reply (the INITIAL flows, for monitors with {@code FlowMonitorRequest.INITIAL}); every update the
     * switch sends afterwards goes to {@code listener}, which replaces any listener given before. Flow updates carry
     * no monitor id: one listener hears them all. Monitors end with the connection: after
     * {@link SwitchListener#switchReconnected} start them again (and re-read the flows).
     */
    default CompletableFuture<List<FlowUpdate>> startFlowMonitor(List<FlowMonitorRequest> monitors,
                                                                 FlowMonitorListener listener) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getName()
                + " does not implement flow monitors"));
    }

    /** A barrier: completes when everything sent before it has been processed. */
    CompletableFuture<Void> barrier();

    /**
     * Pipelines all messages of the batch, each with its own xid, followed by one barrier. Completes normally if none
     * failed, else with {@link org.vifd.openflow.FlowBatchException} listing each failed message (the others were
     * applied).
     */
    CompletableFuture<Void> apply(FlowBatch batch);

    /**
     * Applies the batch as one bundle (OpenFlow 1.4 bundles, or the ONF extension in 1.3): open, add each, barrier,
     * commit. With {@code atomic}, all or nothing; on any failure the bundle is discarded and the future fails with
     * {@link org.vifd.openflow.FlowBatchException}.
     */
    CompletableFuture<Void> bundle(FlowBatch batch, boolean atomic);

    CompletableFuture<RoleMessage> requestRole(Role role, long generationId);

    /**
     * Hot path: writes a packet-out without allocating a future; returns false (and drops it) when not connected or
     * the send backlog is full.
     */
    boolean sendPacketOut(PacketOut packetOut);

    /** Closes the connection; an active connection stops reconnecting. */
    CompletableFuture<Void> close();
}
