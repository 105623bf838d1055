package org.vifd.agent.dhcp;

import java.util.Objects;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.MacAddress;
import org.vifd.dhcp.PortBinding;

/**
 * One wired port that vifd serves DHCP to: what its punt flows match on and where its replies go, joined with its
 * binding. Built from the intent by {@link DhcpBindingsBuilder}; an immutable value.
 *
 * @param portKey       the compact key in the punt flow's userdata (1..{@link DhcpPortKeys#MAX_KEY}); also the
 *                      port's meter id
 * @param ofport        the port's OpenFlow port number on the integration bridge: packet-in's in_port, packet-out's
 *                      output
 * @param binding       the DHCP binding (port id, MAC, address, subnet with the server's identity)
 * @param arpResponder  whether vifd answers ARP for the server address on this port: only when the subnet has a
 *                      {@code network:dhcp} port, whose address no one else owns (never for a gateway a router owns)
 */
public record DhcpPort(int portKey, long ofport, PortBinding binding, boolean arpResponder) {
    public DhcpPort {
        Objects.requireNonNull(binding, "binding");
        if (portKey < 1 || portKey > DhcpPortKeys.MAX_KEY) {
            throw new IllegalArgumentException("port " + binding.portId() + ": key " + portKey + " outside 1.."
                    + DhcpPortKeys.MAX_KEY);
        }
        if (ofport < 1 || ofport >= 0xffffff00L) {
            throw new IllegalArgumentException("port " + binding.portId() + ": ofport " + ofport
                    + " is not a physical port number");
        }
    }

    public String portId() {
        return binding.portId();
    }

    public MacAddress mac() {
        return binding.mac();
    }

    /** The DHCP server identifier (option 54) and the address unicast renewals are sent to. */
    public Ipv4Address serverIp() {
        return binding.subnet().serverId();
    }

    public MacAddress serverMac() {
        return binding.subnet().serverMac();
    }
}
