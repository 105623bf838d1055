package org.vifd.tools.vsctl;

import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.client.BlockingOvsdbClient;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.client.OvsdbClientOptions;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens the one OVSDB connection a command needs, turning every failure into "cannot connect to REMOTE: reason". */
public final class Connections {

    private Connections() {
    }

    public static BlockingOvsdbClient connect(String remote, Duration timeout) {
        return connect(remote, timeout, TlsFiles.NONE);
    }

    /** With the key, certificate and CA an {@code ssl:} remote needs (ignored for other remotes). */
    public static BlockingOvsdbClient connect(String remote, Duration timeout, TlsFiles tls) {
        OvsdbClientOptions.Builder b = OvsdbClientOptions.builder().connectTimeout(timeout);
        if (remote.startsWith("ssl:")) {
            b.sslContext(tls.nettyClient(remote));
        }
        OvsdbClientOptions opts = b.build();
        try {
            OvsdbClient c = OvsdbClient.connect(remote, opts).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new BlockingOvsdbClient(c, timeout);
        } catch (ExecutionException e) {
            throw new VsctlException("cannot connect to " + remote + ": " + rootReason(e.getCause()));
        } catch (TimeoutException e) {
            throw new VsctlException("cannot connect to " + remote + ": timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VsctlException("cannot connect to " + remote + ": interrupted");
        }
    }

    /** The innermost cause's message, which names the system error ("No such file or directory", "Connection refused"). */
    static String rootReason(Throwable t) {
        if (t instanceof OvsdbException oe && OvsdbError.NOT_YET_SUPPORTED.name().equals(oe.error())) {
            return oe.details();
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        if (c instanceof OvsdbException oe) {
            m = oe.details() != null ? oe.details() : oe.error();
        }
        if (m == null) {
            return c.getClass().getSimpleName();
        }
        int colon = m.lastIndexOf(": ");
        // Netty wraps the socket error as "...: <address>" after the OS message; keep the OS words.
        return m.startsWith("connect(..) failed: ") ? m.substring("connect(..) failed: ".length()) : (colon > 0 && m.contains("/") ? m.substring(0, colon) : m);
    }
}
