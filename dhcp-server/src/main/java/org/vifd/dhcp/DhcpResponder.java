package org.vifd.dhcp;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server's policy, transport-agnostic: given a DHCP payload and where it arrived, the reply to send or
 * nothing. Authoritative for ports with a binding, silent for everyone else (or NAK, if configured). Thread-safe;
 * it never blocks (leases go to a {@link LeaseRecorder} that must not block either) and never throws on bad input.
 */
public final class DhcpResponder {

    private static final Logger log = LoggerFactory.getLogger(DhcpResponder.class);

    /** RFC 2131 §2: every client must accept a 576-byte IP datagram; option 57 counts IP and UDP headers (§9.10). */
    static final int MIN_IP_DATAGRAM = 576;
    static final int IP_UDP_HEADERS = 28;

    private final DhcpResponderConfig config;
    private final DhcpMessageDecoder decoder;
    private final LeaseRecorder recorder;
    private final TokenBucket global;
    private final ConcurrentHashMap<String, TokenBucket> perPort = new ConcurrentHashMap<>();
    /** Declined addresses (RFC 2131 §4.3.3) → until when they are held in conflict (epoch ms). */
    private final ConcurrentHashMap<Integer, Long> conflicts = new ConcurrentHashMap<>();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private volatile Bindings bindings;
    private volatile PortEventListener events = PortEventListener.NONE;
    /** Requests received by DHCP message type code (1..8); index 0 counts other types. */
    private final LongAdder[] receivedByType = new LongAdder[9];

    private final LongAdder received = new LongAdder();
    private final LongAdder replied = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder decodeErrors = new LongAdder();
    private final LongAdder spoofed = new LongAdder();
    private final LongAdder unknownClients = new LongAdder();

    public DhcpResponder(DhcpResponderConfig config, Bindings initial, LeaseRecorder recorder) {
        this.config = Objects.requireNonNull(config, "config");
        this.bindings = Objects.requireNonNull(initial, "initial");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.decoder = new DhcpMessageDecoder(config.maxMessageBytes());
        this.global = new TokenBucket(config.globalRate(), config.globalBurst(), config.clock().millis());
        for (int i = 0; i < receivedByType.length; i++) {
            receivedByType[i] = new LongAdder();
        }
    }

    /** Where port events (DECLINE, NAK, spoofed, undecodable) go; must not block. */
    public void events(PortEventListener listener) {
        this.events = Objects.requireNonNull(listener, "listener");
    }

    /** Requests received (decoded, BOOTREQUEST) of this message type since start. */
    public long received(DhcpMessageType type) {
        int code = type.code();
        return receivedByType[code >= 1 && code <= 8 ? code : 0].sum();
    }

    /** Publishes a new snapshot: the very next packet is answered from it. */
    public void bindings(Bindings next) {
        this.bindings = Objects.requireNonNull(next, "bindings");
        if (perPort.size() > next.size()) {
            // Forget the rate-limit state of removed ports (only when some must be stale: cheap on every update).
            Set<String> live = new HashSet<>();
            next.asMap().values().forEach(b -> live.add(b.portId()));
            perPort.keySet().retainAll(live);
        }
    }

    public Bindings bindings() {
        return bindings;
    }

    /** Takes back declines still in force from a replayed journal (see {@link LeaseJournal#replayed()}). */
    public void restore(Collection<Lease> leases) {
        long now = config.clock().millis();
        for (Lease l : leases) {
            if (l.state() == LeaseState.DECLINED && l.expiresAtMillis() > now) {
                conflicts.put(l.ip().bits(), l.expiresAtMillis());
            }
        }
    }

    /** Whether the address is held in conflict after a DECLINE. */
    public boolean inConflict(Ipv4Address ip) {
        return inConflict(ip.bits(), config.clock().millis());
    }

    public Counters counters() {
        return new Counters(received.sum(), replied.sum(), rateLimited.sum(), decodeErrors.sum(), spoofed.sum(),
                unknownClients.sum());
    }

