package org.vifd.bench.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vifd.agent.Agent;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandbox;

/**
 * Event → wired latency: N ports of one VLAN network in the intent; each is plugged into br-int by one OVSDB
 * transaction (Port + internal Interface with iface-id and attached-mac, as fast as the sandbox takes them, 32 in
 * flight); latency = from sending the insert to the agent's {@code WiringListener} seeing the port wired (tag
 * written, its flow bundle committed, which ends with a barrier). Prints p50/p99/max and the JVM's RSS.
 * {@code java -jar vifd-bench.jar agent-wiring [ports]} (default 1000).
 */
public final class PortWiringLatencyBenchmark {
    private PortWiringLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, true, List.of(), "netdev"))) {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-bench-agent-");
            StringBuilder ports = new StringBuilder();
            for (int i = 0; i < n; i++) {
                ports.append(i == 0 ? "" : ",").append("{\"id\": \"p").append(i)
                        .append("\", \"network_id\": \"net\", \"mac_address\": \"").append(mac(i))
                        .append("\", \"fixed_ips\": [{\"subnet_id\": \"sub\", \"ip_address\": \"10.")
                        .append(i / 65536 + 1).append('.').append(i / 256 % 256).append('.').append(i % 256)
                        .append("\"}]}");
            }
            Files.writeString(dir.resolve("intent.json"), "{\"networks\": [{\"id\": \"net\", \"name\": \"n\", "
                    + "\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet1\", "
                    + "\"provider:segmentation_id\": 101}], \"subnets\": [{\"id\": \"sub\", \"network_id\": \"net\", "
                    + "\"cidr\": \"10.0.0.0/8\", \"gateway_ip\": null, \"enable_dhcp\": false}], \"ports\": ["
                    + ports + "]}");
            Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                    + "datapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                    + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                    + "intent_file: intent.json\nstate_dir: state\nstatus_listen: 127.0.0.1:0\n");
            Map<String, Long> sent = new ConcurrentHashMap<>();
            Map<String, Long> wired = new ConcurrentHashMap<>();
            CountDownLatch all = new CountDownLatch(n);
            Agent agent = new Agent(AgentConfigReader.read(dir.resolve("vifd.yaml")), Clock.systemUTC());
            agent.addWiringListener((intent, w, br, run) -> {
                long now = System.nanoTime();
                for (String id : w.keySet()) {
                    if (wired.putIfAbsent(id, now) == null) {
                        all.countDown();
                    }
                }
            });
            agent.start();
            while (!sb.vsctl("list-ports", "br-int").out().contains("int-br-phys")
                    || agent.reconciler() == null || !agent.reconciler().integrationConnected()) {
                Thread.onSpinWait();
            }
            OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).build();
            session.start().get(20, TimeUnit.SECONDS);
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(32);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                window.acquire();
                String name = "bp" + i;
                Transaction tx = new Transaction("Open_vSwitch");
                NamedUuid iface = tx.insert("Interface", Row.builder().put("name", name).put("type", "internal")
                        .put("external_ids", Map.of("iface-id", "p" + i, "attached-mac", mac(i))).build());
                NamedUuid port = tx.insert("Port", Row.builder().put("name", name)
                        .put("interfaces", OvsSet.of(iface)).build());
                tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")),
                        List.of(Mutation.insert("ports", OvsSet.of(port))));
                sent.put("p" + i, System.nanoTime());
                session.transact(tx).whenComplete((r, e) -> window.release());
            }
            boolean done = all.await(10, TimeUnit.MINUTES);
            long total = System.nanoTime() - t0;
            long[] lat = sent.entrySet().stream().filter(e -> wired.containsKey(e.getKey()))
                    .mapToLong(e -> wired.get(e.getKey()) - e.getValue()).sorted().toArray();
            System.out.printf("agent-wiring: %d ports, %d wired%s in %.1f s; event→wired p50 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms; RSS %d MB%n", n, lat.length, done ? "" : " (TIMED OUT)", total / 1e9,
                    pct(lat, 50), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, rssMb());
            session.close();
            agent.close();
        }
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static String mac(int i) {
        return String.format("fa:16:3e:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
    }

    static long rssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
