package org.vifd.ovsdb.client;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import org.vifd.ovsdb.jsonrpc.JsonFrameDecoder;
import org.vifd.ovsdb.jsonrpc.JsonRpcHandler;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OvsdbClient} connects and what it accepts. {@code eventLoopGroup} null uses a shared group of
 * daemon threads. {@code probeInterval} zero turns the echo probe off.
 */
public record OvsdbClientOptions(int maxMessageBytes, int maxDepth, int maxInFlight, Duration connectTimeout,
                                 Duration probeInterval, boolean validateBeforeSend, EventLoopGroup eventLoopGroup,
                                 SslContext sslContext) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final OvsdbClientOptions DEFAULTS = builder().build();

    public OvsdbClientOptions {
        if (maxMessageBytes < 2) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 2, got " + maxMessageBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(probeInterval, "probeInterval");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().maxMessageBytes(maxMessageBytes).maxDepth(maxDepth).maxInFlight(maxInFlight)
                .connectTimeout(connectTimeout).probeInterval(probeInterval).validateBeforeSend(validateBeforeSend)
                .eventLoopGroup(eventLoopGroup).sslContext(sslContext);
    }

    /** Builds options; every setting starts at its DEFAULT. */
    public static final class Builder {
        private int maxMessageBytes = JsonFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES;
        private int maxDepth = JsonFrameDecoder.DEFAULT_MAX_DEPTH;
        private int maxInFlight = JsonRpcHandler.DEFAULT_MAX_IN_FLIGHT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration probeInterval = Duration.ZERO;
        private boolean validateBeforeSend = true;
        private EventLoopGroup eventLoopGroup;
        private SslContext sslContext;

        public Builder maxMessageBytes(int v) {
            maxMessageBytes = v;
            return this;
        }

        public Builder maxDepth(int v) {
            maxDepth = v;
            return this;
        }

        public Builder maxInFlight(int v) {
            maxInFlight = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder probeInterval(Duration v) {
            probeInterval = v;
            return this;
        }

        /** Validate every transaction against the database's schema (fetched once) before sending it. */
        public Builder validateBeforeSend(boolean v) {
            validateBeforeSend = v;
            return this;
        }

        public Builder eventLoopGroup(EventLoopGroup v) {
            eventLoopGroup = v;
            return this;
        }

        /**
         * TLS for {@code ssl:} remotes (a client context) and {@code pssl:} listeners (a server context); see
         * {@link org.vifd.ovsdb.transport.OvsdbTls} for contexts with Open vSwitch's trust model.
         */
        public Builder sslContext(SslContext v) {
            sslContext = v;
            return this;
        }

        public OvsdbClientOptions build() {
            return new OvsdbClientOptions(maxMessageBytes, maxDepth, maxInFlight, connectTimeout, probeInterval,
                    validateBeforeSend, eventLoopGroup, sslContext);
        }
    }
}
