package org.vifd.agent.flows;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.vifd.agent.intent.AllowedAddressPair;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.IpPrefix;
import org.vifd.agent.intent.Port;
import org.vifd.openflow.packet.MacAddress;

/**
 * What a wired port's admission flows need: its OpenFlow port, its MAC, and the (MAC, IPv4 prefix) pairs it may send
 * from: each fixed IPv4 address with the port's MAC, and each IPv4 allowed address pair; {@code macs} are the
 * port's MAC and the allowed address pairs' MACs, without repeats.
 *
 * @param portSecurity false: admitted without any check
 */
public record PortWiring(String portId, long ofport, MacAddress mac, boolean portSecurity, List<Source> sources,
                         List<MacAddress> macs) {
    /** One allowed source: this MAC with an IPv4 address in this prefix. */
    public record Source(MacAddress mac, IpPrefix ipv4) {
        public Source {
            Objects.requireNonNull(mac, "mac");
            if (!ipv4.isIpv4()) {
                throw new IllegalArgumentException(ipv4 + " is not IPv4");
            }
        }
    }

    public PortWiring {
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(mac, "mac");
        sources = List.copyOf(sources);
        macs = List.copyOf(new LinkedHashSet<>(macs));
        if (ofport < 1 || ofport > 0xfeff) {
            throw new IllegalArgumentException("ofport " + ofport + " of port " + portId + " is not a switch port");
        }
    }

    /** The wiring of an intent port plugged at {@code ofport}. IPv6 addresses add no source (MAC check only). */
    public static PortWiring of(Port port, long ofport) {
        List<Source> sources = new ArrayList<>();
        List<MacAddress> macs = new ArrayList<>();
        macs.add(port.macAddress());
        for (FixedIp f : port.fixedIps()) {
            IpPrefix p = IpPrefix.host(f.ipAddress());
            if (p.isIpv4()) {
                sources.add(new Source(port.macAddress(), p));
            }
        }
        for (AllowedAddressPair a : port.allowedAddressPairs()) {
            macs.add(a.macAddress());
            if (a.ipAddress().isIpv4()) {
                sources.add(new Source(a.macAddress(), a.ipAddress()));
            }
        }
        return new PortWiring(port.id(), ofport, port.macAddress(), port.portSecurityEnabled(),
                List.copyOf(new LinkedHashSet<>(sources)), List.copyOf(macs));
    }
}
