package org.vifd.ovsdb.transport;

import java.nio.file.Path;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * TLS contexts with Open vSwitch's trust model (ovsdb-server's {@code --private-key}, {@code --certificate},
 * {@code --ca-cert}): both ends present a certificate and accept a peer whose certificate the configured CA signed.
 * OVS does not match certificate names against host names, so the client turns off Netty's default HTTPS endpoint
 * identification; the operator's own CA is the check.
 */
public final class OvsdbTls {
    private OvsdbTls() {
    }

    /** For {@code ssl:} remotes: our key and certificate, and the CA that must have signed the server's. */
    public static SslContext client(Path privateKey, Path certificate, Path ca) throws SSLException {
        return SslContextBuilder.forClient()
                .keyManager(certificate.toFile(), privateKey.toFile())
                .trustManager(ca.toFile())
                .endpointIdentificationAlgorithm(null)
                .build();
    }

    /** For {@code pssl:} listeners: a connecting ovsdb-server must present a certificate signed by {@code ca}. */
    public static SslContext server(Path privateKey, Path certificate, Path ca) throws SSLException {
        return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .trustManager(ca.toFile())
                .clientAuth(ClientAuth.REQUIRE)
                .build();
    }
}
