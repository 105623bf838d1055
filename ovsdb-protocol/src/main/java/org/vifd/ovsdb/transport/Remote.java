package org.vifd.ovsdb.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A connection method in the syntax of ovsdb-server(1)/ovs-vsctl(8): {@code tcp:IP[:PORT]}, {@code unix:FILE},
 * {@code ssl:IP[:PORT]}, and the passive forms {@code ptcp:PORT[:IP]}, {@code punix:FILE}, {@code pssl:PORT[:IP]}.
 * IPv6 addresses go in brackets ({@code tcp:[::1]:6640}). The default port is 6640 (IANA, RFC 7047 §6).
 */
public record Remote(Kind kind, String host, int port, Path path) {

    public static final int DEFAULT_PORT = 6640;

    /** The kinds of connection method: a closed set. */
    public enum Kind {
        TCP("tcp", true), SSL("ssl", true), UNIX("unix", true), PTCP("ptcp", false), PSSL("pssl", false), PUNIX("punix", false);

        private final String prefix;
        private final boolean active;

        Kind(String prefix, boolean active) {
            this.prefix = prefix;
            this.active = active;
        }

        public String prefix() {
            return prefix;
        }

        /** Active methods connect out; passive ones listen. */
        public boolean isActive() {
            return active;
        }
    }

    public Remote {
        Objects.requireNonNull(kind, "kind");
    }

    public static Remote tcp(String host, int port) {
        return new Remote(Kind.TCP, host, port, null);
    }

    public static Remote unix(Path path) {
        return new Remote(Kind.UNIX, null, 0, path);
    }

    /** Parses one method; throws IllegalArgumentException saying what is wrong. */
    public static Remote parse(String text) {
        Objects.requireNonNull(text, "remote");
        String s = text.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("remote '" + text + "' has no method prefix (tcp:, unix:, ssl:, ptcp:, punix:, pssl:)");
        }
        String prefix = s.substring(0, colon);
        String rest = s.substring(colon + 1);
        for (Kind k : Kind.values()) {
            if (k.prefix.equals(prefix)) {
                return switch (k) {
                    case UNIX, PUNIX -> {
                        if (rest.isEmpty()) {
                            throw new IllegalArgumentException("remote '" + text + "' names no socket file");
                        }
                        yield new Remote(k, null, 0, Path.of(rest));
                    }
                    case TCP, SSL -> parseHostPort(k, rest, text);
                    case PTCP, PSSL -> parsePortHost(k, rest, text);
                };
            }
        }
        throw new IllegalArgumentException("remote '" + text + "' has unknown method '" + prefix + "'");
    }

    /** Parses a comma-separated list of methods, as ovsdb clients accept for a cluster. */
    public static List<Remote> parseList(String text) {
        List<Remote> remotes = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                remotes.add(parse(part));
            }
        }
        if (remotes.isEmpty()) {
            throw new IllegalArgumentException("remote list '" + text + "' is empty");
        }
        return List.copyOf(remotes);
    }

    private static Remote parseHostPort(Kind k, String rest, String text) {
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("remote '" + text + "' has an unclosed '['");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("remote '" + text + "': expected ':PORT' after ']'");
                }
                portText = after.substring(1);
            }
        } else {
            int c = rest.lastIndexOf(':');
            if (c >= 0 && rest.indexOf(':') != c) {
                throw new IllegalArgumentException("remote '" + text + "': put an IPv6 address in brackets");
            }
            host = c < 0 ? rest : rest.substring(0, c);
            portText = c < 0 ? null : rest.substring(c + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("remote '" + text + "' names no host");
        }
        return new Remote(k, host, port(portText, text), null);
    }

    private static Remote parsePortHost(Kind k, String rest, String text) {
        int c = rest.indexOf(':');
        String portText = c < 0 ? rest : rest.substring(0, c);
        String host = c < 0 ? null : rest.substring(c + 1);
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Remote(k, host, portText.isEmpty() ? DEFAULT_PORT : port(portText, text), null);
    }

    private static int port(String portText, String text) {
        if (portText == null || portText.isEmpty()) {
            return DEFAULT_PORT;
        }
        try {
            int p = Integer.parseInt(portText);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("remote '" + text + "' has an invalid port '" + portText + "'");
        }
    }

    /** The socket address to connect to (active methods). */
    public SocketAddress socketAddress() {
        return switch (kind) {
            case UNIX, PUNIX -> UnixDomainSocketAddress.of(path);
            default -> host == null ? new InetSocketAddress(port) : InetSocketAddress.createUnresolved(host, port);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNIX, PUNIX -> kind.prefix + ":" + path;
            case TCP, SSL -> kind.prefix + ":" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
            case PTCP, PSSL -> kind.prefix + ":" + port + (host == null ? "" : ":" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host));
        };
    }
}
