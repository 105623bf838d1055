package org.vifd.tools.of;

import org.vifd.openflow.connection.Target;
import org.vifd.tools.vsctl.VsctlException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The switch a command names, resolved as ovs-ofctl(8) resolves it: a bridge name means its management socket
 * {@code <rundir>/<bridge>.mgmt}; {@code unix:FILE} and {@code tcp:IP[:PORT]} are used as given (a bare existing file
 * is taken as a unix socket).
 */
public record SwitchTarget(String name, String remote) {

    /** OVS_RUNDIR's default, as ovs-ofctl is built on Debian. */
    public static final String DEFAULT_RUNDIR = "/var/run/openvswitch";

    /** The run directory: an explicit option, else {@code $OVS_RUNDIR}, else {@link #DEFAULT_RUNDIR}. */
    public static Path rundir(String option) {
        if (option != null && !option.isEmpty()) {
            return Path.of(option);
        }
        String env = System.getenv("OVS_RUNDIR");
        return Path.of(env != null && !env.isEmpty() ? env : DEFAULT_RUNDIR);
    }

    public static SwitchTarget resolve(String name, Path rundir) {
        if (name.startsWith("unix:") || name.startsWith("tcp:") || name.startsWith("ssl:")) {
            return new SwitchTarget(name, name);
        }
        if (name.contains("/") && Files.exists(Path.of(name))) {
            return new SwitchTarget(name, "unix:" + name);
        }
        Path mgmt = rundir.resolve(name + ".mgmt");
        if (!name.isEmpty() && !name.contains("/") && Files.exists(mgmt)) {
            return new SwitchTarget(name, "unix:" + mgmt);
        }
        throw new VsctlException(name + " is not a bridge or a socket");
    }

    /**
     * Where a plain socket reaches a {@code unix:} or {@code tcp:} target (parsed as the OpenFlow library parses
     * it: {@link Target}), or null for {@code ssl:}, which needs the library's TLS client.
     */
    SocketAddress socketAddress() {
        Target t;
        try {
            t = Target.parse(remote);
        } catch (IllegalArgumentException e) {
            throw new VsctlException(e.getMessage(), 2);
        }
        return switch (t.kind()) {
            case UNIX -> t.address();
            // The library leaves the host unresolved (it resolves on connect); a plain SocketChannel needs it resolved.
            case TCP -> {
                InetSocketAddress a = (InetSocketAddress) t.address();
                yield new InetSocketAddress(a.getHostString(), a.getPort());
            }
            default -> null;
        };
    }

    /**
     * Opens and closes a plain socket to the target first: the OpenFlow library reconnects with backoff and would
     * only time out, while this answers at once with the system's reason ("Connection refused").
     */
    void probe() {
        SocketAddress address = socketAddress();
        if (address == null) {
            return;
        }
        try (SocketChannel ch = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            ch.connect(address);
        } catch (IOException e) {
            throw new VsctlException(remote + ": failed to connect (" + e.getMessage() + ")");
        }
    }
}