    /** Message counts since start. */
    public record Counters(long received, long replied, long rateLimited, long decodeErrors, long spoofed,
                           long unknownClients) {
    }

    /**
     * Answers one DHCP message (the UDP payload, from the buffer's position to its limit; the buffer is not
     * modified). Empty when the message is dropped: rate limit, decode error, not from the port's MAC, unknown
     * client, a request for another server, a DECLINE or RELEASE (which get no answer).
     */
    public Optional<Reply> handle(PortContext ctx, ByteBuffer payload) {
        received.increment();
        long now = config.clock().millis();
        if (!global.tryAcquire(now)) {
            rateLimited.increment();
            return Optional.empty();
        }
        PortEntry port = bindings.entry(ctx.portKey());
        if (port != null && !portBucket(port, now).tryAcquire(now)) {
            rateLimited.increment();
            return Optional.empty();
        }
        DhcpMessage m;
        try {
            m = decoder.decode(payload);
        } catch (DhcpDecodeException e) {
            decodeErrors.increment();
            log.warn("DHCP decode error port-key={} port={} src-mac={} offset={}: {}", ctx.portKey(),
                    port == null ? "-" : port.binding.portId(), ctx.sourceMac(), e.offset(), e.reason());
            if (port != null) {
                events.portEvent(new PortEventListener.PortEvent(port.binding.portId(), PortEventListener.Kind.MALFORMED,
                        "undecodable message at offset " + e.offset() + ": " + e.reason()));
            }
            return Optional.empty();
        }
        DhcpMessageType type = m.messageType();
        if (m.op() != DhcpMessage.BOOTREQUEST || type == null) {
            log.debug("DHCP drop port-key={} xid=0x{}: op {} type {} is not a DHCP request", ctx.portKey(),
                    Integer.toHexString(m.xid()), m.op(), type);
            return Optional.empty();
        }
        int typeCode = type.code();
        receivedByType[typeCode >= 1 && typeCode <= 8 ? typeCode : 0].increment();
        if (port == null) {
            return unknownClient(ctx, m, type);
        }
        long chaddr = m.htype() == 1 && m.hlen() == 6 ? MacAddress.read(m.chaddrBytes(), 0) : -1;
        if (chaddr < 0 || !port.accepts(chaddr, config.allowAddressPairMacs())
                || !port.accepts(ctx.sourceMac().bits(), config.allowAddressPairMacs())) {
            spoofed.increment();
            log.warn("DHCP drop port={} port-key={} xid=0x{} {}: src-mac={} chaddr={} not the port's MAC {}",
                    port.binding.portId(), ctx.portKey(), Integer.toHexString(m.xid()), type, ctx.sourceMac(),
                    chaddr < 0 ? "htype " + m.htype() + "/hlen " + m.hlen() : new MacAddress(chaddr), port.binding.mac());
            events.portEvent(new PortEventListener.PortEvent(port.binding.portId(), PortEventListener.Kind.SPOOFED,
                    type + " from src-mac " + ctx.sourceMac() + " chaddr "
                            + (chaddr < 0 ? "htype " + m.htype() + "/hlen " + m.hlen() : new MacAddress(chaddr))
                            + ", not the port's MAC " + port.binding.mac()));
            return Optional.empty();
        }
        Optional<Reply> reply = switch (type.code()) {
            case 1 -> discover(ctx, port, m, now);
            case 3 -> request(ctx, port, m, now);
            case 4 -> decline(port, m, chaddr, now);
            case 7 -> release(port, m, chaddr, now);
            case 8 -> Optional.of(reply(ctx, port, m, DhcpMessageType.ACK, false, false, null));
            default -> {
                log.debug("DHCP drop port={} xid=0x{}: {} is not served", port.binding.portId(),
                        Integer.toHexString(m.xid()), type);
                yield Optional.empty();
            }
        };
        if (reply.isPresent()) {
            replied.increment();
        }
        return reply;
    }

