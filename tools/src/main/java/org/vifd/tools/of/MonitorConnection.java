package org.vifd.tools.of;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.tools.vsctl.VsctlException;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * A blocking OpenFlow connection for {@code vifctl of monitor}: it reads every message the switch sends, in order,
 * including the unsolicited OFPMP_FLOW_MONITOR replies (xid 0) that carry flow updates.
 * <p>
 * Why not {@link org.vifd.openflow.connection.SwitchConnection}: the openflow library drops a MULTIPART_REPLY
 * whose xid has no request waiting (OpenFlowChannelHandler logs it at debug), and flow updates are exactly that
 * (OpenFlow 1.4.1 §7.3.5.19.2). Frames are encoded and decoded with the library's {@link MessageCodec}.
 * TODO(openflow): once the library hands unsolicited multipart replies to SwitchListener, monitor moves onto it.
 */
final class MonitorConnection implements AutoCloseable {

    /** One message as read: decoded, and its raw bytes for bodies the library keeps opaque. */
    record Frame(InboundMessage message, byte[] bytes) {
        OfMessage body() {
            return message.message();
        }
    }

    private final SwitchTarget target;
    private final SocketChannel channel;
    private OfVersion version;
    private int nextXid = 1;

    private MonitorConnection(SwitchTarget target, SocketChannel channel) {
        this.target = target;
        this.channel = channel;
    }

    /**
     * Encodes and decodes {@code messages} once and throws the bytes away, so the codec's classes are loaded before
     * the connection opens: OVS drops a service connection whose HELLO is late (seen at 2 s on a loaded machine,
     * "rconn|INFO|...: connection timed out"), and class loading is most of a cold JVM's first message.
     */
    static void warmUp(List<OfMessage> messages, OfVersion version) {
        for (OfMessage m : messages) {
            ByteBuf b = Unpooled.wrappedBuffer(MessageCodec.toBytes(m, version, 0));
            try {
                MessageCodec.decode(b);
            } catch (DecodeException ignored) {
                // a request type the codec does not decode: encoding it was the point
            } finally {
                b.release();
            }
        }
    }

    /** Connects to a {@code unix:} or {@code tcp:} target (ssl needs the Netty client, not available here). */
    static MonitorConnection open(SwitchTarget target) {
        String remote = target.remote();
        SocketAddress address = target.socketAddress();
        if (address == null) {
            throw new VsctlException(remote + ": monitor supports unix: and tcp: switches only", 2);
        }
        try {
            SocketChannel ch = address instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            try {
                ch.connect(address);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return new MonitorConnection(target, ch);
        } catch (IOException e) {
            throw new VsctlException(remote + ": failed to connect (" + e.getMessage() + ")");
        }
    }

    /** OFPT_HELLO both ways (OpenFlow 1.3.5 §6.3.1): the highest version both offer. */
    OfVersion handshake(List<OfVersion> offered) throws IOException {
        OfVersion highest = offered.stream().max(OfVersion::compareTo).orElseThrow();
        write(new Hello(offered), highest, nextXid());
        Frame f = read(highest);
        if (!(f.body() instanceof Hello theirs)) {
            throw new VsctlException(target.name() + ": expected HELLO, got " + f.body().type(highest));
        }
        OfVersion best = null;
        for (OfVersion v : offered) {
            if (theirs.versions().contains(v) && (best == null || v.compareTo(best) > 0)) {
                best = v;
            }
        }
        if (best == null) {
            throw new VsctlException(target.name() + ": no common OpenFlow version: we offer " + offered
                    + ", switch offers " + theirs.versions());
        }
        version = best;
        return best;
    }

    OfVersion version() {
        return version;
    }

    int nextXid() {
        return nextXid++;
    }

    /** Sends {@code m} with {@code xid} in the negotiated version. */
    void send(OfMessage m, int xid) throws IOException {
        write(m, version, xid);
    }

    private void write(OfMessage m, OfVersion v, int xid) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(MessageCodec.toBytes(m, v, xid));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Blocks for the next whole message; EOF is an {@link EOFException}, a bad frame a VsctlException. */
    Frame read() throws IOException {
        return read(version);
    }

    private Frame read(OfVersion expected) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(MessageCodec.HEADER_LENGTH);
        fill(header);
        int length = Short.toUnsignedInt(header.getShort(2));
        if (length < MessageCodec.HEADER_LENGTH) {
            throw new VsctlException(target.name() + ": message length " + length + " is shorter than the header");
        }
        ByteBuffer frame = ByteBuffer.allocate(length);
        frame.put(header.flip());
        fill(frame);
        byte[] bytes = frame.array();
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return new Frame(MessageCodec.decode(buf), bytes);
        } catch (DecodeException e) {
            throw new VsctlException(target.name() + ": undecodable message from the switch: "
                    + e.getMessage());
        } finally {
            buf.release();
        }
    }

    private void fill(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("End of file");
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to report
        }
    }
}
