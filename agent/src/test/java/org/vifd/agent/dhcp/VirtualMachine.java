package org.vifd.agent.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.Netns;
import org.vifd.testkit.OvsSandbox;

/**
 * A "VM" for DHCP tests: a network namespace whose {@code eth0} is one end of a veth pair; the other end lives in
 * the sandbox's namespace and is plugged into br-int with {@code iface-id} = the Neutron port id. TX checksum
 * offload is off on both ends (PEERS.md: the userspace datapath leaves offloaded UDP checksums unfinished). Its
 * {@code /etc/netns/NS/resolv.conf} exists before any client runs, so clients rewrite that file, not the host's.
 */
final class VirtualMachine implements AutoCloseable {
    private final OvsSandbox sb;
    private final Netns ns;
    private final String hostIf;
    private final Path dir;
    private final Path etcDir;
    private final List<Process> processes = new ArrayList<>();
    final long ofport;

    private VirtualMachine(OvsSandbox sb, Netns ns, String hostIf, Path dir, Path etcDir, long ofport) {
        this.sb = sb;
        this.ns = ns;
        this.hostIf = hostIf;
        this.dir = dir;
        this.etcDir = etcDir;
        this.ofport = ofport;
    }

    static VirtualMachine start(OvsSandbox sb, String portId, String mac) {
        Netns ns = Netns.create("vifd-dh");
        String hostIf = "dh" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        try {
            Path etc = Path.of("/etc/netns", ns.name());
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), "# vifd dhcp test\n");
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-dhcp-vm-");
            Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "add", hostIf, "type", "veth", "peer", "name",
                    "eth0", "netns", ns.name()).ok();
            ns.exec("ip", "link", "set", "eth0", "address", mac).ok();
            Exec.run("ip", "netns", "exec", sb.netns(), "ethtool", "-K", hostIf, "tx", "off").ok();
            ns.exec("ethtool", "-K", "eth0", "tx", "off").ok();
            Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "set", hostIf, "up").ok();
            ns.exec("ip", "link", "set", "eth0", "up").ok();
            sb.vsctl("add-port", "br-int", hostIf, "--", "set", "Interface", hostIf,
                    "external-ids:iface-id=" + portId, "external-ids:attached-mac=" + mac).ok();
            long ofport = Awaitility.await("ofport of " + hostIf).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> parseOfport(sb.vsctl("get", "Interface", hostIf, "ofport").out()), p -> p > 0);
            return new VirtualMachine(sb, ns, hostIf, dir, etc, ofport);
        } catch (IOException e) {
            ns.close();
            throw new UncheckedIOException(e);
        }
    }

    private static long parseOfport(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String name() {
        return ns.name();
    }

    Path dir() {
        return dir;
    }

    Path resolvConf() {
        return etcDir.resolve("resolv.conf");
    }

    ExecResult exec(String... command) {
        return ns.exec(command);
    }

    ExecResult exec(Duration timeout, String... command) {
        return ns.exec(timeout, Map.of(), command);
    }

    /** A long-running command in the namespace, stopped (by its pid) on close. */
    Process spawn(String logName, String... command) {
        Process p = Exec.start(Map.of(), dir.resolve(logName), ns.wrap(command));
        processes.add(p);
        return p;
    }

    String log(String logName) {
        return read(dir.resolve(logName));
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path writeScript(String name, String body) {
        Path p = dir.resolve(name);
        try {
            Files.writeString(p, body);
            p.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    String addresses() {
        return exec("ip", "-4", "addr", "show", "dev", "eth0").ok().out();
    }

    String routes() {
        return exec("ip", "-4", "route", "show").ok().out();
    }

    String link() {
        return exec("ip", "link", "show", "dev", "eth0").ok().out();
    }

    void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                stop(p);
            }
        }
        sb.vsctl("--if-exists", "del-port", "br-int", hostIf);
        Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "del", hostIf);
        ns.close();
        try {
            Files.deleteIfExists(etcDir.resolve("resolv.conf"));
            Files.deleteIfExists(etcDir);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException e) {
            // best effort: temp files named after a namespace that no longer exists
        }
    }
}
