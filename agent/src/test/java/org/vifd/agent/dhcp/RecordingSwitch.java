package org.vifd.agent.dhcp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.protocol.AggregateStats;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.Role;
import org.vifd.openflow.protocol.RoleMessage;

/** A switch that records the packet-outs of the hot path and the batches applied; nothing else is used. */
final class RecordingSwitch implements SwitchConnection {
    final List<PacketOut> packetOuts = new CopyOnWriteArrayList<>();
    final List<FlowBatch> batches = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;
    /** While set, {@link #apply} fails (as a switch's error reply would). */
    volatile boolean failApply;

    @Override
    public boolean sendPacketOut(PacketOut packetOut) {
        if (!connected) {
            return false;
        }
        packetOuts.add(packetOut);
        return true;
    }

    @Override
    public long datapathId() {
        return 0x42;
    }

    @Override
    public FeaturesReply features() {
        return null;
    }

    @Override
    public OfVersion version() {
        return OfVersion.OF_1_3;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public long generation() {
        return 1;
    }

    @Override
    public String peer() {
        return "test-switch";
    }

    private static <T> CompletableFuture<T> unused() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not used by the hot path"));
    }

    @Override
    public CompletableFuture<Void> send(OfMessage message) {
        return unused();
    }

    @Override
    public CompletableFuture<InboundMessage> request(OfMessage message) {
        return unused();
    }

    @Override
    public <T> CompletableFuture<T> multipart(MultipartRequest request,
                                              org.vifd.openflow.protocol.MultipartBodyDecoder<T> decoder) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("multipart"));
    }

    @Override
    public CompletableFuture<List<org.vifd.openflow.protocol.PortDesc>> portDescriptions() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("portDescriptions"));
    }

    @Override
    public CompletableFuture<byte[]> multipart(MultipartRequest request) {
        return unused();
    }

    @Override
    public CompletableFuture<List<FlowStats>> flowStats(FlowStatsRequest request) {
        return unused();
    }

    @Override
    public CompletableFuture<AggregateStats> aggregateStats(FlowStatsRequest request) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> barrier() {
        return unused();
    }

    @Override
    public CompletableFuture<Void> apply(FlowBatch batch) {
        if (failApply) {
            return CompletableFuture.failedFuture(new IllegalStateException("OFPMMFC_METER_EXISTS (test)"));
        }
        batches.add(batch);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> bundle(FlowBatch batch, boolean atomic) {
        return unused();
    }

    @Override
    public CompletableFuture<RoleMessage> requestRole(Role role, long generationId) {
        return unused();
    }

    @Override
    public CompletableFuture<Void> close() {
        connected = false;
        return CompletableFuture.completedFuture(null);
    }
}
