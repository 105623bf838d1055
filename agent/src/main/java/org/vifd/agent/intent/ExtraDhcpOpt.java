package org.vifd.agent.intent;

import java.util.Objects;

/**
 * One of a port's {@code extra_dhcp_opts}: a DHCP option by name or number ({@code opt_name}) with its value as
 * text ({@code opt_value}); {@code ipVersion} 4 (default) or 6, as Neutron's {@code ip_version}.
 */
public record ExtraDhcpOpt(String optName, String optValue, int ipVersion) {
    public ExtraDhcpOpt {
        Objects.requireNonNull(optName, "optName");
        Objects.requireNonNull(optValue, "optValue");
    }
}
