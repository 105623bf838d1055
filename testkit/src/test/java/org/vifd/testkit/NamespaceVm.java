package org.vifd.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A "VM" for system tests: a network namespace whose {@code eth0} (the port's MAC) is one end of a veth pair; the
 * other end ({@link #hostIf()}) lives in the sandbox's vswitchd namespace, where a test plugs it into br-int the way
 * libvirt plugs a tap ({@link #plugInto}) or enslaves it to a Linux bridge the way libvirt does for Nova's hybrid
 * mode ({@link #enslaveTo}). TX checksum offload is off on both ends (PEERS.md: the userspace datapath leaves
 * offloaded UDP checksums unfinished). {@code /etc/netns/NS/resolv.conf} exists before any DHCP client runs, so the
 * client rewrites that file and never the host's.
 */
public final class NamespaceVm implements AutoCloseable {
    private final OvsSandbox sb;
    private final Netns ns;
    private final String hostIf;
    private final String mac;
    private final Path dir;
    private final Path etcDir;
    private final List<Process> processes = new ArrayList<>();

    private NamespaceVm(OvsSandbox sb, Netns ns, String hostIf, String mac, Path dir, Path etcDir) {
        this.sb = sb;
        this.ns = ns;
        this.hostIf = hostIf;
        this.mac = mac;
        this.dir = dir;
        this.etcDir = etcDir;
    }

    /** A namespace named {@code prefix-…} with eth0 = {@code mac}, up; its peer is up and plugged nowhere. */
    public static NamespaceVm create(OvsSandbox sb, String prefix, String mac) {
        return create(sb, prefix, mac, hostName());
    }

    /** A fresh name for a host end ("vm" and six hex digits), e.g. for a port plugged before its device exists. */
    public static String hostName() {
        return "vm" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    }

    /** As {@link #create(OvsSandbox, String, String)}, with the host end named {@code hostIf}. */
    public static NamespaceVm create(OvsSandbox sb, String prefix, String mac, String hostIf) {
        Netns ns = Netns.create(prefix);
        try {
            Path etc = Path.of("/etc/netns", ns.name());
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), "# " + ns.name() + ": rewritten by its DHCP client\n");
            Path dir = Files.createTempDirectory(Path.of("/tmp"), ns.name() + "-");
            vethPair(sb, hostIf, ns, "eth0", mac);
            return new NamespaceVm(sb, ns, hostIf, mac, dir, etc);
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * A veth pair, both ends up with TX checksum offload off (PEERS.md): {@code hostIf} in the sandbox's vswitchd
     * namespace, {@code inner} with {@code mac} in {@code ns}. For namespaces that are not VMs (a DHCP server's).
     */
    public static void vethPair(OvsSandbox sb, String hostIf, Netns ns, String inner, String mac) {
        sb.namespace().exec("ip", "link", "add", hostIf, "type", "veth", "peer", "name", inner, "netns", ns.name())
                .ok();
        ns.exec("ip", "link", "set", inner, "address", mac).ok();
        sb.namespace().exec("ethtool", "-K", hostIf, "tx", "off").ok();
        ns.exec("ethtool", "-K", inner, "tx", "off").ok();
        sb.namespace().exec("ip", "link", "set", hostIf, "up").ok();
        ns.exec("ip", "link", "set", inner, "up").ok();
    }

    /** Plugs the host end into {@code bridge} as libvirt's {@code <virtualport type="openvswitch">} does. */
    public NamespaceVm plugInto(String bridge, String ifaceId) {
        sb.vsctl("add-port", bridge, hostIf, "--", "set", "Interface", hostIf,
                "external_ids:iface-id=" + ifaceId, "external_ids:attached-mac=\"" + mac + "\"",
                "external_ids:iface-status=active").ok();
        Awaitility.await("ofport of " + hostIf).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> ofport() > 0);
        return this;
    }

    /** Enslaves the host end to Linux bridge {@code bridge} (Nova's hybrid mode: the tap sits in {@code qbrX}). */
    public NamespaceVm enslaveTo(String bridge) {
        sb.namespace().exec("ip", "link", "set", hostIf, "master", bridge).ok();
        return this;
    }

    public String name() {
        return ns.name();
    }

    /** The veth end in vswitchd's namespace. */
    public String hostIf() {
        return hostIf;
    }

    public String mac() {
        return mac;
    }

    /** A scratch directory for this VM's lease files and logs, removed on close. */
    public Path dir() {
        return dir;
    }

    public Path resolvConf() {
        return etcDir.resolve("resolv.conf");
    }

    /** The host end's ofport, or -1 while vswitchd has not assigned one. */
    public long ofport() {
        try {
            return Long.parseLong(sb.vsctl("get", "Interface", hostIf, "ofport").out().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public ExecResult exec(String... command) {
        return ns.exec(command);
    }

    public ExecResult exec(Duration timeout, String... command) {
        return ns.exec(timeout, Map.of(), command);
    }

    /**
     * One dhclient run (-1: try once, exit when bound or after its own timeout) with its lease file in {@link #dir};
     * {@code unshare --uts} keeps dhclient-script's hostname change inside.
     */
    public ExecResult dhclient(Duration timeout) {
        return ns.exec(timeout, Map.of(), "unshare", "--uts", "dhclient", "-1", "-v",
                "-lf", dir.resolve("dhclient.leases").toString(), "-pf", dir.resolve("dhclient.pid").toString(),
                "eth0");
    }

    /** Stops the dhclient started by {@link #dhclient}, if it left a daemon behind. */
    public void stopDhclient() {
        Path pid = dir.resolve("dhclient.pid");
        try {
            if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
                Exec.run("kill", Files.readString(pid).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A long-running command in the namespace, stopped on close. */
    public Process spawn(String logName, String... command) {
        Process p = Exec.start(Map.of(), dir.resolve(logName), ns.wrap(command));
        processes.add(p);
        return p;
    }

    /** Stops a process {@link #spawn} started (it would be stopped on close anyway). */
    public void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a command {@link #spawn} started has written to its log so far. */
    public String log(String logName) {
        return read(dir.resolve(logName));
    }

    /** The text of a file a client in the VM writes (lease, resolv.conf, a hook's dump); empty while there is none. */
    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An executable script in {@link #dir} (a DHCP client's hook). */
    public Path writeScript(String name, String body) {
        Path p = dir.resolve(name);
        try {
            Files.writeString(p, body);
            p.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** eth0 as {@code ip link show} prints it (its MTU, state). */
    public String link() {
        return exec("ip", "link", "show", "dev", "eth0").ok().out();
    }

    /** The IPv4 addresses of eth0 as {@code ip -4 -o addr} prints them. */
    public String addresses() {
        return exec("ip", "-4", "-o", "addr", "show", "dev", "eth0").ok().out();
    }

    public String routes() {
        return exec("ip", "-4", "route", "show").ok().out();
    }

    /** Two echo requests with a 1 s deadline each: true when any is answered. */
    public boolean ping(String target) {
        return ns.exec(Duration.ofSeconds(10), Map.of(), "ping", "-c", "2", "-i", "0.2", "-W", "1", target)
                .succeeded();
    }

    /**
     * Pings {@code target} every 20 ms ({@code count} requests, each waited for 2 s) while {@code action} runs and
     * answers how many were lost; {@code log} keeps ping's output. A count, not a deadline: "ping -w" counts the
     * request still in flight at the deadline as lost.
     */
    public int lostPingsDuring(String target, int count, Path log, Duration startWithin, Runnable action) {
        Process ping = Exec.start(Map.of(), log, ns.wrap("ping", "-i", "0.02", "-c", String.valueOf(count),
                "-W", "2", target));
        Awaitility.await("ping started").atMost(startWithin).until(() -> read(log).contains("icmp_seq"));
        action.run();
        Awaitility.await("ping done").atMost(Duration.ofSeconds(60)).until(() -> !ping.isAlive());
        String out = read(log);
        Matcher m = PING_SUMMARY.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no ping summary in " + out);
        }
        return Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
    }

    private static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    @Override
    public void close() {
        stopDhclient();
        for (Process p : processes) {
            stop(p);
        }
        sb.vsctl("--if-exists", "del-port", hostIf);
        sb.namespace().exec("ip", "link", "del", hostIf);
        ns.close();
        try {
            Files.deleteIfExists(etcDir.resolve("resolv.conf"));
            Files.deleteIfExists(etcDir);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException e) {
            // best effort: temp files named after a namespace that no longer exists
        }
    }
}
