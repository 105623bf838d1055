package org.vifd.openflow.golden;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;

/**
 * The oracle for "what bytes does ovs-ofctl send": plays a minimal switch on a loopback TCP port, runs
 * {@code ovs-ofctl --no-names -O VERSION COMMAND tcp:127.0.0.1:PORT ARGS...} against it and returns every message
 * ovs-ofctl sent after HELLO. It answers HELLO with the same version, BARRIER_REQUEST and ECHO_REQUEST with their
 * replies and everything else with silence, which is enough for add-flow, mod-flows, del-flows and the other
 * fire-and-forget commands (ovs-ofctl ends them with a barrier).
 */
final class OfctlWire {
    private static final int OFPT_ECHO_REQUEST = 2;
    private static final int OFPT_BARRIER_REQUEST_13 = 20;

    private OfctlWire() {
    }

    /** @param version "OpenFlow13", "OpenFlow14", "OpenFlow15" */
    static List<byte[]> sent(String version, String command, String... args) {
        Exec.require("ovs-ofctl");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            CompletableFuture<List<byte[]>> got = CompletableFuture.supplyAsync(() -> serve(server));
            List<String> cmd = new ArrayList<>(List.of("ovs-ofctl", "--no-names", "-O", version, command,
                    "tcp:127.0.0.1:" + server.getLocalPort()));
            cmd.addAll(List.of(args));
            ExecResult r = Exec.run(Duration.ofSeconds(20), java.util.Map.of(), cmd);
            if (r.exitCode() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " failed: " + r.stderr());
            }
            return got.get(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("capturing ovs-ofctl " + command + " " + String.join(" ", args), e);
        }
    }

    /** The one message of the given OpenFlow type that ovs-ofctl sent. */
    static byte[] sentOne(int type, String version, String command, String... args) {
        List<byte[]> msgs = sent(version, command, args).stream().filter(m -> (m[1] & 0xff) == type).toList();
        if (msgs.size() != 1) {
            throw new AssertionError("ovs-ofctl " + command + " sent " + msgs.size() + " messages of type " + type);
        }
        return msgs.get(0);
    }

    private static List<byte[]> serve(ServerSocket server) {
        List<byte[]> sent = new ArrayList<>();
        try (Socket s = server.accept()) {
            s.setSoTimeout(20_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[] header = new byte[8];
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return sent;
                }
                int len = ByteBuffer.wrap(header).getShort(2) & 0xffff;
                byte[] msg = new byte[len];
                System.arraycopy(header, 0, msg, 0, 8);
                in.readFully(msg, 8, len - 8);
                int type = msg[1] & 0xff;
                if (type == 0) {
                    out.write(header(msg[0], 0, 8, msg));
                    continue;
                }
                sent.add(msg);
                if (type == OFPT_ECHO_REQUEST) {
                    byte[] reply = msg.clone();
                    reply[1] = OFPT_ECHO_REQUEST + 1;
                    out.write(reply);
                } else if (type == OFPT_BARRIER_REQUEST_13) {
                    out.write(header(msg[0], OFPT_BARRIER_REQUEST_13 + 1, 8, msg));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] header(byte version, int type, int len, byte[] request) {
        ByteBuffer b = ByteBuffer.allocate(len);
        b.put(version).put((byte) type).putShort((short) len).put(request, 4, 4);
        return b.array();
    }

    static Stream<String> hex(List<byte[]> msgs) {
        return msgs.stream().map(m -> java.util.HexFormat.of().formatHex(m));
    }
}
