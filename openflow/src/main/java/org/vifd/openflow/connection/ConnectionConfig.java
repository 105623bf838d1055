package org.vifd.openflow.connection;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.AsyncConfig;
import org.vifd.openflow.protocol.Role;

/**
 * How connections behave. Defaults: offer OpenFlow 1.3 and 1.4, miss_send_len 65535 (asynchronous messages on, also
 * on OVS service connections), NXT_PACKET_IN2 format, echo every 5 s with a 5 s reply timeout, 10 s handshake
 * timeout, 64 KiB maximum message, reconnect backoff 100 ms..8 s, at most 100,000 requests in flight and 10,000
 * queued jobs, 4 MiB write high water mark, packet-outs flushed at the end of the read that asked for them
 * ({@code packetOutFlushDelay} zero).
 */
public record ConnectionConfig(List<OfVersion> versions, int maxMessageLength, int missSendLen,
                               boolean packetIn2, AsyncConfig asyncConfig, Role role, long roleGenerationId,
                               Duration echoInterval, Duration echoTimeout, Duration handshakeTimeout,
                               Duration backoffMin, Duration backoffMax, int maxPendingRequests, int maxQueuedJobs,
                               int writeHighWaterMark, long maxMultipartBytes, SslContext clientSsl,
                               SslContext serverSsl, Duration packetOutFlushDelay) {
    public static final ConnectionConfig DEFAULT = builder().build();

    public ConnectionConfig {
        versions = List.copyOf(versions);
        if (versions.isEmpty() || !versions.stream().allMatch(OfVersion::isSupported)) {
            throw new IllegalArgumentException("versions must be a non-empty subset of 1.3..1.5: " + versions);
        }
        if (maxMessageLength < 8 || maxMessageLength > 0xffff) {
            throw new IllegalArgumentException("maxMessageLength must be 8..65535, got " + maxMessageLength);
        }
        Objects.requireNonNull(echoInterval, "echoInterval");
        Objects.requireNonNull(echoTimeout, "echoTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(packetOutFlushDelay, "packetOutFlushDelay");
        if (packetOutFlushDelay.isNegative() || packetOutFlushDelay.compareTo(Duration.ofMillis(10)) > 0) {
            throw new IllegalArgumentException("packetOutFlushDelay must be 0..10 ms, got " + packetOutFlushDelay);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.versions = versions;
        b.maxMessageLength = maxMessageLength;
        b.missSendLen = missSendLen;
        b.packetIn2 = packetIn2;
        b.asyncConfig = asyncConfig;
        b.role = role;
        b.roleGenerationId = roleGenerationId;
        b.echoInterval = echoInterval;
        b.echoTimeout = echoTimeout;
        b.handshakeTimeout = handshakeTimeout;
        b.backoffMin = backoffMin;
        b.backoffMax = backoffMax;
        b.maxPendingRequests = maxPendingRequests;
        b.maxQueuedJobs = maxQueuedJobs;
        b.writeHighWaterMark = writeHighWaterMark;
        b.maxMultipartBytes = maxMultipartBytes;
        b.clientSsl = clientSsl;
        b.serverSsl = serverSsl;
        b.packetOutFlushDelay = packetOutFlushDelay;
        return b;
    }

    public static final class Builder {
        private List<OfVersion> versions = List.of(OfVersion.OF_1_3, OfVersion.OF_1_4);
        private int maxMessageLength = 0xffff;
        private int missSendLen = 0xffff;
        private boolean packetIn2 = true;
        private AsyncConfig asyncConfig;
        private Role role;
        private long roleGenerationId;
        private Duration echoInterval = Duration.ofSeconds(5);
        private Duration echoTimeout = Duration.ofSeconds(5);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration packetOutFlushDelay = Duration.ZERO;
        private Duration backoffMin = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(8);
        private int maxPendingRequests = 100_000;
        private int maxQueuedJobs = 10_000;
        private int writeHighWaterMark = 4 << 20;
        private long maxMultipartBytes = 256L << 20;
        private SslContext clientSsl;
        private SslContext serverSsl;

        /** Versions to offer in HELLO; the highest common one is used. */
        public Builder versions(OfVersion... versions) {
            this.versions = List.of(versions);
            return this;
        }

        public Builder maxMessageLength(int n) {
            this.maxMessageLength = n;
            return this;
        }

        /** SET_CONFIG miss_send_len; 0 keeps an OVS service connection silent. */
        public Builder missSendLen(int n) {
            this.missSendLen = n;
            return this;
        }

        /** Ask for NXT_PACKET_IN2 (OVS extension) so controller userdata arrives. */
        public Builder packetIn2(boolean on) {
            this.packetIn2 = on;
            return this;
        }

        /** SET_ASYNC sent in the handshake, or null to leave the switch's default. */
        public Builder asyncConfig(AsyncConfig c) {
            this.asyncConfig = c;
            return this;
        }

        /** ROLE_REQUEST sent in the handshake, or null for none. */
        public Builder role(Role role, long generationId) {
            this.role = role;
            this.roleGenerationId = generationId;
            return this;
        }

        public Builder echoInterval(Duration d) {
            this.echoInterval = d;
            return this;
        }

        public Builder echoTimeout(Duration d) {
            this.echoTimeout = d;
            return this;
        }

        public Builder handshakeTimeout(Duration d) {
            this.handshakeTimeout = d;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            this.backoffMin = min;
            this.backoffMax = max;
            return this;
        }

        public Builder maxPendingRequests(int n) {
            this.maxPendingRequests = n;
            return this;
        }

        public Builder maxQueuedJobs(int n) {
            this.maxQueuedJobs = n;
            return this;
        }

        public Builder writeHighWaterMark(int bytes) {
            this.writeHighWaterMark = bytes;
            return this;
        }

        public Builder maxMultipartBytes(long bytes) {
            this.maxMultipartBytes = bytes;
            return this;
        }

        /** TLS for ssl: targets. */
        public Builder clientSsl(SslContext ctx) {
            this.clientSsl = ctx;
            return this;
        }

        /** TLS for pssl: listeners. */
        public Builder serverSsl(SslContext ctx) {
            this.serverSsl = ctx;
            return this;
        }

        /**
         * How long packet-outs may wait for company before they are flushed (0..10 ms; default 0: at the end of
         * the socket read whose packet-ins they answer). A controller answering many packet-ins trades this much
         * latency for fewer writes, and so fewer wake-ups of ovs-vswitchd's main loop, which costs CPU per
         * wake-up on a loaded host.
         */
        public Builder packetOutFlushDelay(Duration d) {
            this.packetOutFlushDelay = d;
            return this;
        }

        public ConnectionConfig build() {
            return new ConnectionConfig(versions, maxMessageLength, missSendLen, packetIn2, asyncConfig, role,
                    roleGenerationId, echoInterval, echoTimeout, handshakeTimeout, backoffMin, backoffMax,
                    maxPendingRequests, maxQueuedJobs, writeHighWaterMark, maxMultipartBytes, clientSsl, serverSsl,
                    packetOutFlushDelay);
        }
    }
}
