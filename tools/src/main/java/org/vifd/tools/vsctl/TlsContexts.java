package org.vifd.tools.vsctl;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.nio.file.Path;

/**
 * Client TLS contexts from {@link TlsFiles} with Open vSwitch's trust model (as ovsdb-protocol's OvsdbTls): our key
 * and certificate, the CA that must have signed the server's, no host name check. The JDK provider is asked for
 * explicitly so that the blocking client can take its {@link SSLContext}.
 */
final class TlsContexts {

    private TlsContexts() {
    }

    static SslContext netty(TlsFiles files, String remote) {
        files.require(remote);
        try {
            return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .keyManager(Path.of(files.certificate()).toFile(), Path.of(files.privateKey()).toFile())
                    .trustManager(Path.of(files.caCert()).toFile())
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new VsctlException("cannot connect to " + remote + ": " + e.getMessage());
        }
    }

    static SSLContext jdk(TlsFiles files, String remote) {
        return ((JdkSslContext) netty(files, remote)).context();
    }
}
