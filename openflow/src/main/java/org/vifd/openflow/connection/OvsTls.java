package org.vifd.openflow.connection;

import java.nio.file.Path;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * TLS contexts with Open vSwitch's trust model: both ends present a certificate and each accepts a peer whose
 * certificate the configured CA signed (ovs-vswitchd's {@code SSL} table: private_key, certificate, ca_cert). OVS
 * does not match certificate names against host names (switch certificates name the switch, not an address), so
 * the client side turns off Netty's default HTTPS endpoint identification; a CA of the operator's own is the check.
 */
public final class OvsTls {
    private OvsTls() {
    }

    /** For {@code ssl:} targets: our key and certificate, and the CA that must have signed the switch's. */
    public static SslContext client(Path privateKey, Path certificate, Path ca) throws SSLException {
        return SslContextBuilder.forClient()
                .keyManager(certificate.toFile(), privateKey.toFile())
                .trustManager(ca.toFile())
                .endpointIdentificationAlgorithm(null)
                .build();
    }

    /** For {@code pssl:} listeners: switches must present a certificate signed by {@code ca}. */
    public static SslContext server(Path privateKey, Path certificate, Path ca) throws SSLException {
        return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .trustManager(ca.toFile())
                .clientAuth(ClientAuth.REQUIRE)
                .build();
    }
}