    private TokenBucket portBucket(PortEntry port, long now) {
        TokenBucket bucket = perPort.get(port.binding.portId());
        if (bucket == null) {
            TokenBucket fresh = new TokenBucket(config.perPortRate(), config.perPortBurst(), now);
            bucket = perPort.putIfAbsent(port.binding.portId(), fresh);
            if (bucket == null) {
                bucket = fresh;
            }
        }
        return bucket;
    }

    private Optional<Reply> unknownClient(PortContext ctx, DhcpMessage m, DhcpMessageType type) {
        unknownClients.increment();
        if (config.nakUnknownClients() && type.code() == 3) {
            log.info("DHCP NAK port-key={} xid=0x{} chaddr={}: no binding for this port", ctx.portKey(),
                    Integer.toHexString(m.xid()), m.clientMac());
            return Optional.of(nak(ctx, null, m, "no binding for this client"));
        }
        log.debug("DHCP ignore port-key={} xid=0x{} {}: no binding for this port", ctx.portKey(),
                Integer.toHexString(m.xid()), type);
        return Optional.empty();
    }

    // ---- RFC 2131 §4.3: one method per message type ----

    private Optional<Reply> discover(PortContext ctx, PortEntry port, DhcpMessage m, long now) {
        if (inConflict(port.ip, now)) {
            log.warn("DHCP no offer port={} xid=0x{}: {} is held in conflict after a DECLINE", port.binding.portId(),
                    Integer.toHexString(m.xid()), port.binding.ip());
            return Optional.empty();
        }
        // RFC 4039 §4: a DISCOVER with rapid commit may be answered with an ACK carrying option 80.
        boolean rapid = m.options().indexOf(DhcpOption.RAPID_COMMIT.code()) >= 0;
        DhcpMessageType type = rapid ? DhcpMessageType.ACK : DhcpMessageType.OFFER;
        Reply reply = reply(ctx, port, m, type, true, rapid, null);
        record(port, m, rapid ? LeaseState.BOUND : LeaseState.OFFERED,
                now + (rapid ? port.leaseSeconds * 1000L : config.offerHold().toMillis()));
        if (log.isDebugEnabled()) {
            log.debug("DHCP {} port={} xid=0x{} ip={} mac={}", type, port.binding.portId(), Integer.toHexString(m.xid()),
                    port.binding.ip(), port.binding.mac());
        }
        return Optional.of(reply);
    }

