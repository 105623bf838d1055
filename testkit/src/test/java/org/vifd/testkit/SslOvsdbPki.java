package org.vifd.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What a test of an {@code ssl:} OVSDB remote needs (in a temp dir, made with {@link TestCertificates}): a good CA
 * that signs ovsdb-server's certificate and the client's, a rogue CA whose client certificate the server must
 * refuse, a free loopback port, and the ovsdb-server arguments that serve {@code pssl:} on it with them.
 */
public final class SslOvsdbPki {
    private final Path dir;
    private final TestCertificates.Leaf server;
    private final TestCertificates.Leaf client;
    private final TestCertificates.Leaf rogueClient;
    private final int port;

    private SslOvsdbPki(Path dir, TestCertificates.Leaf server, TestCertificates.Leaf client,
                        TestCertificates.Leaf rogueClient, int port) {
        this.dir = dir;
        this.server = server;
        this.client = client;
        this.rogueClient = rogueClient;
        this.port = port;
    }

    /** The PKI, with client certificates (good and rogue) for {@code clientName}. */
    public static SslOvsdbPki create(String clientName) {
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-pki-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates good = TestCertificates.createCa(dir, "good");
        TestCertificates rogue = TestCertificates.createCa(dir, "rogue");
        return new SslOvsdbPki(dir, good.issue("ovsdb-server"), good.issue(clientName), rogue.issue(clientName),
                freeLoopbackPort());
    }

    /** A TCP port free on the loopback address just now. */
    public static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For {@link OvsSandboxExtension.Builder#ovsdbServerArgs}: the server's key, certificate, CA and pssl: remote. */
    public String[] ovsdbServerArgs() {
        return new String[] {"--private-key=" + server.privateKey(), "--certificate=" + server.certificate(),
            "--ca-cert=" + server.ca(), "--remote=pssl:" + port + ":127.0.0.1"};
    }

    /** {@code ssl:127.0.0.1:PORT}. */
    public String remote() {
        return "ssl:127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Signed by the CA the server trusts. */
    public TestCertificates.Leaf client() {
        return client;
    }

    /** Signed by another CA: the server refuses it, and it does not trust the server. */
    public TestCertificates.Leaf rogueClient() {
        return rogueClient;
    }

    /** Removes the temp dir and its PEM files. */
    public void delete() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
