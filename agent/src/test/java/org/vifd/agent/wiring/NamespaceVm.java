package org.vifd.agent.wiring;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.Netns;
import org.vifd.testkit.OvsSandbox;

/**
 * A "VM": a network namespace whose {@code eth0} (given MAC and IPv4 address) is one end of a veth pair; the other
 * end lives in the sandbox's vswitchd namespace and is plugged into a bridge the way Nova/libvirt plug a VM NIC
 * ({@code external_ids:iface-id}, {@code attached-mac}). TX checksum offload is off on both ends (PEERS.md).
 */
final class NamespaceVm implements AutoCloseable {
    final OvsSandbox sb;
    final Netns ns;
    final String hostIf;
    final String portId;
    final String mac;
    final String ip;

    private NamespaceVm(OvsSandbox sb, Netns ns, String hostIf, String portId, String mac, String ip) {
        this.sb = sb;
        this.ns = ns;
        this.hostIf = hostIf;
        this.portId = portId;
        this.mac = mac;
        this.ip = ip;
    }

    /** A namespace with eth0 = {@code mac}, {@code ip/24}; its peer is not plugged anywhere yet. */
    static NamespaceVm create(OvsSandbox sb, String portId, String mac, String ip) {
        return create(sb, portId, mac, ip, hostName());
    }

    /** A fresh name for a host end ("rc" and six hex digits), for a port plugged before its device exists. */
    static String hostName() {
        return "rc" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /** As {@link #create(OvsSandbox, String, String, String)}, with the host end named {@code hostIf}. */
    static NamespaceVm create(OvsSandbox sb, String portId, String mac, String ip, String hostIf) {
        Netns ns = Netns.create("vifd-rc");
        try {
            Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "add", hostIf, "type", "veth", "peer", "name",
                    "eth0", "netns", ns.name()).ok();
            ns.exec("ip", "link", "set", "eth0", "address", mac).ok();
            ns.exec("ip", "addr", "add", ip + "/24", "dev", "eth0").ok();
            Exec.run("ip", "netns", "exec", sb.netns(), "ethtool", "-K", hostIf, "tx", "off").ok();
            ns.exec("ethtool", "-K", "eth0", "tx", "off").ok();
            Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "set", hostIf, "up").ok();
            ns.exec("ip", "link", "set", "eth0", "up").ok();
            return new NamespaceVm(sb, ns, hostIf, portId, mac, ip);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** Plugs the host end into {@code bridge} as Nova would, and waits for its ofport. */
    NamespaceVm plug(String bridge) {
        sb.vsctl("add-port", bridge, hostIf, "--", "set", "Interface", hostIf,
                "external_ids:iface-id=" + portId, "external_ids:attached-mac=" + mac).ok();
        Awaitility.await("ofport of " + hostIf).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> ofport() > 0);
        return this;
    }

    long ofport() {
        try {
            return Long.parseLong(sb.vsctl("get", "Interface", hostIf, "ofport").out().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String tag() {
        return sb.vsctl("get", "Port", hostIf, "tag").ok().out().strip();
    }

    /** One echo request with a 1 s deadline: true when answered. */
    boolean ping(String target) {
        return ns.exec(Duration.ofSeconds(10), java.util.Map.of(), "ping", "-c", "1", "-W", "1", target)
                .succeeded();
    }

    /** Two echo requests with a 1 s deadline each: true when any is answered. */
    boolean pingTwice(String target) {
        return ns.exec(Duration.ofSeconds(10), java.util.Map.of(), "ping", "-c", "2", "-i", "0.2", "-W", "1",
                target).succeeded();
    }

    /**
     * Pings {@code target} every 20 ms ({@code count} requests, each waited for 2 s) while {@code action} runs and
     * answers how many were lost; {@code log} keeps ping's output. A count, not a deadline: "ping -w" counts the
     * request still in flight at the deadline as lost.
     */
    int lostPingsDuring(String target, int count, java.nio.file.Path log, Duration startWithin, Runnable action)
            throws java.io.IOException {
        Process ping = Exec.start(java.util.Map.of(), log, ns.wrap("ping", "-i", "0.02", "-c", String.valueOf(count),
                "-W", "2", target));
        Awaitility.await("ping started").atMost(startWithin)
                .until(() -> java.nio.file.Files.readString(log).contains("icmp_seq"));
        action.run();
        Awaitility.await("ping done").atMost(Duration.ofSeconds(60)).until(() -> !ping.isAlive());
        String out = java.nio.file.Files.readString(log);
        java.util.regex.Matcher m = PING_SUMMARY.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no ping summary in " + out);
        }
        return Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
    }

    private static final java.util.regex.Pattern PING_SUMMARY =
            java.util.regex.Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    ExecResult exec(String... cmd) {
        return ns.exec(cmd);
    }

    @Override
    public void close() {
        sb.vsctl("--if-exists", "del-port", hostIf);
        Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "del", hostIf);
        ns.close();
    }
}
