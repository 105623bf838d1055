package org.vifd.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks connection methods in OVS notation (ovsdb-server(1) "Database Connection Methods", ovs-vswitchd.conf.db(5)
 * "Controller targets") without opening anything: active {@code unix:FILE}, {@code tcp:HOST[:PORT]},
 * {@code ssl:HOST[:PORT]}; passive {@code punix:FILE}, {@code ptcp:PORT[:IP]}, {@code pssl:PORT[:IP]}.
 * Every method returns an error text, or null when the method is well formed.
 */
final class ConnectionMethods {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");

    private ConnectionMethods() {
    }

    /** A comma-separated list of active methods (an OVSDB cluster is several). */
    static String checkActiveList(String text) {
        if (text.isBlank()) {
            return "is empty";
        }
        for (String one : text.split(",", -1)) {
            String err = checkActive(one.strip());
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    static String checkActive(String text) {
        int colon = text.indexOf(':');
        String method = colon < 0 ? text : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        switch (method) {
            case "unix":
                return rest.isEmpty() ? "'" + text + "' names no socket file" : null;
            case "tcp":
            case "ssl":
                return checkHostPort(text, rest);
            default:
                return "'" + text + "' is not an active connection method (unix:FILE, tcp:HOST[:PORT], ssl:HOST[:PORT])";
        }
    }

    static String checkPassive(String text) {
        int colon = text.indexOf(':');
        String method = colon < 0 ? text : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        switch (method) {
            case "punix":
                return rest.isEmpty() ? "'" + text + "' names no socket file" : null;
            case "mgmt":
                return rest.isEmpty() ? "'" + text + "' names no OVS run directory" : null;
            case "ptcp":
            case "pssl": {
                int c = rest.indexOf(':');
                String port = c < 0 ? rest : rest.substring(0, c);
                if (!port.isEmpty() && !validPort(port, true)) {
                    return "'" + text + "': bad port '" + port + "'";
                }
                if (c >= 0 && !HOST.matcher(rest.substring(c + 1)).matches()) {
                    return "'" + text + "': bad address '" + rest.substring(c + 1) + "'";
                }
                return null;
            }
            default:
                return "'" + text + "' is not a passive connection method (punix:FILE, ptcp:PORT[:IP]) nor mgmt:OVS_RUNDIR";
        }
    }

    private static String checkHostPort(String text, String rest) {
        String host = rest;
        String port = null;
        int c = rest.lastIndexOf(':');
        if (c >= 0 && rest.indexOf(']') < c) {
            host = rest.substring(0, c);
            port = rest.substring(c + 1);
        }
        if (!HOST.matcher(host).matches()) {
            return "'" + text + "': bad host '" + host + "'";
        }
        if (port != null && !validPort(port, false)) {
            return "'" + text + "': bad port '" + port + "'";
        }
        return null;
    }

    static boolean validPort(String s, boolean zeroAllowed) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int p = Integer.parseInt(s);
        return p <= 65535 && (zeroAllowed || p > 0);
    }

    /**
     * The active target a bridge uses to reach a passive listener: {@code ptcp:6653:127.0.0.1} becomes
     * {@code tcp:127.0.0.1:6653}, a wildcard or missing address becomes loopback, {@code punix:F} becomes
     * {@code unix:F}; {@code mgmt:DIR} (vifd connects to {@code DIR/<bridge>.mgmt} itself) has none: empty.
     */
    static String activeFor(String passive) {
        int colon = passive.indexOf(':');
        String method = passive.substring(0, colon);
        String rest = passive.substring(colon + 1);
        if (method.equals("punix")) {
            return "unix:" + rest;
        }
        if (method.equals("mgmt")) {
            return ""; // no Controller: vifd connects to each bridge's service socket
        }
        int c = rest.indexOf(':');
        String port = c < 0 ? rest : rest.substring(0, c);
        if (port.isEmpty()) {
            port = "6653";
        }
        String ip = c < 0 ? "" : rest.substring(c + 1);
        if (ip.isEmpty() || ip.equals("0.0.0.0")) {
            ip = "127.0.0.1";
        } else if (ip.equals("[::]") || ip.equals("::")) {
            ip = "[::1]";
        }
        return (method.equals("pssl") ? "ssl:" : "tcp:") + ip + ":" + port;
    }

    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            out.add(s.strip());
        }
        return out;
    }
}
