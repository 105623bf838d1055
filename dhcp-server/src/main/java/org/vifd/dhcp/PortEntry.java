package org.vifd.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A port binding compiled for the hot path: addresses as primitives and every option value already encoded, so
 * answering a client copies bytes and computes nothing. Built once per binding change, off the hot path.
 */
final class PortEntry {

    final int portKey;
    final PortBinding binding;
    final long mac;
    final int ip;
    /** The port's MAC first, then those of its allowed address pairs. */
    final long[] acceptedMacs;
    final int serverId;
    final long serverMac;
    final int siaddr;
    /** The bootfile name for the header's file field, or null. */
    final byte[] file;
    final int leaseSeconds;
    final int renewalSeconds;
    final int rebindingSeconds;
    final byte[] hostname;
    final String hostnameText;
    /** Option code → encoded value, for the options this port can serve (lease times and 54 excluded). */
    final byte[][] values;
    /** Codes in {@link #values}, in the order served to a client that sends no parameter request list. */
    final byte[] defaultOrder;
    /** The subnet's encoded options this entry was compiled with (shared by the subnet's ports). */
    final SubnetOptions subnetOptions;

    PortEntry(int portKey, PortBinding b, SubnetOptions subnetOptions) {
        this.portKey = portKey;
        this.subnetOptions = subnetOptions;
        this.binding = b;
        this.mac = b.mac().bits();
        this.ip = b.ip().bits();
        Subnet s = b.subnet();
        this.serverId = s.serverId().bits();
        this.serverMac = s.serverMac().bits();
        this.hostnameText = b.effectiveHostname();
        this.hostname = hostnameText.getBytes(StandardCharsets.ISO_8859_1);

        long[] macs = new long[1 + b.allowedAddressPairs().size()];
        macs[0] = mac;
        for (int i = 0; i < b.allowedAddressPairs().size(); i++) {
            macs[i + 1] = b.allowedAddressPairs().get(i).mac().bits();
        }
        this.acceptedMacs = macs;

        Map<Integer, byte[]> opts = new LinkedHashMap<>(subnetOptions.values);
        opts.put(DhcpOption.HOSTNAME.code(), hostname);
        int siaddrBits = 0;
        for (ExtraDhcpOption extra : b.extraOptions()) {
            if (extra.isServerIpAddress()) {
                siaddrBits = Ipv4Address.parse(extra.value()).bits();
                continue;
            }
            DhcpOption option = extra.option();
            if (option.code() == 0 || option.code() == 255 || option.code() == 52 || option.code() == 53
                    || option.code() == 54 || option.code() == 82) {
                throw new IllegalArgumentException("port " + b.portId() + ": option " + option + " cannot be set per port");
            }
            opts.put(option.code(), extra.encodedValue());
        }
        this.siaddr = siaddrBits;
        byte[] bootfile = opts.get(DhcpOption.BOOTFILE_NAME.code());
        this.file = bootfile != null && bootfile.length < 128 ? java.util.Arrays.copyOf(bootfile, 128) : null;

        // Lease times: the subnet's, unless extra_dhcp_opts set them; T1/T2 default to 1/2 and 7/8 (RFC 2131 §4.4.5).
        byte[] lease = opts.remove(DhcpOption.LEASE_TIME.code());
        byte[] t1 = opts.remove(DhcpOption.RENEWAL_TIME.code());
        byte[] t2 = opts.remove(DhcpOption.REBINDING_TIME.code());
        long leaseSeconds = lease != null && lease.length == 4 ? uint32(lease) : s.leaseTime().getSeconds();
        this.leaseSeconds = (int) leaseSeconds;
        this.renewalSeconds = t1 != null && t1.length == 4 ? (int) uint32(t1) : (int) (leaseSeconds / 2);
        this.rebindingSeconds = t2 != null && t2.length == 4 ? (int) uint32(t2) : (int) (leaseSeconds * 7 / 8);

        this.values = new byte[256][];
        List<Byte> order = new ArrayList<>();
        for (Map.Entry<Integer, byte[]> e : opts.entrySet()) {
            values[e.getKey()] = e.getValue();
            order.add((byte) (int) e.getKey());
        }
        this.defaultOrder = new byte[order.size()];
        for (int i = 0; i < order.size(); i++) {
            defaultOrder[i] = order.get(i);
        }
    }

    private static long uint32(byte[] v) {
        return ((v[0] & 0xffL) << 24) | ((v[1] & 0xff) << 16) | ((v[2] & 0xff) << 8) | (v[3] & 0xff);
    }

    boolean accepts(long candidateMac, boolean allowAddressPairMacs) {
        if (candidateMac == mac) {
            return true;
        }
        if (allowAddressPairMacs) {
            for (int i = 1; i < acceptedMacs.length; i++) {
                if (acceptedMacs[i] == candidateMac) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A subnet's option values, encoded once and shared by its ports. */
    static final class SubnetOptions {
        final Subnet subnet;
        final Map<Integer, byte[]> values = new LinkedHashMap<>();

        SubnetOptions(Subnet s) {
            this.subnet = s;
            values.put(DhcpOption.SUBNET_MASK.code(), s.cidr().mask().toBytes());
            if (s.gateway() != null) {
                values.put(DhcpOption.ROUTER.code(), s.gateway().toBytes());
            }
            if (!s.dnsServers().isEmpty()) {
                values.put(DhcpOption.DNS_SERVER.code(), new OptionValue.Addresses(s.dnsServers()).encode());
            }
            values.put(DhcpOption.DOMAIN_NAME.code(), s.domain().getBytes(StandardCharsets.ISO_8859_1));
            values.put(DhcpOption.MTU.code(), new byte[] {(byte) (s.mtu() >>> 8), (byte) s.mtu()});
            values.put(DhcpOption.BROADCAST_ADDRESS.code(), s.cidr().broadcast().toBytes());
            if (!s.searchDomains().isEmpty()) {
                values.put(DhcpOption.DOMAIN_SEARCH.code(), DomainNames.encode(s.searchDomains()));
            }
            if (!s.hostRoutes().isEmpty()) {
                // RFC 3442 §2: a client that gets option 121 ignores option 3, so the default route goes in too.
                List<ClasslessRoute> routes = new ArrayList<>(s.hostRoutes());
                boolean hasDefault = routes.stream().anyMatch(r -> r.destination().prefixLength() == 0);
                if (s.gateway() != null && !hasDefault) {
                    routes.add(new ClasslessRoute(new Ipv4Cidr(Ipv4Address.ANY, 0), s.gateway()));
                }
                byte[] encoded = ClasslessRoute.encode(routes);
                values.put(DhcpOption.CLASSLESS_STATIC_ROUTE.code(), encoded);
                values.put(DhcpOption.MS_CLASSLESS_STATIC_ROUTE.code(), encoded);
            }
        }
    }
}
