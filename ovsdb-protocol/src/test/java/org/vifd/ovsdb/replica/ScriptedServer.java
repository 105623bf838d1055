package org.vifd.ovsdb.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.vifd.ovsdb.jsonrpc.JsonFrameDecoder;
import org.vifd.ovsdb.jsonrpc.JsonRpcEncoder;
import org.vifd.ovsdb.jsonrpc.JsonRpcMessage;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny OVSDB server on loopback TCP that answers each request from a script: {@code answer} maps a request to
 * {@code {"result": …}} or {@code {"error": …}}. Stands in for servers older than the real one here (no
 * monitor_cond_since, no monitor_cond) and for hostile ones.
 */
final class ScriptedServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final List<String> methods = new CopyOnWriteArrayList<>();
    final List<Channel> clients = new CopyOnWriteArrayList<>();
    /** The monitor id of the last monitor request on the "Small" database (params: db, id, requests). */
    volatile String lastMonitorId;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    ScriptedServer(Function<JsonRpcMessage.Request, JsonNode> answer) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                clients.add(ch);
                ch.pipeline().addLast(new JsonFrameDecoder(), new JsonRpcEncoder(), new SimpleChannelInboundHandler<Object>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof JsonRpcMessage.Request r) {
                            methods.add(r.method());
                            if (r.method().startsWith("monitor") && r.params().size() > 1
                                    && "Small".equals(r.params().get(0).asText())) {
                                lastMonitorId = r.params().get(1).asText();
                            }
                            JsonNode a = answer.apply(r);
                            ctx.writeAndFlush(new JsonRpcMessage.Response(r.id(), a.get("result"), a.get("error")));
                        }
                    }
                });
            }
        }).bind("127.0.0.1", 0).sync().channel();
    }

    String remote() {
        return "tcp:127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Sends a notification to every connected client. */
    void notifyAll(String method, String paramsJson) throws Exception {
        JsonNode params = JSON.readTree(paramsJson);
        for (Channel c : clients) {
            c.writeAndFlush(new JsonRpcMessage.Notification(method, params)).sync();
        }
    }

    static JsonNode result(String json) {
        try {
            return JSON.createObjectNode().set("result", JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode error(String error) {
        return JSON.createObjectNode().set("error", JSON.createObjectNode().put("error", error));
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
