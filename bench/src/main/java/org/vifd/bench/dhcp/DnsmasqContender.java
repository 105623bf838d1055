package org.vifd.bench.dhcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.vifd.testkit.Exec;
import org.vifd.testkit.Netns;
import org.vifd.testkit.OvsSandbox;

/**
 * dnsmasq as neutron-dhcp-agent runs it (PEERS.md): its own {@code qdhcp-} namespace, a veth whose other end is
 * an access port (tag 1) on br-int, the server address on the namespace's end, and the agent's command line:
 * {@code --dhcp-hostsfile --dhcp-optsfile --dhcp-range=set:tag0,NET,static,MASK,86400s --domain=openstacklocal
 * --bind-interfaces}. A binding change is what the agent does: rewrite the hosts file, then SIGHUP.
 */
final class DnsmasqContender implements DhcpContender {
    private OvsSandbox sb;
    private Netns qdhcp;
    private String tap;
    private Path dir;
    private Process dnsmasq;

    @Override
    public String name() {
        return "dnsmasq";
    }

    @Override
    public int vmTag() {
        return 1;
    }

    @Override
    public void prepare(OvsSandbox sb) throws IOException {
        this.sb = sb;
        dir = Files.createTempDirectory(Path.of("/tmp"), "dhcpbench-dnsmasq-");
        // dnsmasq drops privileges: its files must be readable (and the lease file writable) by nobody.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        qdhcp = Netns.create("qdhcp");
        tap = "tap" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000, 0xfffffff));
        LoadVm.plugVeth(sb, qdhcp, tap, "ns-dhcp", ServedHosts.SERVER_MAC, vmTag());
    }

    @Override
    public void serve(ServedHosts hosts, List<LoadVm> vms) throws IOException {
        qdhcp.exec("ip", "addr", "add", hosts.server() + "/" + hosts.prefixLength(), "dev", "ns-dhcp").ok();
        write("host", hosts.dnsmasqHosts());
        write("opts", hosts.dnsmasqOpts());
        write("leases", "");
        dnsmasq = Exec.start(Map.of(), dir.resolve("dnsmasq.log"), qdhcp.wrap("dnsmasq", "--keep-in-foreground",
                "--no-hosts", "--no-resolv", "--dhcp-hostsfile=" + dir.resolve("host"),
                "--dhcp-optsfile=" + dir.resolve("opts"), "--dhcp-leasefile=" + dir.resolve("leases"),
                "--pid-file=" + dir.resolve("pid"), "--interface=ns-dhcp", "--bind-interfaces",
                "--dhcp-range=set:tag0," + hosts.network() + ",static," + hosts.netmask() + ",86400s",
                "--dhcp-option-force=option:mtu,1400", "--dhcp-lease-max=65536", "--domain=openstacklocal",
                "--port=0"));
        Awaitility.await("dnsmasq pid file").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(dir.resolve("pid")) && Files.size(dir.resolve("pid")) > 0);
    }

    @Override
    public List<Long> serverPids() {
        return List.of(pid());
    }

    /** dnsmasq's own pid, from its pid file (as neutron-dhcp-agent finds it), not the launcher's. */
    private long pid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("pid")).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("dnsmasq pid file " + dir.resolve("pid") + ": " + e, e);
        }
    }

    /** What neutron-dhcp-agent does on a port change: the whole hosts file rewritten, then SIGHUP. */
    /** @return {@link System#nanoTime()} once {@code kill -HUP} has returned (the signal is sent by then) */
    long rewriteAndHup(String hostsFile) {
        try {
            write("host", hostsFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Exec.run("kill", "-HUP", Long.toString(pid())).ok();
        return System.nanoTime();
    }

    private void write(String name, String text) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, text);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            try {
                dnsmasq.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (tap != null) {
            sb.vsctl("--if-exists", "del-port", "br-int", tap);
            Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "del", tap);
        }
        if (qdhcp != null) {
            qdhcp.close();
        }
        if (dir != null) {
            LoadVm.deleteTree(dir);
        }
    }
}
