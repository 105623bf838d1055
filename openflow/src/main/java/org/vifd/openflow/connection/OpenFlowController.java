package org.vifd.openflow.connection;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.openflow.OpenFlowException;

/**
 * Entry point: owns the event loops, makes active connections ({@link #connect}) that reconnect with backoff, and
 * listens for switches ({@link #listen}) identified by datapath id.
 *
 * <p>Transport: Netty's native epoll where it loads (Linux; the library is bundled), else NIO. Epoll reads and
 * writes with fewer system calls and wakes the loop with an eventfd; on the packet-in/packet-out hot path that is
 * a large share of the controller's CPU per message. A caller's own {@link Builder#group group} decides by its type.
 */
public final class OpenFlowController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenFlowController.class);

    private final ConnectionConfig config;
    private final SwitchListener listener;
    private final PacketInHandler packetInHandler;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final boolean epoll;
    private final Map<Long, DefaultSwitchConnection> passiveByDpid = new ConcurrentHashMap<>();
    private final Map<String, Channel> servers = new ConcurrentHashMap<>();
    private final Map<DefaultSwitchConnection, Boolean> active = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private OpenFlowController(Builder b) {
        this.config = b.config;
        this.listener = b.listener;
        this.packetInHandler = b.packetInHandler;
        this.ownsGroup = b.group == null;
        this.group = b.group != null ? b.group : new MultiThreadIoEventLoopGroup(b.threads,
                b.nativeTransport && Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.epoll = group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
    }

    /** True when the connections use the native epoll transport (else NIO). */
    public boolean nativeTransport() {
        return epoll;
    }

    private Class<? extends Channel> channelClass(boolean unix) {
        if (epoll) {
            return unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
        }
        return unix ? NioDomainSocketChannel.class : NioSocketChannel.class;
    }

    private Class<? extends ServerChannel> serverChannelClass(boolean unix) {
        if (epoll) {
            return unix ? EpollServerDomainSocketChannel.class : EpollServerSocketChannel.class;
        }
        return unix ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Epoll's domain sockets take Netty's own address type; NIO's take the JDK's. */
    private SocketAddress socketAddress(Target t) {
        SocketAddress addr = t.address();
        if (epoll && addr instanceof UnixDomainSocketAddress ua) {
            return new DomainSocketAddress(ua.getPath().toString());
        }
        if (addr instanceof InetSocketAddress isa && isa.isUnresolved()) {
            return new InetSocketAddress(isa.getHostString(), isa.getPort());
        }
        return addr;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ConnectionConfig config() {
        return config;
    }

    /**
     * Connects to {@code unix:PATH}, {@code tcp:IP:PORT} or {@code ssl:IP:PORT} and keeps reconnecting with backoff
     * until the returned connection is closed. The future completes at the first successful handshake.
     */
    public CompletableFuture<SwitchConnection> connect(String target) {
        Target t = Target.parse(target);
        if (t.passive()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(target + " is passive: use listen"));
        }
        if (t.ssl() && config.clientSsl() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(target
                    + " needs ConnectionConfig.clientSsl"));
        }
        DefaultSwitchConnection c = new DefaultSwitchConnection(target, listener, packetInHandler);
        active.put(c, Boolean.TRUE);
        Backoff backoff = new Backoff(config.backoffMin(), config.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        c.onClose(() -> active.remove(c));
        attempt(c, t, backoff);
        return c.firstHandshake();
    }

    private void attempt(DefaultSwitchConnection c, Target t, Backoff backoff) {
        if (closed || c.closedByUser()) {
            return;
        }
        OpenFlowChannelHandler.Session inner = c.session();
        OpenFlowChannelHandler.Session session = new OpenFlowChannelHandler.Session() {
            @Override
            public void handshakeDone(OpenFlowChannelHandler h, org.vifd.openflow.protocol.FeaturesReply f) {
                backoff.reset();
                inner.handshakeDone(h, f);
            }

            @Override
            public void closed(OpenFlowChannelHandler h, String reason, boolean wasConnected) {
                inner.closed(h, reason, wasConnected);
                scheduleRetry(c, t, backoff, reason);
            }

            @Override
            public void packetIn(org.vifd.openflow.protocol.PacketIn p) {
                inner.packetIn(p);
            }

            @Override
            public void asyncMessage(org.vifd.openflow.protocol.InboundMessage m) {
                inner.asyncMessage(m);
            }
        };
        Bootstrap b = new Bootstrap().group(group)
                .channel(channelClass(t.unix()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.handshakeTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .handler(initializer(t.ssl() ? config.clientSsl() : null, session));
        if (!t.unix()) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        ChannelFuture cf = b.connect(socketAddress(t));
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                scheduleRetry(c, t, backoff, "connect failed: " + f.cause());
            }
        });
    }

    private void scheduleRetry(DefaultSwitchConnection c, Target t, Backoff backoff, String reason) {
        if (closed || c.closedByUser()) {
            return;
        }
        long delay = backoff.next().toMillis();
        LOG.info("openflow target={} down ({}); reconnecting in {} ms", t, reason, delay);
        try {
            group.schedule(() -> attempt(c, t, backoff), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down.
        }
    }

    private WriteBufferWaterMark waterMark() {
        int high = config.writeHighWaterMark();
        return new WriteBufferWaterMark(high / 2, high);
    }

    private ChannelInitializer<Channel> initializer(SslContext ssl, OpenFlowChannelHandler.Session session) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                setUp(ch, ssl, session);
            }
        };
    }

    /** The pipeline of every OpenFlow channel: [TLS], frame decoder (length checked), protocol handler. */
    private void setUp(Channel ch, SslContext ssl, OpenFlowChannelHandler.Session session) {
        if (ssl != null) {
            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
        }
        ch.pipeline().addLast(new OpenFlowFrameDecoder(config.maxMessageLength()));
        ch.pipeline().addLast(new OpenFlowChannelHandler(config, session));
    }

    /**
     * Listens on {@code ptcp:PORT[:IP]}, {@code pssl:PORT[:IP]} or {@code punix:PATH}; each switch that connects is
     * identified by its datapath id, so a switch that comes back is reported as reconnected on the same
     * {@link SwitchConnection}. Completes with the bound address (ptcp:0 picks a free port).
     */
    public CompletableFuture<SocketAddress> listen(String target) {
        Target t = Target.parse(target);
        if (!t.passive()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(target + " is active: use connect"));
        }
        if (t.ssl() && config.serverSsl() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(target
                    + " needs ConnectionConfig.serverSsl"));
        }
        if (t.unix()) {
            try {
                Files.deleteIfExists(((UnixDomainSocketAddress) t.address()).getPath());
            } catch (java.io.IOException e) {
                return CompletableFuture.failedFuture(new OpenFlowException("cannot remove stale " + target, e));
            }
        }
        ServerBootstrap sb = new ServerBootstrap().group(group)
                .channel(serverChannelClass(t.unix()))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        setUp(ch, t.ssl() ? config.serverSsl() : null, passiveSession());
                    }
                });
        CompletableFuture<SocketAddress> f = new CompletableFuture<>();
        sb.bind(socketAddress(t)).addListener((ChannelFuture cf) -> {
            if (cf.isSuccess()) {
                servers.put(target, cf.channel());
                LOG.info("openflow listening on {} ({})", target, cf.channel().localAddress());
                f.complete(cf.channel().localAddress());
            } else {
                f.completeExceptionally(new OpenFlowException("cannot listen on " + target, cf.cause()));
            }
        });
        return f;
    }

    /** Until its features arrive, a passive channel belongs to no switch; then it joins the one with its dpid. */
    private OpenFlowChannelHandler.Session passiveSession() {
        return new OpenFlowChannelHandler.Session() {
            private DefaultSwitchConnection owner;

            @Override
            public void handshakeDone(OpenFlowChannelHandler h, org.vifd.openflow.protocol.FeaturesReply f) {
                owner = passiveByDpid.computeIfAbsent(f.datapathId(), dpid -> {
                    DefaultSwitchConnection c = new DefaultSwitchConnection("dpid:" + f.datapathIdHex(), listener,
                            packetInHandler);
                    c.onClose(() -> passiveByDpid.remove(dpid, c));
                    return c;
                });
                owner.attach(h, f);
            }

            @Override
            public void closed(OpenFlowChannelHandler h, String reason, boolean wasConnected) {
                if (owner != null) {
                    owner.detach(h, reason, wasConnected);
                }
            }

            @Override
            public void packetIn(org.vifd.openflow.protocol.PacketIn p) {
                if (owner != null) {
                    owner.deliver(p);
                }
            }

            @Override
            public void asyncMessage(org.vifd.openflow.protocol.InboundMessage m) {
                if (owner != null) {
                    owner.deliverAsync(m);
                }
            }
        };
    }

    /** The switch with this datapath id that connected to one of our listeners, or null. */
    public SwitchConnection passiveSwitch(long datapathId) {
        return passiveByDpid.get(datapathId);
    }

    @Override
    public void close() {
        closed = true;
        for (Channel s : servers.values()) {
            s.close().syncUninterruptibly();
        }
        for (DefaultSwitchConnection c : active.keySet()) {
            c.close();
        }
        for (DefaultSwitchConnection c : passiveByDpid.values()) {
            c.close();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    public static final class Builder {
        private ConnectionConfig config = ConnectionConfig.DEFAULT;
        private SwitchListener listener = new SwitchListener() { };
        private PacketInHandler packetInHandler = (c, p) -> { };
        private EventLoopGroup group;
        private int threads = 1;
        private boolean nativeTransport = true;

        public Builder config(ConnectionConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder listener(SwitchListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder packetInHandler(PacketInHandler handler) {
            this.packetInHandler = Objects.requireNonNull(handler, "packetInHandler");
            return this;
        }

        /** Share an event loop group (not shut down by close); else one of {@code threads} threads is made. */
        public Builder group(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /** Use Netty's native epoll transport where it loads (the default); false forces NIO. */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public OpenFlowController build() {
            return new OpenFlowController(this);
        }
    }
}
