package org.vifd.agent.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.dhcp.Lease;

/**
 * The agent's HTTP status endpoint (Netty's HTTP codec, meant for loopback):
 * <ul>
 * <li>{@code GET /healthz}: 200 {@code ok ...} or 503 with the reason;</li>
 * <li>{@code GET /metrics}: the {@link AgentMetrics} in Prometheus text format 0.0.4;</li>
 * <li>{@code GET /ports}: every port's {@link PortReport} as a JSON array, with a {@code dhcp} object
 * ({@code problem}, {@code reason}, {@code at}) for a port with a DHCP problem ({@link DhcpPortProblem});</li>
 * <li>{@code GET /leases}: the latest DHCP lease event per address as a JSON array ({@code mac}, {@code ip},
 * {@code hostname}, {@code state}, {@code expiry} in ISO-8601 UTC), once {@link #leases} is set.</li>
 * </ul>
 * Handlers read published snapshots through suppliers that must not block: they run on the server's event loop.
 * Requests are small: a body beyond the limit is refused (413), a malformed or oversized head answered 400, and
 * the connection closed.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_SIZE = 8192;
    static final int MAX_BODY = 8192;
    static final int IDLE_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final InetSocketAddress listen;
    private final AgentMetrics metrics;
    private final Supplier<List<PortReport>> ports;
    private final Supplier<Health> health;
    private volatile Supplier<List<Lease>> leases = List::of;
    private volatile Function<String, DhcpPortProblem> dhcpProblems = id -> null;
    private final PrometheusTextFormatWriter textFormat = PrometheusTextFormatWriter.create();
    private EventLoopGroup group;
    private Channel server;

    public StatusServer(InetSocketAddress listen, AgentMetrics metrics, Supplier<List<PortReport>> ports,
                        Supplier<Health> health) {
        this.listen = Objects.requireNonNull(listen, "listen");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.health = Objects.requireNonNull(health, "health");
    }

    /** Where {@code /leases} reads from (the DHCP lease table); must not block. Call before {@link #start}. */
    public StatusServer leases(Supplier<List<Lease>> leases) {
        this.leases = Objects.requireNonNull(leases, "leases");
        return this;
    }

    /**
     * Where each {@code /ports} row's {@code dhcp} member (the port's last DHCP problem, absent when none) is read
     * from; must not block. Call before {@link #start}.
     */
    public StatusServer dhcpProblems(Function<String, DhcpPortProblem> problems) {
        this.dhcpProblems = Objects.requireNonNull(problems, "problems");
        return this;
    }

    /** Binds; completes with the bound address (the real port when {@code listen} asked for port 0). */
    public synchronized CompletableFuture<InetSocketAddress> start() {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_BODY));
                        ch.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
                        ch.pipeline().addLast(new Handler());
                    }
                })
                .bind(listen).addListener(f -> {
                    if (f.isSuccess()) {
                        synchronized (this) {
                            server = ((io.netty.channel.ChannelFuture) f).channel();
                        }
                        InetSocketAddress a = (InetSocketAddress) server.localAddress();
                        LOG.info("status server listening on {}:{}", a.getHostString(), a.getPort());
                        bound.complete(a);
                    } else {
                        bound.completeExceptionally(new IOException("status_listen " + listen.getHostString() + ":"
                                + listen.getPort() + ": " + f.cause().getMessage(), f.cause()));
                    }
                });
        return bound;
    }

    /** The bound address, or null before {@link #start()} completed. */
    public synchronized InetSocketAddress address() {
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Answers one request at a time per connection; never throws out of the pipeline. */
    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (req.decoderResult().isFailure()) {
                LOG.warn("status: bad request from {}: {}", ctx.channel().remoteAddress(),
                        req.decoderResult().cause().toString());
                send(ctx, req, text(HttpResponseStatus.BAD_REQUEST, "bad request\n"), true);
                return;
            }
            FullHttpResponse res;
            try {
                res = route(req);
            } catch (RuntimeException | IOException e) {
                LOG.error("status: {} {} failed: {}", req.method(), req.uri(), e.toString(), e);
                res = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e + "\n");
            }
            send(ctx, req, res, false);
        }

        private FullHttpResponse route(FullHttpRequest req) throws IOException {
            String path = new QueryStringDecoder(req.uri()).path();
            if (!req.method().equals(HttpMethod.GET)) {
                FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
                r.headers().set(HttpHeaderNames.ALLOW, "GET");
                return r;
            }
            switch (path) {
                case "/healthz": {
                    Health h = health.get();
                    return text(h.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            (h.healthy() ? "ok" : "failing") + (h.detail().isEmpty() ? "" : ": " + h.detail())
                                    + "\n");
                }
                case "/metrics":
                    return metricsResponse();
                case "/ports":
                    return portsResponse();
                case "/leases":
                    return leasesResponse();
                default:
                    return text(HttpResponseStatus.NOT_FOUND, "not found: " + path + " (try /healthz, /metrics, "
                            + "/ports, /leases)\n");
            }
        }

        private FullHttpResponse metricsResponse() throws IOException {
            ByteBuf buf = Unpooled.buffer(4096);
            boolean ok = false;
            try {
                try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
                    textFormat.write(out, metrics.registry().scrape());
                }
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, buf);
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, textFormat.getContentType());
                ok = true;
                return r;
            } finally {
                if (!ok) {
                    buf.release();
                }
            }
        }

        private FullHttpResponse portsResponse() throws IOException {
            ArrayNode list = JSON.createArrayNode();
            for (PortReport p : ports.get()) {
                ObjectNode o = list.addObject();
                o.put("port_id", p.portId());
                o.put("iface", p.iface());
                o.put("ofport", p.ofport());
                o.put("network_id", p.networkId());
                o.put("local_vlan", p.localVlan());
                o.put("state", p.state().text());
                o.put("reason", p.reason());
                o.put("last_error", p.lastError());
                DhcpPortProblem dhcp = dhcpProblems.apply(p.portId());
                if (dhcp != null) {
                    ObjectNode d = o.putObject("dhcp");
                    d.put("problem", dhcp.kind());
                    d.put("reason", dhcp.reason());
                    d.put("at", dhcp.at().toString());
                }
            }
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(JSON.writeValueAsBytes(list)));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            return r;
        }

        private FullHttpResponse leasesResponse() throws IOException {
            ArrayNode list = JSON.createArrayNode();
            for (Lease l : leases.get()) {
                ObjectNode o = list.addObject();
                o.put("mac", l.mac().toString());
                o.put("ip", l.ip().toString());
                o.put("hostname", l.hostname());
                o.put("state", l.state().name().toLowerCase(java.util.Locale.ROOT));
                o.put("expiry", Instant.ofEpochMilli(l.expiresAtMillis()).toString());
            }
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(JSON.writeValueAsBytes(list)));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            return r;
        }

        private void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res, boolean close) {
            boolean keepAlive = !close && HttpUtil.isKeepAlive(req);
            HttpUtil.setContentLength(res, res.content().readableBytes());
            if (keepAlive) {
                HttpUtil.setKeepAlive(res, true);
                ctx.writeAndFlush(res);
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("status: connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }
}
