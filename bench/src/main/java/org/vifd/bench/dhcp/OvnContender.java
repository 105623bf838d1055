package org.vifd.bench.dhcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;

/**
 * OVN's native DHCP (PEERS.md): NB and SB databases each under its own {@code ovsdb-server}, {@code ovn-northd},
 * and {@code ovn-controller} as the sandbox's only chassis, programming the sandbox's br-int itself
 * ({@code fail_mode=secure}) and answering DHCP from packet-ins. The hosts are Logical_Switch_Ports of one logical
 * switch, addressed {@code "MAC IP"}, with one DHCP_Options row carrying the same options as the others.
 */
final class OvnContender implements DhcpContender {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private OvsSandbox sb;
    private Path dir;
    private Map<String, String> env;
    private final List<Path> pidFiles = new ArrayList<>();

    @Override
    public String name() {
        return "ovn";
    }

    @Override
    public int vmTag() {
        return 0;
    }

    @Override
    public void prepare(OvsSandbox sb) throws IOException {
        this.sb = sb;
        dir = Files.createDirectories(sb.dir().resolve("ovn"));
        env = new HashMap<>(sb.env());
        env.put("OVN_RUNDIR", dir.toString());
        env.put("OVN_LOGDIR", dir.toString());
        env.put("OVN_DBDIR", dir.toString());
        for (String db : List.of("nb", "sb")) {
            Exec.run("ovsdb-tool", "create", dir.resolve(db + ".db").toString(),
                    "/usr/share/ovn/ovn-" + db + ".ovsschema").ok();
            daemon(db, "ovsdb-server", dir.resolve(db + ".db").toString(), "--remote=punix:" + dir.resolve(db + ".sock"),
                    "--unixctl=" + dir.resolve(db + ".ctl"));
            Path sock = dir.resolve(db + ".sock");
            Awaitility.await(sock.toString()).atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.exists(sock));
        }
        nbctl("init");
        daemon("northd", "ovn-northd", "--ovnnb-db=" + nb(), "--ovnsb-db=" + sbDb(),
                "--unixctl=" + dir.resolve("northd.ctl"));
        sb.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=chassis-1", "external_ids:ovn-remote=" + sbDb(),
                "external_ids:ovn-encap-type=geneve", "external_ids:ovn-encap-ip=127.0.0.1",
                "external_ids:ovn-bridge-datapath-type=netdev").ok();
        sb.vsctl("set-fail-mode", "br-int", "secure").ok();
        daemon("controller", "ovn-controller", sb.unixRemote());
    }

    private String nb() {
        return "unix:" + dir.resolve("nb.sock");
    }

    private String sbDb() {
        return "unix:" + dir.resolve("sb.sock");
    }

    private void daemon(String name, String... cmd) {
        List<String> c = new ArrayList<>(List.of(cmd));
        Path pid = dir.resolve(name + ".pid");
        c.addAll(List.of("--pidfile=" + pid, "--log-file=" + dir.resolve(name + ".log"), "--detach", "--no-chdir"));
        Exec.run(Duration.ofSeconds(30), env, c).ok();
        pidFiles.add(pid);
    }

    private ExecResult nbctl(String... args) {
        List<String> c = new ArrayList<>(List.of("ovn-nbctl", "--db=" + nb(), "--timeout=60"));
        c.addAll(List.of(args));
        return Exec.run(Duration.ofSeconds(90), env, c).ok();
    }

    @Override
    public void serve(ServedHosts hosts, List<LoadVm> vms) {
        nbctl("ls-add", "ls1");
        String options = nbctl(hosts.ovnDhcpOptions().toArray(String[]::new)).out();
        for (ServedHosts.Host h : hosts.hosts()) {
            nbctl("lsp-add", "ls1", h.portId(), "--", "lsp-set-addresses", h.portId(), h.mac() + " " + h.ip(),
                    "--", "lsp-set-dhcpv4-options", h.portId(), options);
        }
        nbctl("--wait=sb", "sync");
        for (LoadVm vm : vms) {
            Awaitility.await("port " + vm.portId + " claimed").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> Exec.run(Duration.ofSeconds(30), env, List.of("ovn-sbctl", "--db=" + sbDb(), "--bare",
                            "--columns=chassis", "find", "Port_Binding", "logical_port=" + vm.portId)).out(),
                            s -> !s.isEmpty());
        }
        // Returns once ovn-controller has caught up with this NB version (flows installed on the chassis); on a
        // loaded machine it may take longer than nbctl's timeout, and the warm-up that follows checks anyway.
        List<String> c = new ArrayList<>(List.of("ovn-nbctl", "--db=" + nb(), "--timeout=120", "--wait=hv", "sync"));
        ExecResult r = Exec.run(Duration.ofSeconds(150), env, c);
        if (!r.succeeded()) {
            System.err.println("ovn-nbctl --wait=hv sync: " + r.stderr().strip() + " (going on to the warm-up)");
        }
    }

    /** ovn-controller (pinctrl answers DHCP); northd and the databases are idle during the run. */
    @Override
    public List<Long> serverPids() {
        try {
            return List.of(Long.parseLong(Files.readString(dir.resolve("controller.pid")).strip()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (String log : List.of("controller.log", "northd.log")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(log));
                b.append("--- ").append(log).append(" (last 15 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
                        .append('\n');
            } catch (IOException e) {
                b.append("--- ").append(log).append(": ").append(e).append('\n');
            }
        }
        b.append("--- flows in br-int: ").append(sb.ofctl("-O", "OpenFlow15", "dump-flows", "br-int").out().lines()
                .count()).append('\n');
        b.append(sb.vsctl("show").out());
        return b.toString();
    }

    @Override
    public void close() {
        // Reverse order: ovn-controller first, the databases last.
        for (int i = pidFiles.size() - 1; i >= 0; i--) {
            stop(pidFiles.get(i));
        }
    }

    private static void stop(Path pidFile) {
        long pid;
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return;
        }
        Exec.run("kill", "-TERM", Long.toString(pid));
        Awaitility.await("process " + pid + " to exit").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> !running(pid));
    }

    /** Not a zombie: detached daemons linger as zombies here until PID 1 reaps them (BRIEF.md). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
