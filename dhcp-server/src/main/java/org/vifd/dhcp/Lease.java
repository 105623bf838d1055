package org.vifd.dhcp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One lease event: who (MAC, client identifier), which address, the hostname served, and until when
 * ({@code expiresAtMillis}, epoch milliseconds; for a DECLINED record, until when the address is held in conflict).
 */
public record Lease(LeaseState state, MacAddress mac, Ipv4Address ip, byte[] clientId, String hostname,
                    long expiresAtMillis) {

    private static final byte[] NONE = new byte[0];

    public Lease {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
        clientId = clientId == null || clientId.length == 0 ? NONE : clientId.clone();
        hostname = hostname == null ? "" : hostname;
    }

    @Override
    public byte[] clientId() {
        return clientId.clone();
    }

    byte[] clientIdBytes() {
        return clientId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lease l && l.state == state && l.mac.equals(mac) && l.ip.equals(ip)
                && Arrays.equals(l.clientId, clientId) && l.hostname.equals(hostname)
                && l.expiresAtMillis == expiresAtMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, mac, ip, Arrays.hashCode(clientId), hostname, expiresAtMillis);
    }

    @Override
    public String toString() {
        return "Lease[" + state + " " + ip + " mac=" + mac + " client-id=" + HexFormat.of().formatHex(clientId)
                + " hostname=" + hostname + " expires=" + expiresAtMillis + "]";
    }
}
