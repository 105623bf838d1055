package org.vifd.dhcp;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the responder behaves. Defaults: silent to unknown clients, address-pair MACs not accepted, 20 messages/s
 * per port (burst 40), {@value #DEFAULT_GLOBAL_RATE} messages/s overall (burst {@value #DEFAULT_GLOBAL_BURST}),
 * declined addresses held 10 minutes, offers recorded for 60 s, decoder limit
 * {@link DhcpMessageDecoder#DEFAULT_MAX_MESSAGE_BYTES}.
 *
 * <p>Why these limits: the per-port bucket is the flood guard (a VM that floods is answered at 20/s and does not
 * slow the others; the switch's per-port meter stops most of the flood before it reaches us). The overall bucket
 * only bounds the responder's CPU when every port of a host is at its limit at once; it must not cap a real host's
 * legitimate peak (a host reboot: every VM doing DORA at once), so it is set far above what one OpenFlow channel
 * carries (OVN's ovn-controller peaks at about 13,000 DORA exchanges, 26,000 messages, per second on a 2-core
 * machine; see docs/benchmarks.md) and below the responder's own capacity (some 500,000 messages/s on one core,
 * the DhcpDora JMH benchmark). The former default, 20,000 messages/s, capped vifd below OVN's rate.
 *
 *
 * @param nakUnknownClients answer a REQUEST from a port without a binding with a NAK (from
 *        {@code fallbackServerId}) instead of silence
 * @param allowAddressPairMacs also answer when the frame's source MAC and chaddr are an allowed address pair's MAC
 */
public record DhcpResponderConfig(boolean nakUnknownClients, Ipv4Address fallbackServerId, MacAddress fallbackServerMac,
                                  boolean allowAddressPairMacs, double perPortRate, int perPortBurst,
                                  double globalRate, int globalBurst, Duration declineHold, Duration offerHold,
                                  int maxMessageBytes, Clock clock) {

    public DhcpResponderConfig {
        Objects.requireNonNull(declineHold, "declineHold");
        Objects.requireNonNull(offerHold, "offerHold");
        Objects.requireNonNull(clock, "clock");
        if (nakUnknownClients && (fallbackServerId == null || fallbackServerMac == null)) {
            throw new IllegalArgumentException("nakUnknownClients needs fallbackServerId and fallbackServerMac");
        }
        if (perPortRate <= 0 || globalRate <= 0 || perPortBurst < 1 || globalBurst < 1) {
            throw new IllegalArgumentException("rates must be positive and bursts at least 1");
        }
    }

    /** Messages per second the whole responder answers by default (all ports together). */
    public static final int DEFAULT_GLOBAL_RATE = 200_000;
    /** The overall bucket's default burst. */
    public static final int DEFAULT_GLOBAL_BURST = 200_000;

    public static DhcpResponderConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private boolean nakUnknownClients;
        private Ipv4Address fallbackServerId;
        private MacAddress fallbackServerMac;
        private boolean allowAddressPairMacs;
        private double perPortRate = 20;
        private int perPortBurst = 40;
        private double globalRate = DEFAULT_GLOBAL_RATE;
        private int globalBurst = DEFAULT_GLOBAL_BURST;
        private Duration declineHold = Duration.ofMinutes(10);
        private Duration offerHold = Duration.ofSeconds(60);
        private int maxMessageBytes = DhcpMessageDecoder.DEFAULT_MAX_MESSAGE_BYTES;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder nakUnknownClients(Ipv4Address serverId, MacAddress serverMac) {
            this.nakUnknownClients = true;
            this.fallbackServerId = serverId;
            this.fallbackServerMac = serverMac;
            return this;
        }

        public Builder allowAddressPairMacs(boolean allow) { this.allowAddressPairMacs = allow; return this; }

        public Builder perPortRate(double perSecond, int burst) {
            this.perPortRate = perSecond;
            this.perPortBurst = burst;
            return this;
        }

        public Builder globalRate(double perSecond, int burst) {
            this.globalRate = perSecond;
            this.globalBurst = burst;
            return this;
        }

        public Builder declineHold(Duration hold) { this.declineHold = hold; return this; }
        public Builder offerHold(Duration hold) { this.offerHold = hold; return this; }
        public Builder maxMessageBytes(int max) { this.maxMessageBytes = max; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        public DhcpResponderConfig build() {
            return new DhcpResponderConfig(nakUnknownClients, fallbackServerId, fallbackServerMac,
                    allowAddressPairMacs, perPortRate, perPortBurst, globalRate, globalBurst, declineHold,
                    offerHold, maxMessageBytes, clock);
        }
    }
}
