// Issue 3 diagnostic: java -Xmx100m -cp bench/target/vifd-bench.jar bench/diag/ovsdb/DecodePhases.java REPLY.json SCHEMA.json
// REPLY.json: a captured monitor_cond reply (whole JSON-RPC message); SCHEMA.json: the get_schema result. Thread CPU per phase.
import java.nio.file.*;
import java.util.*;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.vifd.ovsdb.jsonrpc.*;
import org.vifd.ovsdb.client.UpdateDecoder;
import org.vifd.ovsdb.schema.Schema;

/** Our side of a 10,000-port monitor reply: framing (JsonFrameDecoder) and decoding (readUpdates2), each timed. */
public class DecodePhases {
    public static void main(String[] a) throws Exception {
        byte[] reply = Files.readAllBytes(Path.of(a[0]));
        Schema schema = Schema.parse(Files.readString(Path.of(a[1])));
        for (int round = 0; round < 15; round++) {
            EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder(64 << 20, 256, true));
            long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            for (int off = 0; off < reply.length; off += 65536) {
                ch.writeInbound(Unpooled.wrappedBuffer(reply, off, Math.min(65536, reply.length - off)));
            }
            FramedMessage m = ch.readInbound();
            long t1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            var updates = UpdateDecoder.readUpdates2(m.payload(), schema);
            long t2 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            if (round >= 10) System.out.printf(Locale.ROOT, "CPU: frame %.1f ms, decode %.1f ms (%d tables)%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, updates.tables().size());
            ch.finishAndReleaseAll();
        }
    }
}
