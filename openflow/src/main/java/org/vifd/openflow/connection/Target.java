package org.vifd.openflow.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * An OVS-style connection method (ovs-vswitchd.conf.db(5) "Controller target"): active {@code unix:PATH},
 * {@code tcp:IP:PORT}, {@code ssl:IP:PORT}; passive {@code punix:PATH}, {@code ptcp:PORT[:IP]},
 * {@code pssl:PORT[:IP]}.
 */
public record Target(Kind kind, SocketAddress address, String text) {
    public enum Kind { UNIX, TCP, SSL, PUNIX, PTCP, PSSL }

    public static final int DEFAULT_PORT = 6653;

    public boolean passive() {
        return kind == Kind.PUNIX || kind == Kind.PTCP || kind == Kind.PSSL;
    }

    public boolean ssl() {
        return kind == Kind.SSL || kind == Kind.PSSL;
    }

    public boolean unix() {
        return kind == Kind.UNIX || kind == Kind.PUNIX;
    }

    public static Target parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("connection target without a method: " + text);
        }
        String method = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        switch (method) {
            case "unix":
                return new Target(Kind.UNIX, UnixDomainSocketAddress.of(Path.of(rest)), text);
            case "punix":
                return new Target(Kind.PUNIX, UnixDomainSocketAddress.of(Path.of(rest)), text);
            case "tcp":
            case "ssl":
                return new Target(method.equals("tcp") ? Kind.TCP : Kind.SSL, active(rest, text), text);
            case "ptcp":
            case "pssl":
                return new Target(method.equals("ptcp") ? Kind.PTCP : Kind.PSSL, passive(rest, text), text);
            default:
                throw new IllegalArgumentException("unknown connection method '" + method + "' in " + text);
        }
    }

    private static SocketAddress active(String rest, String text) {
        int c = rest.lastIndexOf(':');
        String host = c < 0 ? rest : rest.substring(0, c);
        int port = c < 0 ? DEFAULT_PORT : port(rest.substring(c + 1), text);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static SocketAddress passive(String rest, String text) {
        if (rest.isEmpty()) {
            return new InetSocketAddress(DEFAULT_PORT);
        }
        int c = rest.indexOf(':');
        int port = port(c < 0 ? rest : rest.substring(0, c), text);
        if (c < 0) {
            return new InetSocketAddress(port);
        }
        String ip = rest.substring(c + 1);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        return new InetSocketAddress(ip, port);
    }

    private static int port(String s, String text) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + s + "' in " + text);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
