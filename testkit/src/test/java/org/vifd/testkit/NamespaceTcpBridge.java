package org.vifd.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * Makes a loopback TCP port of one network namespace reachable at the same port on the loopback of another. TCP on
 * 127.0.0.1 is per namespace, and the sandbox's ovs-vswitchd runs in its own one; two {@code socat} relays joined by a
 * unix socket (unix sockets live in the file system, which both namespaces share) carry the bytes unchanged, so TLS
 * passes end to end. Only loopback addresses are used.
 */
public final class NamespaceTcpBridge implements AutoCloseable {
    private final List<Process> relays;

    private NamespaceTcpBridge(List<Process> relays) {
        this.relays = relays;
    }

    /** Connections to 127.0.0.1:port inside {@code ns} reach 127.0.0.1:port of the host (root) namespace. */
    public static NamespaceTcpBridge fromNamespaceToHost(Netns ns, int port, Path dir) {
        Path sock = dir.resolve("tcp-bridge-" + port + ".sock");
        List<Process> relays = new ArrayList<>();
        relays.add(Exec.start(Map.of(), dir.resolve("tcp-bridge-" + port + ".log"),
                List.of("socat", "UNIX-LISTEN:" + sock + ",fork,unlink-early", "TCP:127.0.0.1:" + port)));
        awaitFile(sock);
        relays.add(Exec.start(Map.of(), dir.resolve("tcp-bridge-" + port + ".log"), ns.wrap("socat",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "UNIX-CONNECT:" + sock)));
        awaitListening(ns, port);
        return new NamespaceTcpBridge(relays);
    }

    /** Connections to 127.0.0.1:port of the host (root) namespace reach 127.0.0.1:port inside {@code ns}. */
    public static NamespaceTcpBridge fromHostToNamespace(Netns ns, int port, Path dir) {
        Path sock = dir.resolve("tcp-bridge-in-" + port + ".sock");
        List<Process> relays = new ArrayList<>();
        relays.add(Exec.start(Map.of(), dir.resolve("tcp-bridge-in-" + port + ".log"), ns.wrap("socat",
                "UNIX-LISTEN:" + sock + ",fork,unlink-early", "TCP:127.0.0.1:" + port)));
        awaitFile(sock);
        relays.add(Exec.start(Map.of(), dir.resolve("tcp-bridge-in-" + port + ".log"),
                List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "UNIX-CONNECT:" + sock)));
        awaitListening(null, port);
        return new NamespaceTcpBridge(relays);
    }

    private static void awaitFile(Path sock) {
        Awaitility.await("relay socket " + sock).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> sock.toFile().exists());
    }

    private static void awaitListening(Netns ns, int port) {
        String[] ss = {"ss", "-ltnH", "sport = :" + port};
        Awaitility.await("relay listening on 127.0.0.1:" + port).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !(ns == null ? Exec.run(ss) : ns.exec(ss)).out().isEmpty());
    }

    @Override
    public void close() {
        for (Process p : relays) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
