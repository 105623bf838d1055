package org.vifd.ovsdb.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.transport.OvsdbConnector;
import org.vifd.ovsdb.transport.Remote;

/**
 * Passive OVSDB: listens on {@code ptcp:PORT[:IP]}, {@code pssl:PORT[:IP]} or {@code punix:PATH} for ovsdb-server
 * to connect to us, as it does to a manager ({@code ovs-vsctl set-manager tcp:IP:PORT}, or ovsdb-server's own
 * {@code --remote=tcp:IP:PORT}). Each accepted connection is an ordinary {@link OvsdbClient}: we are still the JSON-RPC
 * client, only the TCP roles are swapped (ovsdb-server(1), "Active and passive connection methods").
 */
public final class OvsdbPassiveListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbPassiveListener.class);

    private final Remote remote;
    private final Channel serverChannel;

    private OvsdbPassiveListener(Remote remote, Channel serverChannel) {
        this.remote = remote;
        this.serverChannel = serverChannel;
    }

    /**
     * Starts listening; {@code onConnect} gets each connected client (for {@code pssl:}, after the TLS handshake; the
     * options' {@code sslContext} must then be a server context). Callbacks run on the connection's event loop.
     */
    public static CompletableFuture<OvsdbPassiveListener> listen(String remote, OvsdbClientOptions options,
                                                                 Consumer<OvsdbClient> onConnect) {
        Remote r;
        try {
            r = Remote.parse(remote);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new OvsdbException(OvsdbError.CONNECT_FAILED.name(), e.getMessage(), e));
        }
        if (r.kind().isActive()) {
            return CompletableFuture.failedFuture(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                    remote + " is an active method: connect with OvsdbClient.connect"));
        }
        boolean tls = r.kind() == Remote.Kind.PSSL;
        if (tls && options.sslContext() == null) {
            return CompletableFuture.failedFuture(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                    remote + " needs a TLS server context (OvsdbClientOptions.sslContext)"));
        }
        boolean unix = r.kind() == Remote.Kind.PUNIX;
        EventLoopGroup group = options.eventLoopGroup() != null ? options.eventLoopGroup() : OvsdbConnector.sharedGroup();
        boolean epoll = group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
        SocketAddress address = r.socketAddress();
        if (unix) {
            Path path = ((UnixDomainSocketAddress) address).getPath();
            try {
                Files.deleteIfExists(path); // a stale socket from an earlier run, as OVS unlinks it too
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                        "cannot remove stale socket " + path + ": " + e, e));
            }
            if (epoll) {
                address = new DomainSocketAddress(path.toString());
            }
        } else if (address instanceof InetSocketAddress isa && isa.isUnresolved()) {
            address = new InetSocketAddress(isa.getHostString(), isa.getPort());
        }
        ServerBootstrap b = new ServerBootstrap().group(group)
                .channel(epoll ? (unix ? EpollServerDomainSocketChannel.class : EpollServerSocketChannel.class)
                        : (unix ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls) {
                            ch.pipeline().addLast(OvsdbConnector.TLS, options.sslContext().newHandler(ch.alloc()));
                        }
                        OvsdbClient client = OvsdbClient.attach(ch, options);
                        if (!tls) {
                            LOG.info("ovsdb {} connected to us on {}", ch.remoteAddress(), r);
                            ch.eventLoop().execute(() -> onConnect.accept(client));
                            return;
                        }
                        ch.pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                            if (h.isSuccess()) {
                                LOG.info("ovsdb {} connected to us on {} (TLS)", ch.remoteAddress(), r);
                                onConnect.accept(client);
                            } else {
                                LOG.warn("ovsdb {} on {}: TLS handshake failed: {}", ch.remoteAddress(), r, h.cause().toString());
                                ch.close();
                            }
                        });
                    }
                });
        CompletableFuture<OvsdbPassiveListener> result = new CompletableFuture<>();
        b.bind(address).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                LOG.info("ovsdb listening on {} ({})", r, f.channel().localAddress());
                result.complete(new OvsdbPassiveListener(r, f.channel()));
            } else {
                result.completeExceptionally(new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                        "cannot listen on " + r + ": " + f.cause(), f.cause()));
            }
        });
        return result;
    }

    public Remote remote() {
        return remote;
    }

    /** Where we listen; for {@code ptcp:0} this carries the port the kernel chose. */
    public SocketAddress localAddress() {
        return serverChannel.localAddress();
    }

    /** The TCP port we listen on (for ptcp: and pssl:). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops listening; connections already accepted stay open. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
