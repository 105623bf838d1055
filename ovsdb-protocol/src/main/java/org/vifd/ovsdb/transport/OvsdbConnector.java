package org.vifd.ovsdb.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Opens the byte stream for a {@link Remote}: {@code tcp:} and {@code unix:}, both with the same pipeline, over
 * Netty's native epoll transport where it loads (Linux x86_64: {@link EpollSocketChannel},
 * {@link EpollDomainSocketChannel}) and NIO otherwise ({@link NioSocketChannel}, {@link NioDomainSocketChannel}).
 * Epoll wakes the event loop with an eventfd and reads with fewer system calls, which shows in the round trip of
 * one transaction awaited after another. The channel type follows the group: a NIO group given in the options gets
 * NIO channels. One attempt, no retry: a reconnecting session wraps this. {@code ssl:} runs TLS over the TCP
 * connection (the future completes after the handshake); passive methods are served by {@link OvsdbPassiveListener}.
 */
public final class OvsdbConnector {

    /** The name of the TLS handler, first in the pipeline of ssl: and pssl: connections. */
    public static final String TLS = "ovsdb-tls";

    private static volatile EventLoopGroup sharedGroup;

    private OvsdbConnector() {
    }

    /** The group used when the options name none: daemon threads, one per core, created on first use. */
    public static EventLoopGroup sharedGroup() {
        EventLoopGroup g = sharedGroup;
        if (g == null) {
            synchronized (OvsdbConnector.class) {
                g = sharedGroup;
                if (g == null) {
                    g = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                            new DefaultThreadFactory("vifd-ovsdb-io", true),
                            Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
                    sharedGroup = g;
                }
            }
        }
        return g;
    }

    /** Connects to {@code remote}; the future fails with an {@link OvsdbException} saying why. */
    public static CompletableFuture<Channel> connect(Remote remote, EventLoopGroup group, Duration timeout,
                                                     Consumer<ChannelPipeline> pipeline) {
        return connect(remote, group, timeout, null, pipeline);
    }

    /**
     * Connects to {@code remote}; {@code ssl} (a client context) is required for {@code ssl:} remotes, and the future
     * then completes only once the TLS handshake has succeeded. Failures come as an {@link OvsdbException} saying why.
     */
    public static CompletableFuture<Channel> connect(Remote remote, EventLoopGroup group, Duration timeout,
                                                     SslContext ssl, Consumer<ChannelPipeline> pipeline) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        if (!remote.kind().isActive()) {
            result.completeExceptionally(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                    remote + " is passive: listen with OvsdbPassiveListener"));
            return result;
        }
        boolean tls = remote.kind() == Remote.Kind.SSL;
        if (tls && ssl == null) {
            result.completeExceptionally(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                    remote + " needs a TLS client context (OvsdbClientOptions.sslContext)"));
            return result;
        }
        EventLoopGroup g = group == null ? sharedGroup() : group;
        boolean epoll = g instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
        boolean unix = remote.kind() == Remote.Kind.UNIX;
        Bootstrap b = new Bootstrap()
                .group(g)
                .channel(epoll ? (unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class)
                        : (unix ? NioDomainSocketChannel.class : NioSocketChannel.class))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls) {
                            ch.pipeline().addLast(TLS, ssl.newHandler(ch.alloc()));
                        }
                        pipeline.accept(ch.pipeline());
                    }
                });
        if (!unix) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        java.net.SocketAddress address = remote.socketAddress();
        if (epoll && address instanceof java.net.UnixDomainSocketAddress ua) {
            address = new DomainSocketAddress(ua.getPath().toString());
        }
        b.connect(address).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                        "cannot connect to " + remote + ": " + f.cause(), f.cause()));
            } else if (!tls) {
                result.complete(f.channel());
            } else {
                f.channel().pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        result.complete(f.channel());
                    } else {
                        f.channel().close();
                        result.completeExceptionally(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                                "TLS handshake with " + remote + " failed: " + h.cause(), h.cause()));
                    }
                });
            }
        });
        return result;
    }

    /** Tries each remote in order until one connects (a cluster's members, for example). */
    public static CompletableFuture<Channel> connectFirst(List<Remote> remotes, EventLoopGroup group, Duration timeout,
                                                          Consumer<ChannelPipeline> pipeline) {
        return connectFirst(remotes, group, timeout, null, pipeline);
    }

    /** Tries each remote in order until one connects; {@code ssl} serves the {@code ssl:} ones. */
    public static CompletableFuture<Channel> connectFirst(List<Remote> remotes, EventLoopGroup group, Duration timeout,
                                                          SslContext ssl, Consumer<ChannelPipeline> pipeline) {
        CompletableFuture<Channel> attempt = connect(remotes.get(0), group, timeout, ssl, pipeline);
        for (int i = 1; i < remotes.size(); i++) {
            Remote next = remotes.get(i);
            attempt = attempt.handle((ch, err) -> ch != null ? CompletableFuture.completedFuture(ch)
                    : connect(next, group, timeout, ssl, pipeline)).thenCompose(f -> f);
        }
        return attempt;
    }
}
