package org.vifd.ovsdb.client;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.internal.PlatformDependent;

/**
 * Hands the writes of any thread to a channel's event loop in batches: calls submitted while the loop is busy or
 * asleep are written by one task and flushed once. A caller pipelining many transactions thus costs one loop
 * wake-up and one {@code write(2)} per batch instead of one each ({@code channel.writeAndFlush} from another thread
 * schedules a task, and wakes the loop, per message). Order is kept: a write from the loop itself first drains what
 * other threads queued before it.
 */
final class WriteBatcher {
    private record Entry(Object msg, ChannelPromise promise) {
    }

    private final Channel channel;
    private final Queue<Entry> queue = PlatformDependent.newMpscQueue();
    /** True from the moment a drain task is scheduled until it starts; a write that sees true need not schedule. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;

    WriteBatcher(Channel channel) {
        this.channel = channel;
    }

    /** Writes and (with its batch) flushes msg; the future fails if the channel is closed or the write fails. */
    ChannelFuture write(Object msg) {
        ChannelPromise promise = channel.newPromise();
        if (channel.eventLoop().inEventLoop()) {
            drain();
            channel.writeAndFlush(msg, promise);
            return promise;
        }
        queue.add(new Entry(msg, promise));
        if (scheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainTask);
            } catch (RejectedExecutionException e) {
                // The event loop group is shut down: nothing will drain the queue, so fail what is in it.
                scheduled.set(false);
                for (Entry entry; (entry = queue.poll()) != null; ) {
                    io.netty.util.ReferenceCountUtil.release(entry.msg());
                    entry.promise().tryFailure(e);
                }
            }
        }
        return promise;
    }

    /** On the event loop: writes everything queued, then flushes once. */
    private void drain() {
        // Cleared before polling: a write queued after the last poll below then schedules a new drain.
        scheduled.set(false);
        boolean wrote = false;
        for (Entry entry; (entry = queue.poll()) != null; ) {
            channel.write(entry.msg(), entry.promise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
