package org.vifd.bench.dhcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.vifd.testkit.Exec;
import org.vifd.testkit.NamespaceVm;
import org.vifd.testkit.Netns;
import org.vifd.testkit.OvsSandbox;

/**
 * A "VM" for the DHCP benchmark: a network namespace whose {@code eth0} (the VM's MAC) is one end of a veth pair,
 * the other end plugged into the sandbox's br-int with {@code iface-id} = the port id. TX checksum offload is off
 * on both ends (PEERS.md: the userspace datapath leaves offloaded UDP checksums unfinished). The load generator
 * ({@code dhcp_load.py}) runs inside it.
 */
final class LoadVm implements AutoCloseable {
    private final OvsSandbox sb;
    private final Netns ns;
    private final String hostIf;
    final String portId;
    final String mac;
    final long ofport;

    private LoadVm(OvsSandbox sb, Netns ns, String hostIf, String portId, String mac, long ofport) {
        this.sb = sb;
        this.ns = ns;
        this.hostIf = hostIf;
        this.portId = portId;
        this.mac = mac;
        this.ofport = ofport;
    }

    /** @param tag the port's VLAN tag (an access port as Neutron's agent sets it), or 0 for none */
    static LoadVm start(OvsSandbox sb, String portId, String mac, int tag) {
        Netns ns = Netns.create("vifd-dhb");
        String hostIf = "dhb" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        try {
            plugVeth(sb, ns, hostIf, "eth0", mac, tag, "external-ids:iface-id=" + portId,
                    "external-ids:attached-mac=" + mac);
            long ofport = ofport(sb, hostIf);
            return new LoadVm(sb, ns, hostIf, portId, mac, ofport);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** A veth pair: {@code inner} (with {@code mac}) in {@code ns}, {@code hostIf} on br-int in the sandbox. */
    static void plugVeth(OvsSandbox sb, Netns ns, String hostIf, String inner, String mac, int tag,
                         String... interfaceColumns) {
        NamespaceVm.vethPair(sb, hostIf, ns, inner, mac);
        List<String> cmd = new ArrayList<>(List.of("add-port", "br-int", hostIf));
        if (tag > 0) {
            cmd.add("tag=" + tag);
        }
        if (interfaceColumns.length > 0) {
            cmd.addAll(List.of("--", "set", "Interface", hostIf));
            cmd.addAll(List.of(interfaceColumns));
        }
        sb.vsctl(cmd.toArray(String[]::new)).ok();
    }

    static long ofport(OvsSandbox sb, String iface) {
        return Awaitility.await("ofport of " + iface).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> parseLong(sb.vsctl("get", "Interface", iface, "ofport").out()), p -> p > 0);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String namespace() {
        return ns.name();
    }

    /** Starts the generator in this VM: {@code python3 dhcp_load.py MODE ARGS} with stdout to a pipe. */
    Process generator(Path script, Path log, String mode, String... args) {
        List<String> cmd = new ArrayList<>(ns.wrap("python3", script.toString(), mode));
        cmd.addAll(List.of(args));
        return Exec.startReadingStdout(log, cmd);
    }

    /** The generator's last stdout line (its JSON result), after it exits within {@code timeout}. */
    static String lastLine(Process p, Duration timeout) {
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("load generator did not exit in " + timeout);
            }
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("load generator failed (exit " + p.exitValue() + "): " + out);
            }
            return out.substring(out.lastIndexOf('\n') + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads one line of the generator's stdout (watch mode's READY). */
    static String readLine(BufferedReader r) {
        try {
            String line = r.readLine();
            if (line == null) {
                throw new IllegalStateException("load generator ended before its READY line");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        sb.vsctl("--if-exists", "del-port", "br-int", hostIf);
        Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "del", hostIf);
        ns.close();
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
