package org.vifd.tools.vsctl;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PEM files an {@code ssl:} remote needs, as ovs-vsctl takes them ({@code -p/--private-key},
 * {@code -c/--certificate}, {@code -C/--ca-cert}), with Open vSwitch's trust model: both ends present a
 * certificate, the peer's must be signed by the CA, and host names are not checked (OVS does not).
 * A plain record on the one-shot path: the contexts (Netty's PEM loading) are built by {@link TlsContexts}, which
 * unix: and tcp: commands never load.
 */
public record TlsFiles(String privateKey, String certificate, String caCert) {

    public static final TlsFiles NONE = new TlsFiles(null, null, null);

    /** Checks the three files are given and readable; the message names what is missing, as ovs-vsctl does. */
    public void require(String remote) {
        check(remote, privateKey, "private key", "--private-key");
        check(remote, certificate, "certificate", "--certificate");
        check(remote, caCert, "CA certificate", "--ca-cert");
    }

    private static void check(String remote, String file, String what, String option) {
        if (file == null || file.isEmpty()) {
            throw new VsctlException("cannot connect to " + remote + ": " + what + " must be configured to use SSL ("
                    + option + ")");
        }
        if (!Files.isReadable(Path.of(file))) {
            throw new VsctlException("cannot connect to " + remote + ": cannot read " + what + " " + file);
        }
    }

    /** A Netty client context for the event-loop client ({@link TlsContexts}: loaded only for ssl: remotes). */
    public io.netty.handler.ssl.SslContext nettyClient(String remote) {
        return TlsContexts.netty(this, remote);
    }

    /** The same context as a JDK {@link javax.net.ssl.SSLContext}, for the blocking client's SSLSocket. */
    public javax.net.ssl.SSLContext jdkClient(String remote) {
        return TlsContexts.jdk(this, remote);
    }
}