    /** RFC 2131 §4.3.2: the client's state is told by which of server id, requested address and ciaddr are set. */
    private Optional<Reply> request(PortContext ctx, PortEntry port, DhcpMessage m, long now) {
        DhcpOptions o = m.options();
        boolean hasServerId = o.indexOf(DhcpOption.SERVER_ID.code()) >= 0;
        boolean hasRequested = o.indexOf(DhcpOption.REQUESTED_IP.code()) >= 0;
        int requested = o.ipv4(DhcpOption.REQUESTED_IP.code(), 0);
        int ciaddr = m.ciaddr().bits();
        String state;
        int wanted;
        if (hasServerId) {
            state = "SELECTING";
            int serverId = o.ipv4(DhcpOption.SERVER_ID.code(), 0);
            if (serverId != port.serverId) {
                log.debug("DHCP ignore port={} xid=0x{}: client chose server {}, not us", port.binding.portId(),
                        Integer.toHexString(m.xid()), Ipv4Address.toString(serverId));
                return Optional.empty();
            }
            wanted = hasRequested ? requested : ciaddr;
        } else if (hasRequested) {
            state = "INIT-REBOOT";
            wanted = requested;
        } else if (ciaddr != 0) {
            state = ctx.destinationIp().bits() == -1 ? "REBINDING" : "RENEWING";
            wanted = ciaddr;
        } else {
            log.warn("DHCP drop port={} xid=0x{}: REQUEST with neither server id, requested address nor ciaddr",
                    port.binding.portId(), Integer.toHexString(m.xid()));
            return Optional.empty();
        }
        if (wanted != port.ip || inConflict(port.ip, now)) {
            log.info("DHCP NAK port={} xid=0x{} {}: client asked for {}, its address is {}{}", port.binding.portId(),
                    Integer.toHexString(m.xid()), state, Ipv4Address.toString(wanted), port.binding.ip(),
                    wanted == port.ip ? " (held in conflict)" : "");
            events.portEvent(new PortEventListener.PortEvent(port.binding.portId(), PortEventListener.Kind.NAK,
                    state + " REQUEST for " + Ipv4Address.toString(wanted) + ", the port's address is "
                            + port.binding.ip() + (wanted == port.ip ? " (held in conflict after a DECLINE)" : "")));
            return Optional.of(nak(ctx, port, m, "requested address is not yours"));
        }
        Reply reply = reply(ctx, port, m, DhcpMessageType.ACK, true, false, null);
        record(port, m, LeaseState.BOUND, now + port.leaseSeconds * 1000L);
        if (log.isDebugEnabled()) {
            log.debug("DHCP ACK port={} xid=0x{} {} ip={}", port.binding.portId(), Integer.toHexString(m.xid()), state,
                    port.binding.ip());
        }
        return Optional.of(reply);
    }

    /** RFC 2131 §4.3.3: the client found the address in use; hold it in conflict and tell the operator loudly. */
    private Optional<Reply> decline(PortEntry port, DhcpMessage m, long chaddr, long now) {
        DhcpOptions o = m.options();
        int serverId = o.ipv4(DhcpOption.SERVER_ID.code(), port.serverId);
        int requested = o.ipv4(DhcpOption.REQUESTED_IP.code(), 0);
        if (serverId != port.serverId || requested != port.ip) {
            log.debug("DHCP ignore DECLINE port={} xid=0x{} for {} via server {}", port.binding.portId(),
                    Integer.toHexString(m.xid()), Ipv4Address.toString(requested), Ipv4Address.toString(serverId));
            return Optional.empty();
        }
        long until = now + config.declineHold().toMillis();
        conflicts.put(port.ip, until);
        log.warn("DHCP DECLINE port={} mac={} ip={}: the client saw the address in use, ANOTHER HOST HAS IT; "
                        + "no offer for it for {} s", port.binding.portId(), new MacAddress(chaddr), port.binding.ip(),
                config.declineHold().toSeconds());
        events.portEvent(new PortEventListener.PortEvent(port.binding.portId(), PortEventListener.Kind.DECLINE,
                "client " + new MacAddress(chaddr) + " found " + port.binding.ip() + " in use by another host; no offer"
                        + " for it for " + config.declineHold().toSeconds() + " s"));
        record(port, m, LeaseState.DECLINED, until);
        return Optional.empty();
    }

    /** RFC 2131 §4.3.4: the client gives the address back; nothing is sent. */
    private Optional<Reply> release(PortEntry port, DhcpMessage m, long chaddr, long now) {
        int serverId = m.options().ipv4(DhcpOption.SERVER_ID.code(), port.serverId);
        if (serverId != port.serverId || m.ciaddr().bits() != port.ip) {
            log.debug("DHCP ignore RELEASE port={} xid=0x{} of {}", port.binding.portId(), Integer.toHexString(m.xid()),
                    m.ciaddr());
            return Optional.empty();
        }
        log.info("DHCP RELEASE port={} mac={} ip={}", port.binding.portId(), new MacAddress(chaddr), port.binding.ip());
        record(port, m, LeaseState.RELEASED, now);
        return Optional.empty();
    }

    private boolean inConflict(int ip, long now) {
        if (conflicts.isEmpty()) {
            return false;
        }
        Long until = conflicts.get(ip);
        if (until == null) {
            return false;
        }
        if (until <= now) {
            conflicts.remove(ip, until);
            return false;
        }
        return true;
    }

