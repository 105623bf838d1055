package org.vifd.bench.agent;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.vswitch.VswitchdSync;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;

/**
 * The agent at scale, as a user runs it: {@code bin/vifd --config FILE} in its own JVM (the launcher's default JVM
 * flags, or {@code --java-opts}), N intent ports plugged into br-int as dummy interfaces ({@code ovs-vswitchd
 * --enable-dummy}) in batches of {@code --batch} ports per OVSDB transaction (vswitchd reconfigures once per
 * transaction, and its cost per reconfiguration grows with the bridge). It waits until the agent's
 * {@code vifd_ports_wired} says all N are wired, lets it settle, then prints the agent process's VmRSS / VmHWM,
 * its CPU and ovs-vswitchd's over an idle minute, and the OpenFlow / OVSDB reconnect and error counters (a
 * vswitchd too busy to answer echoes shows as reconnects). {@code --type patch} (default): patch ports whose peer
 * does not exist, an OpenFlow port with an ofport and no datapath port (vswitchd's cheapest port; with
 * {@code --type dummy}, ovs-vswitchd {@code --enable-dummy} netdevs, vswitchd's own per-port cost in the userspace
 * datapath grows with the bridge until it stalls for seconds at 3–4k ports on this 2-core machine; with
 * {@code --type vxlan}, a tunnel port each: an ofport, no datapath port of its own, and none of the patch ports'
 * Interface.error rewrites at every reconfiguration, see {@link PortWiringLatencyBenchmark}). {@code --histo} adds the
 * top of a heap histogram,
 * {@code --nmt} runs the agent with native memory tracking and prints its summary.
 *
 * <pre>java -cp vifd-bench.jar org.vifd.bench.BenchMain agent-scale [10000] [--batch 250] [--type patch|dummy|vxlan] [--launcher bin/vifd]
 *      [--java-opts "..."] [--idle 60] [--histo] [--nmt] [--deadline 1800]</pre>
 */
