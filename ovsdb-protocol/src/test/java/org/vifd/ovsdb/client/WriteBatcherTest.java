package org.vifd.ovsdb.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Writes from other threads reach the peer complete and in order, in fewer flushes than writes. */
class WriteBatcherTest {
    private EventLoopGroup group;
    private Channel server;
    private Channel client;
    private final StringBuffer received = new StringBuffer();
    private final AtomicInteger flushes = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        group = new DefaultEventLoopGroup(2);
        LocalAddress address = new LocalAddress("write-batcher-" + System.nanoTime());
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class).childHandler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        received.append(b.toString(StandardCharsets.US_ASCII));
                        b.release();
                    }
                });
            }
        }).bind(address).sync().channel();
        client = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        }).connect(address).sync().channel();
    }

    @AfterEach
    void close() {
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void writesOfOtherThreadsArriveInOrderInBatches() throws Exception {
        WriteBatcher batcher = new WriteBatcher(client);
        int n = 2000;
        StringBuilder expected = new StringBuilder();
        List<ChannelFuture> writes = new ArrayList<>(n);
        // Keep the loop busy while the writes are queued, so that they must be batched.
        CountDownLatch release = new CountDownLatch(1);
        client.eventLoop().execute(() -> awaitQuietly(release));
        for (int i = 0; i < n; i++) {
            String m = "<" + i + ">";
            expected.append(m);
            writes.add(batcher.write(Unpooled.copiedBuffer(m, StandardCharsets.US_ASCII)));
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.length() == expected.length());
        assertThat(received.toString()).isEqualTo(expected.toString());
        assertThat(writes).allMatch(f -> f.isDone() && f.isSuccess());
        assertThat(flushes.get()).isLessThan(n / 10);
    }

    @Test
    void aWriteFromTheLoopComesAfterTheQueuedOnes() throws Exception {
        WriteBatcher batcher = new WriteBatcher(client);
        CountDownLatch release = new CountDownLatch(1);
        client.eventLoop().execute(() -> awaitQuietly(release));
        batcher.write(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII));
        batcher.write(Unpooled.copiedBuffer("b", StandardCharsets.US_ASCII));
        // Runs on the loop before the drain task: it must drain "a" and "b" first.
        client.eventLoop().execute(() -> batcher.write(Unpooled.copiedBuffer("c", StandardCharsets.US_ASCII)));
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.length() == 3);
        assertThat(received.toString()).isEqualTo("abc");
    }

    @Test
    void aWriteToAClosedChannelFails() throws Exception {
        WriteBatcher batcher = new WriteBatcher(client);
        client.close().sync();
        ChannelFuture f = batcher.write(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(10)).until(f::isDone);
        assertThat(f.isSuccess()).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