    private void record(PortEntry port, DhcpMessage m, LeaseState state, long expiresAt) {
        int i = m.options().indexOf(DhcpOption.CLIENT_ID.code());
        byte[] clientId = i < 0 ? null : java.util.Arrays.copyOfRange(m.options().data(), m.options().offset(i),
                m.options().offset(i) + m.options().length(i));
        recorder.record(new Lease(state, new MacAddress(MacAddress.read(m.chaddrBytes(), 0)), port.binding.ip(),
                clientId, port.hostnameText, expiresAt));
    }

    // ---- building replies ----

    private Reply nak(PortContext ctx, PortEntry port, DhcpMessage m, String message) {
        return reply(ctx, port, m, DhcpMessageType.NAK, false, false, message);
    }

    /**
     * Builds OFFER, ACK (lease fields unless INFORM) or NAK per RFC 2131 Table 3, fitted into the client's maximum
     * message size, and addresses it per RFC 2131 §4.1.
     */
    private Reply reply(PortContext ctx, PortEntry port, DhcpMessage m, DhcpMessageType type, boolean lease,
                        boolean rapid, String nakMessage) {
        boolean nak = type.code() == 6;
        boolean inform = m.messageType().code() == 8;
        DhcpOptions req = m.options();
        int serverId = port != null ? port.serverId : config.fallbackServerId().bits();
        long serverMac = port != null ? port.serverMac : config.fallbackServerMac().bits();

        // RFC 2132 §9.10: option 57 counts the IP and UDP headers; RFC 2131 §2: never below 576.
        int clientMax = req.uint16(DhcpOption.MAX_MESSAGE_SIZE.code(), MIN_IP_DATAGRAM);
        int maxPayload = Math.max(MIN_IP_DATAGRAM, clientMax) - IP_UDP_HEADERS;
        if (port != null) {
            maxPayload = Math.min(maxPayload, Math.max(MIN_IP_DATAGRAM, port.binding.subnet().mtu()) - IP_UDP_HEADERS);
        }

        Scratch s = scratch.get();
        DhcpWriter w = s.writer;
        s.clearWritten();
        int flags = m.flags();
        if (nak && !m.giaddr().isAny()) {
            flags |= DhcpMessage.FLAG_BROADCAST; // RFC 2131 §4.1: a NAK through a relay asks it to broadcast
        }
        int yiaddr = nak || inform ? 0 : port.ip;
        int ciaddr = type.code() == 5 ? m.ciaddr().bits() : 0;
        w.header(DhcpMessage.BOOTREPLY, m.htype(), m.hlen(), 0, m.xid(), 0, flags, ciaddr, yiaddr,
                nak ? 0 : port.siaddr, m.giaddr().bits(), m.chaddrBytes(), null, nak ? null : port.file);

        int agentIndex = req.indexOf(DhcpOption.RELAY_AGENT_INFORMATION.code());
        int agentBytes = agentIndex < 0 ? 0 : DhcpWriter.wireSize(req.length(agentIndex));
        w.limit = maxPayload - 1 - agentBytes;

        w.optionU8(53, type.code());
        w.optionU32(54, serverId);
        if (lease && !inform) {
            w.optionU32(51, port.leaseSeconds);
            w.optionU32(58, port.renewalSeconds);
            w.optionU32(59, port.rebindingSeconds);
        }
        s.mark(53);
        s.mark(54);
        s.mark(51);
        s.mark(58);
        s.mark(59);
        s.mark(52);
        s.mark(55);
        s.mark(82);
        s.mark(80);
        // RFC 6842 §3: the server returns the client identifier the client sent.
        int clientIdIndex = req.indexOf(DhcpOption.CLIENT_ID.code());
        if (clientIdIndex >= 0) {
            w.option(61, req.data(), req.offset(clientIdIndex), req.length(clientIdIndex));
        }
        s.mark(61);
        if (nak) {
            byte[] text = nakMessage.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            w.option(56, text);
        } else {
            // Forced, as Neutron forces the MTU and every server sends the mask.
            serve(s, port, 1);
            serve(s, port, 26);
            int prl = req.indexOf(DhcpOption.PARAMETER_REQUEST_LIST.code());
            if (prl >= 0) {
                byte[] d = req.data();
                for (int i = req.offset(prl), end = i + req.length(prl); i < end; i++) {
                    serve(s, port, d[i] & 0xff);
                }
            } else {
                for (byte code : port.defaultOrder) {
                    serve(s, port, code & 0xff);
                }
            }
            if (rapid) {
                w.option(80, req.data(), 0, 0);
            }
        }
        // RFC 3046 §2.2: the relay agent information comes back verbatim, as the last option.
        if (agentIndex >= 0) {
            w.limit += agentBytes;
            w.option(82, req.data(), req.offset(agentIndex), req.length(agentIndex));
        }
        w.limit += 1;
        int length = w.end();
        byte[] out = java.util.Arrays.copyOf(w.buf, length);
        return new Reply(type, ByteBuffer.wrap(out).asReadOnlyBuffer(), new MacAddress(serverMac),
                Ipv4Address.of(serverId), destinationMac(ctx, m, nak), destinationIp(m, nak, yiaddr),
                m.giaddr().isAny() ? Reply.CLIENT_PORT : Reply.SERVER_PORT, isBroadcast(m, nak));
    }