public final class AgentScaleBenchmark {
    private AgentScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = 10_000;
        int batch = 250;
        String launcher = "bin/vifd";
        String javaOpts = null;
        long idleSeconds = 60;
        long deadlineSeconds = 1800;
        boolean histo = false;
        boolean nmt = false;
        String type = "patch";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--launcher" -> launcher = args[++i];
                case "--java-opts" -> javaOpts = args[++i];
                case "--idle" -> idleSeconds = Long.parseLong(args[++i]);
                case "--deadline" -> deadlineSeconds = Long.parseLong(args[++i]);
                case "--histo" -> histo = true;
                case "--nmt" -> nmt = true;
                case "--type" -> type = args[++i];
                default -> n = Integer.parseInt(args[i]);
            }
        }
        Path launcherPath = Path.of(launcher).toAbsolutePath();
        if (!Files.isExecutable(launcherPath)) {
            throw new IllegalArgumentException("--launcher " + launcherPath + " is not an executable file");
        }
        OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, true, List.of(), "netdev", List.of(),
                type.equals("dummy") ? List.of("--enable-dummy") : List.of()));
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-bench-scale-");
            Files.writeString(dir.resolve("intent.json"), intent(n));
            int statusPort;
            try (ServerSocket s = new ServerSocket(0)) {
                statusPort = s.getLocalPort();
            }
            Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                    + "datapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                    + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                    + "intent_file: " + dir.resolve("intent.json") + "\nstate_dir: " + dir.resolve("state") + "\n"
                    + "status_listen: 127.0.0.1:" + statusPort + "\n");
            String opts = javaOpts;
            if (nmt) {
                opts = (opts == null ? "" : opts + " ") + "-XX:NativeMemoryTracking=summary";
            }
            Process agent = Exec.start(opts == null ? Map.of() : Map.of("JAVA_OPTS", opts), dir.resolve("vifd.log"),
                    List.of(launcherPath.toString(), "--config", dir.resolve("vifd.yaml").toString()));
            long pid = agent.pid();
            System.out.printf("agent-scale: %d ports of type %s, %d per transaction; agent pid %d (%s, JAVA_OPTS=%s), log %s%n",
                    n, type, batch, pid, launcherPath, opts == null ? "(launcher default)" : opts, dir.resolve("vifd.log"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI metricsUri = URI.create("http://127.0.0.1:" + statusPort + "/metrics");
            long start = System.nanoTime();
            while (!sb.vsctl("list-ports", "br-int").out().contains("int-br-phys")
                    || metrics(http, metricsUri).isEmpty()) {
                if (!agent.isAlive()) {
                    throw new IllegalStateException("vifd exited with " + agent.exitValue() + "; see "
                            + dir.resolve("vifd.log"));
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("vifd did not set up br-int within 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            System.out.printf("  started: br-int set up after %.1f s; %s%n", (System.nanoTime() - start) / 1e9,
                    memory(pid));

            OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).build();
            VswitchdSync sync = VswitchdSync.create(session);
            sync.start().get(20, TimeUnit.SECONDS);
            Path vswitchdPid = sb.dir().resolve("ovs-vswitchd.pid");
            long vswitchdCpu0 = PortWiringLatencyBenchmark.cpuMillis(vswitchdPid);
            long agentCpu0 = cpuMillis(pid);
            long t0 = System.nanoTime();
            List<Double> batchSeconds = new ArrayList<>();
            for (int from = 0; from < n; from += batch) {
                Transaction tx = new Transaction("Open_vSwitch");
                List<NamedUuid> ports = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + batch); i++) {
                    String name = "bp" + i;
                    Row.Builder ifaceRow = Row.builder().put("name", name).put("type", type)
                            .put("external_ids", Map.of("iface-id", "p" + i, "attached-mac",
                                    PortWiringLatencyBenchmark.mac(i)));
                    Map<String, String> options = PortWiringLatencyBenchmark.options(type, i);
                    if (!options.isEmpty()) {
                        ifaceRow.put("options", options);
                    }
                    NamedUuid iface = tx.insert("Interface", ifaceRow.build());
                    ports.add(tx.insert("Port", Row.builder().put("name", name).put("interfaces", OvsSet.of(iface))
                            .build()));
                }
                tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")),
                        List.of(Mutation.insert("ports", OvsSet.of(ports))));
                long b0 = System.nanoTime();
                // One batch in flight: the next goes once ovs-vswitchd has applied this one (cur_cfg reached the
                // transaction's next_cfg, as ovs-vsctl waits), so vswitchd is never handed a backlog.
                VswitchdSync.SyncResult r = sync.apply(tx, Duration.ofSeconds(600)).get(600, TimeUnit.SECONDS);
                if (!r.ok() && from == 0) {
                    System.out.printf("  note: %d interfaces of the first batch report a problem, e.g. %s%n",
                            r.problems().size(), r.problems().get(0));
                }
                batchSeconds.add((System.nanoTime() - b0) / 1e9);
                if (batchSeconds.size() % 10 == 0) {
                    System.out.printf("  batch %d (%d ports on br-int): applied by vswitchd in %.2f s; agent %s; "
                            + "load %s%n", batchSeconds.size(), from + batch, batchSeconds.get(batchSeconds.size() - 1),
                            memory(pid), loadavg());
                }
            }
            double sent = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  plugged: %d ports in %.1f s (%d transactions, each applied by vswitchd before the "
                    + "next)%n", n, sent, batchSeconds.size());
            long lastPrint = System.nanoTime();
            long wired = 0;
            long deadline = t0 + TimeUnit.SECONDS.toNanos(deadlineSeconds);
            while (wired < n && System.nanoTime() < deadline) {
                if (!agent.isAlive()) {
                    throw new IllegalStateException("vifd exited with " + agent.exitValue());
                }
                wired = (long) metrics(http, metricsUri).getOrDefault("vifd_ports_wired", 0.0).doubleValue();
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(15)) {
                    lastPrint = System.nanoTime();
                    System.out.printf("  progress: %d wired after %.0f s; agent %s; load %s%n", wired,
                            (lastPrint - t0) / 1e9, memory(pid), loadavg());
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            double allWired = (System.nanoTime() - t0) / 1e9;
            long vswitchdCpu1 = PortWiringLatencyBenchmark.cpuMillis(vswitchdPid);
            long agentCpu1 = cpuMillis(pid);
            System.out.printf("  wired: %d of %d after %.1f s%s; CPU while plugging: agent %.2f ms/port, "
                    + "ovs-vswitchd %.2f ms/port; load %s%n", wired, n, allWired, wired < n ? " (TIMED OUT)" : "",
                    (agentCpu1 - agentCpu0) / (double) n, (vswitchdCpu1 - vswitchdCpu0) / (double) n, loadavg());
            System.out.printf("  right after: agent %s%n", memory(pid));

            // Idle: nothing changes; the agent should use next to no CPU and keep its connections. First let the
            // burst's aftermath settle (JIT compilation, the last status write, GC).
            TimeUnit.SECONDS.sleep(15);
            Map<String, Double> m0 = metrics(http, metricsUri);
            long a0 = cpuMillis(pid);
            long v0 = PortWiringLatencyBenchmark.cpuMillis(vswitchdPid);
            TimeUnit.SECONDS.sleep(idleSeconds);
            Map<String, Double> m1 = metrics(http, metricsUri);
            long a1 = cpuMillis(pid);
            long v1 = PortWiringLatencyBenchmark.cpuMillis(vswitchdPid);
            System.out.printf("  idle %d s: agent CPU %d ms (%.2f%%), ovs-vswitchd CPU %d ms (%.2f%%); "
                    + "OpenFlow reconnects %s -> %s, OVSDB reconnects %s -> %s, errors %s -> %s, wired %s%n",
                    idleSeconds, a1 - a0, (a1 - a0) / (idleSeconds * 10.0), v1 - v0, (v1 - v0) / (idleSeconds * 10.0),
                    m0.get("vifd_openflow_reconnects_total"), m1.get("vifd_openflow_reconnects_total"),
                    m0.get("vifd_ovsdb_reconnects_total"), m1.get("vifd_ovsdb_reconnects_total"),
                    sum(m0, "vifd_errors_total"), sum(m1, "vifd_errors_total"), m1.get("vifd_ports_wired"));
            System.out.printf("RSS of the agent (pid %d) with %d ports wired: %s; load %s%n", pid, wired,
                    memory(pid), loadavg());
            Path status = dir.resolve("intent.status.json");
            if (Files.exists(status)) {
                System.out.printf("  status file %s: %d bytes%n", status, Files.size(status));
            }
            jcmd(pid, "GC.heap_info", 12);
            if (histo) {
                jcmd(pid, "GC.class_histogram", 25);
            }
            if (nmt) {
                jcmd(pid, "VM.native_memory summary", 80);
            }
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
            sync.close();
            session.close();
        } finally {
            stop(sb);
        }
    }

    /** Stops the sandbox; ovs-vswitchd takes longer than the sandbox waits to remove 10,000 ports: then kill it. */
    private static void stop(OvsSandbox sb) {
        // The pids first: a sandbox that gave up waiting has removed its directory.
        Map<String, Long> pids = new HashMap<>();
        for (String daemon : List.of("ovs-vswitchd", "ovsdb-server")) {
            try {
                pids.put(daemon, Long.parseLong(Files.readString(sb.dir().resolve(daemon + ".pid")).strip()));
            } catch (IOException | RuntimeException e) {
                System.out.println("  sandbox stop: no pid for " + daemon + ": " + e);
            }
        }
        try {
            sb.close();
        } catch (RuntimeException e) {
            System.out.println("  sandbox stop: " + e.getMessage());
        }
        pids.forEach((daemon, pid) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
            h.destroyForcibly();
            System.out.printf("  (%s %d did not exit in time: killed)%n", daemon, pid);
        }));
    }

    private static String intent(int n) {
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ports.append(i == 0 ? "" : ",").append("{\"id\": \"p").append(i)
                    .append("\", \"network_id\": \"net\", \"mac_address\": \"").append(PortWiringLatencyBenchmark.mac(i))
                    .append("\", \"fixed_ips\": [{\"subnet_id\": \"sub\", \"ip_address\": \"10.")
                    .append(i / 65536 + 1).append('.').append(i / 256 % 256).append('.').append(i % 256)
                    .append("\"}]}");
        }
        return "{\"networks\": [{\"id\": \"net\", \"name\": \"n\", \"provider:network_type\": \"vlan\", "
                + "\"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 101}], "
                + "\"subnets\": [{\"id\": \"sub\", \"network_id\": \"net\", \"cidr\": \"10.0.0.0/8\", "
                + "\"gateway_ip\": null, \"enable_dhcp\": false}], \"ports\": [" + ports + "]}";
    }

    /** The unlabelled samples of the Prometheus text at uri (labelled ones summed under their name); empty if down. */
    static Map<String, Double> metrics(HttpClient http, URI uri) {
        Map<String, Double> out = new HashMap<>();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return out;
            }
            for (String line : r.body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int sp = line.lastIndexOf(' ');
                String name = line.substring(0, sp);
                int brace = name.indexOf('{');
                if (brace >= 0) {
                    name = name.substring(0, brace);
                }
                out.merge(name, Double.parseDouble(line.substring(sp + 1)), Double::sum);
            }
        } catch (IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private static double sum(Map<String, Double> m, String name) {
        return m.getOrDefault(name, 0.0);
    }

    static String memory(long pid) throws IOException {
        String rss = "?";
        String hwm = "?";
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MB";
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MB";
            }
        }
        return "VmRSS " + rss + ", VmHWM " + hwm;
    }

    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String loadavg() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static void jcmd(long pid, String command, int lines) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command.split(" ")));
        ExecResult r = Exec.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
        List<String> out = (r.stdout() + r.stderr()).lines().limit(lines).toList();
        System.out.println("  jcmd " + command + ":");
        out.forEach(l -> System.out.println("    " + l));
    }
}
