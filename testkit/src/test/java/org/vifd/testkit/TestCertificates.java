package org.vifd.testkit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A throwaway PKI made with the {@code openssl} command line: one CA and leaf certificates it signs, as PEM files in a
 * directory. Tests use it for TLS between vifd and OVS; a second CA gives certificates a peer must refuse.
 */
public final class TestCertificates {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Path dir;
    private final String caName;

    private TestCertificates(Path dir, String caName) {
        this.dir = dir;
        this.caName = caName;
    }

    /** Creates CA {@code caName} ({@code <caName>-ca.pem}, {@code <caName>-ca.key}) in {@code dir}. */
    public static TestCertificates createCa(Path dir, String caName) {
        Exec.run(TIMEOUT, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve(caName + "-ca.key").toString(), "-out", dir.resolve(caName + "-ca.pem").toString(),
                "-subj", "/CN=" + caName + " test CA").ok();
        return new TestCertificates(dir, caName);
    }

    public Path caCertificate() {
        return dir.resolve(caName + "-ca.pem");
    }

    /** Issues a certificate for {@code name} signed by this CA; returns its key and certificate paths. */
    public Leaf issue(String name) {
        Path key = dir.resolve(caName + "-" + name + ".key");
        Path csr = dir.resolve(caName + "-" + name + ".csr");
        Path cert = dir.resolve(caName + "-" + name + ".pem");
        Exec.run(TIMEOUT, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/CN=" + name).ok();
        Exec.run(TIMEOUT, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCertificate().toString(),
                "-CAkey", dir.resolve(caName + "-ca.key").toString(), "-CAcreateserial", "-days", "2",
                "-out", cert.toString()).ok();
        return new Leaf(key, cert, caCertificate());
    }

    /** A leaf's private key, certificate, and the CA that signed it (all PEM). */
    public record Leaf(Path privateKey, Path certificate, Path ca) {
    }
}