    private static void serve(Scratch s, PortEntry port, int code) {
        if (s.mark(code)) {
            byte[] value = port.values[code];
            if (value != null) {
                s.writer.option(code, value); // skipped when it does not fit the client's size
            }
        }
    }

    // ---- RFC 2131 §4.1 reply addressing ----

    private static boolean isBroadcast(DhcpMessage m, boolean nak) {
        if (!m.giaddr().isAny()) {
            return false;
        }
        if (nak) {
            return true;
        }
        return m.ciaddr().isAny() && m.broadcastFlag();
    }

    private static Ipv4Address destinationIp(DhcpMessage m, boolean nak, int yiaddr) {
        if (!m.giaddr().isAny()) {
            return m.giaddr(); // to the relay agent, port 67
        }
        if (nak) {
            return Ipv4Address.BROADCAST; // a NAK is always broadcast when no relay is involved
        }
        if (!m.ciaddr().isAny()) {
            return m.ciaddr(); // RENEWING / REBINDING / INFORM: the client can receive unicast at ciaddr
        }
        if (m.broadcastFlag()) {
            return Ipv4Address.BROADCAST;
        }
        return Ipv4Address.of(yiaddr); // unicast to the client's hardware address and yiaddr
    }

    private static MacAddress destinationMac(PortContext ctx, DhcpMessage m, boolean nak) {
        if (!m.giaddr().isAny()) {
            return ctx.sourceMac(); // the relay agent sent the frame
        }
        if (isBroadcast(m, nak)) {
            return MacAddress.BROADCAST;
        }
        return MacAddress.of(m.chaddrBytes(), 0);
    }

    /** Per-thread buffers for building replies (the hot path may run on several event loops). */
    private static final class Scratch {
        final DhcpWriter writer = new DhcpWriter(new byte[DhcpMessageEncoder.MAX_UDP_PAYLOAD], 0);
        final long[] written = new long[4];

        void clearWritten() {
            written[0] = 0;
            written[1] = 0;
            written[2] = 0;
            written[3] = 0;
        }

        /** Marks a code written; true if it was not yet. */
        boolean mark(int code) {
            long bit = 1L << (code & 63);
            int word = code >>> 6;
            if ((written[word] & bit) != 0) {
                return false;
            }
            written[word] |= bit;
            return true;
        }
    }
}
