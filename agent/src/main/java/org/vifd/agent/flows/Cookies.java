package org.vifd.agent.flows;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Flow cookies: the high 32 bits name the agent run, the low 32 bits the purpose (4 bits) and a key (28 bits: the
 * network's local VLAN, the port's ofport). A run installs its flows, then deletes every flow whose cookie is not
 * its own; an ADD of the same match and priority replaces a flow in place, so a restart leaves no gap in traffic.
 *
 * <p>Removing a port's or a network's flows is one delete by exact cookie.
 *
 * @param runId this agent run's id, never 0 (flows with cookie 0 are nobody's)
 */
public record Cookies(int runId) {
    /** Selects the run in a cookie mask. */
    public static final long RUN_MASK = 0xffff_ffff_0000_0000L;
    /** Selects the whole cookie. */
    public static final long EXACT = -1L;
    static final int KEY_BITS = 28;
    static final long KEY_MASK = (1L << KEY_BITS) - 1;

    /** What a flow is for; the code is the cookie's bits 28..31. */
    public enum Purpose {
        /** Per bridge: default drops, canary, table plumbing. */
        BASE(1),
        /** Per network: VLAN translation on both bridges; key = local VLAN. */
        NETWORK(2),
        /** Per port: admission and anti-spoofing; key = ofport. */
        PORT(3),
        /** DHCP punt, meter and ARP responder flows (org.vifd.agent.dhcp.DhcpFlows); key = DHCP port key, 0 for
         *  the per-bridge defaults. */
        DHCP(4);

        private final int code;

        Purpose(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Optional<Purpose> ofCode(int code) {
            for (Purpose p : values()) {
                if (p.code == code) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    public Cookies {
        if (runId == 0) {
            throw new IllegalArgumentException("run id 0 is reserved for flows that are nobody's");
        }
    }

    /** A fresh run id from {@code random}, never 0. */
    public static Cookies newRun(RandomGenerator random) {
        int id;
        do {
            id = random.nextInt();
        } while (id == 0);
        return new Cookies(id);
    }

    public long base() {
        return cookie(Purpose.BASE, 0);
    }

    public long network(int localVlan) {
        return cookie(Purpose.NETWORK, localVlan);
    }

    public long port(long ofport) {
        return cookie(Purpose.PORT, ofport);
    }

    /** This run's bits, to match with {@link #RUN_MASK}. */
    public long run() {
        return (long) runId << 32;
    }

    /** True when the cookie belongs to this run. */
    public boolean isOwn(long cookie) {
        return (cookie & RUN_MASK) == run();
    }

    public long cookie(Purpose purpose, long key) {
        if (key < 0 || key > KEY_MASK) {
            throw new IllegalArgumentException("cookie key " + key + " does not fit " + KEY_BITS + " bits");
        }
        return run() | (long) purpose.code() << KEY_BITS | key;
    }

    /** The run id in a cookie. */
    public static int runOf(long cookie) {
        return (int) (cookie >>> 32);
    }

    /** The purpose in a cookie, empty for a cookie vifd did not make. */
    public static Optional<Purpose> purposeOf(long cookie) {
        return Purpose.ofCode((int) (cookie >>> KEY_BITS) & 0xf);
    }

    /** The key in a cookie (local VLAN, ofport). */
    public static long keyOf(long cookie) {
        return cookie & KEY_MASK;
    }

    @Override
    public String toString() {
        return String.format("run %08x", runId);
    }
}
