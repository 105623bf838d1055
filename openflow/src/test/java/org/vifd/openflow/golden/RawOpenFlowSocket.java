package org.vifd.openflow.golden;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A bare OpenFlow client on a unix socket for tests that must control when the socket is read (our Netty connection
 * always reads): writes whole messages, reads one framed message at a time with a deadline.
 */
final class RawOpenFlowSocket implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private ByteBuffer in = ByteBuffer.allocate(1 << 16);

    RawOpenFlowSocket(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    void write(byte[] message) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(message);
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** The next whole message (ofp_header length), or null when none arrived within {@code timeoutMillis}. */
    byte[] read(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            if (in.position() >= 4) {
                int len = ((in.get(2) & 0xff) << 8) | (in.get(3) & 0xff);
                if (len < 8) {
                    throw new IOException("ofp_header length " + len);
                }
                if (in.position() >= len) {
                    byte[] m = Arrays.copyOf(in.array(), len);
                    in.flip();
                    in.position(len);
                    in.compact();
                    return m;
                }
                if (len > in.capacity()) {
                    in = ByteBuffer.allocate(len).put(in.flip());
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            selector.select(left);
            selector.selectedKeys().clear();
            if (channel.read(in) < 0) {
                throw new IOException("switch closed the connection");
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
