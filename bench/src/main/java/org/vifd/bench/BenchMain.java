package org.vifd.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.vifd.bench.openflow.FlowModBenchmark;
import org.vifd.bench.ovsdb.PortPlugBenchmark;

/** Entry point of the bench jar: {@code java -jar vifd-bench.jar NAME [args]}; {@code jmh} runs JMH's own main. */
public final class BenchMain {
    private interface Bench {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Bench> BENCHES = new TreeMap<>(Map.of(
            "ovsdb-plug", PortPlugBenchmark::main,
            "ovsdb-replica", org.vifd.bench.ovsdb.ReplicaLoadBenchmark::main,
            "openflow-flows", FlowModBenchmark::main,
            "dhcp-dora", org.vifd.bench.dhcp.DhcpContendersBenchmark::main,
            "agent-wiring", org.vifd.bench.agent.PortWiringLatencyBenchmark::main,
            "agent-scale", org.vifd.bench.agent.AgentScaleBenchmark::main,
            "ovn-conditional", org.vifd.bench.ovn.OvnConditionalBenchmark::main,
            "ovn-binding", org.vifd.bench.ovn.OvnBindingBenchmark::main,
            "jmh", org.openjdk.jmh.Main::main));

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !BENCHES.containsKey(args[0])) {
            System.err.println("usage: java -jar vifd-bench.jar {" + String.join("|", BENCHES.keySet()) + "} [args]");
            System.exit(2);
        }
        BENCHES.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    }
}
