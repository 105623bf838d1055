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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Open vSwitch for tests: its own temp dir (database, sockets, logs, {@code OVS_RUNDIR}), an
 * {@code ovsdb-server} on a unix socket and a random loopback TCP port, and optionally {@code ovs-vswitchd} in
 * its own network namespace with userspace-datapath bridges. Every daemon is stopped by its pid; the host's
 * {@code /var/run/openvswitch} is never touched.
 */
public final class OvsSandbox implements AutoCloseable {
    public static final Path VSWITCH_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final Logger log = LoggerFactory.getLogger(OvsSandbox.class);
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final Config config;
    private final Path dir;
    private final String dbName;
    private final Map<String, String> env;
    private final Thread shutdownHook;
    private int tcpPort;
    private Netns netns;
    private boolean vswitchdRunning;
    private boolean closed;

    /** What to start; see {@link OvsSandboxExtension.Builder}. */
    public record Config(Path schema, boolean vswitchd, List<String> bridges, String datapathType,
                         List<String> ovsdbServerArgs, List<String> vswitchdArgs) {
        public Config {
            bridges = List.copyOf(bridges);
            ovsdbServerArgs = List.copyOf(ovsdbServerArgs);
            vswitchdArgs = List.copyOf(vswitchdArgs);
        }

        public Config(Path schema, boolean vswitchd, List<String> bridges, String datapathType,
                      List<String> ovsdbServerArgs) {
            this(schema, vswitchd, bridges, datapathType, ovsdbServerArgs, List.of());
        }

        public Config(Path schema, boolean vswitchd, List<String> bridges, String datapathType) {
            this(schema, vswitchd, bridges, datapathType, List.of());
        }
    }

    private OvsSandbox(Config config, Path dir, String dbName) {
        this.config = config;
        this.dir = dir;
        this.dbName = dbName;
        this.env = Map.of("OVS_RUNDIR", dir.toString(), "OVS_LOGDIR", dir.toString(),
                "OVS_DBDIR", dir.toString(), "OVS_SYSCONFDIR", dir.toString());
        this.shutdownHook = new Thread(this::close, "ovs-sandbox-cleanup");
    }

    /** Starts a sandbox; on any failure whatever was started is stopped again. */
    public static OvsSandbox start(Config config) {
        for (String tool : List.of("ovsdb-tool", "ovsdb-server", "ovs-vsctl", "ovs-appctl", "ovsdb-client")) {
            Exec.require(tool);
        }
        Path dir;
        try {
            // Short path: unix socket paths are limited to 108 bytes.
            dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-sb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path schema = config.schema() != null ? config.schema() : VSWITCH_SCHEMA;
        String dbName = Exec.run("ovsdb-tool", "schema-name", schema.toString()).ok().out();
        OvsSandbox sb = new OvsSandbox(config, dir, dbName);
        Runtime.getRuntime().addShutdownHook(sb.shutdownHook);
        boolean ok = false;
        try {
            Exec.run("ovsdb-tool", "create", sb.dbFile().toString(), schema.toString()).ok();
            sb.startOvsdbServer();
            if (schema.equals(VSWITCH_SCHEMA)) {
                sb.vsctl("--no-wait", "init").ok();
            }
            if (config.vswitchd()) {
                sb.netns = Netns.create("vifd-sb");
                sb.startVswitchd();
                for (String br : config.bridges()) {
                    sb.vsctl("add-br", br, "--", "set", "bridge", br, "datapath_type=" + config.datapathType()).ok();
                }
            }
            ok = true;
            log.info("OVS sandbox started in {} (db {}, tcp port {}, netns {})", dir, dbName, sb.tcpPort, sb.netns);
            return sb;
        } finally {
            if (!ok) {
                sb.close();
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public String dbName() {
        return dbName;
    }

    public Path dbFile() {
        return dir.resolve("conf.db");
    }

    public Path dbSocket() {
        return dir.resolve("db.sock");
    }

    public String unixRemote() {
        return "unix:" + dbSocket();
    }

    public String tcpRemote() {
        return "tcp:127.0.0.1:" + tcpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** The namespace vswitchd runs in (null without vswitchd): plug veths for "VMs" there. */
    public String netns() {
        return netns == null ? null : netns.name();
    }

    public Netns namespace() {
        return netns;
    }

    /** The bridge's OpenFlow service socket, {@code <rundir>/<bridge>.mgmt}. */
    public Path mgmtSocket(String bridge) {
        return dir.resolve(bridge + ".mgmt");
    }

    public Map<String, String> env() {
        return env;
    }

    /** {@code ovs-vsctl --db=<unix>}; {@code --no-wait} is added while vswitchd is not running. */
    public ExecResult vsctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=" + unixRemote(), "--timeout=30"));
        if (!vswitchdRunning && !List.of(args).contains("--no-wait")) {
            cmd.add("--no-wait");
        }
        cmd.addAll(List.of(args));
        return Exec.run(Duration.ofSeconds(60), env, cmd);
    }

    /**
     * {@code ovs-ofctl ARGS}: a bridge name given as target is resolved by ovs-ofctl to {@code <OVS_RUNDIR>/BR.mgmt},
     * which is this sandbox's.
     */
    public ExecResult ofctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-ofctl"));
        cmd.addAll(List.of(args));
        return Exec.run(Duration.ofSeconds(120), env, cmd);
    }

    /** {@code ovsdb-client ARGS} where the first argument is the method, the remote is inserted after it. */
    public ExecResult ovsdbClient(String method, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovsdb-client", method, unixRemote()));
        cmd.addAll(List.of(args));
        return Exec.run(Duration.ofSeconds(60), env, cmd);
    }

    /** {@code ovs-appctl -t <target ctl>}: target is "ovsdb-server" or "ovs-vswitchd". */
    public ExecResult appctl(String target, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", dir.resolve(target + ".ctl").toString()));
        cmd.addAll(List.of(args));
        return Exec.run(Duration.ofSeconds(30), env, cmd);
    }

    /** Starts ovsdb-server on the sandbox's db; after a restart it listens on the same TCP port as before. */
    public synchronized void startOvsdbServer() {
        String ptcp = "ptcp:" + tcpPort + ":127.0.0.1";
        Path logFile = dir.resolve("ovsdb-server.log");
        long logStart = size(logFile);
        List<String> cmd = new ArrayList<>(List.of("ovsdb-server", dbFile().toString(),
                "--remote=punix:" + dbSocket(), "--remote=" + ptcp,
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"), "--pidfile=" + dir.resolve("ovsdb-server.pid"),
                "--log-file=" + logFile, "--detach", "--no-chdir"));
        cmd.addAll(config.ovsdbServerArgs());
        Exec.run(Duration.ofSeconds(30), env, cmd).ok();
        if (tcpPort == 0) {
            tcpPort = Awaitility.await("ovsdb-server TCP port in " + logFile).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> listeningPort(logFile, logStart), Optional::isPresent).orElseThrow();
        }
        Awaitility.await("ovsdb-server socket " + dbSocket()).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(dbSocket()));
    }

    /** Kills ovsdb-server with SIGKILL (a crash, not a clean exit), by its pid. */
    public synchronized void killOvsdbServer() {
        killByPidFile(dir.resolve("ovsdb-server.pid"), "-9");
        deleteQuietly(dbSocket());
    }

    /** Stops ovsdb-server cleanly by its pid (SIGTERM), waiting for it to be gone. */
    public synchronized void stopOvsdbServer() {
        killByPidFile(dir.resolve("ovsdb-server.pid"), "-TERM");
        deleteQuietly(dbSocket());
    }

    /** Starts ovs-vswitchd inside the sandbox's namespace (userspace datapath only). */
    public synchronized void startVswitchd() {
        if (netns == null) {
            throw new IllegalStateException("this sandbox was built without vswitchd");
        }
        List<String> args = new java.util.ArrayList<>(List.of("ovs-vswitchd", unixRemote(), "--disable-system",
                "--unixctl=" + dir.resolve("ovs-vswitchd.ctl"), "--pidfile=" + dir.resolve("ovs-vswitchd.pid"),
                "--log-file=" + dir.resolve("ovs-vswitchd.log"), "--detach", "--no-chdir"));
        // Extra arguments go before the daemon options, e.g. --enable-dummy (interface type "dummy": a userspace
        // netdev that costs vswitchd no kernel device).
        args.addAll(1, config.vswitchdArgs());
        List<String> cmd = netns.wrap(args.toArray(String[]::new));
        Exec.run(Duration.ofSeconds(60), env, cmd).ok();
        vswitchdRunning = true;
    }

    /** Stops ovs-vswitchd with {@code exit --cleanup} so its taps do not stay behind; SIGKILL if that fails. */
    public synchronized void stopVswitchd() {
        if (!vswitchdRunning) {
            return;
        }
        Path pidFile = dir.resolve("ovs-vswitchd.pid");
        Optional<Long> pid = readPid(pidFile);
        ExecResult r = appctl("ovs-vswitchd", "exit", "--cleanup");
        if (!r.succeeded()) {
            log.warn("ovs-vswitchd exit --cleanup failed: {}", r.stderr().strip());
        }
        pid.ifPresent(p -> awaitGone(p, pidFile));
        vswitchdRunning = false;
    }

    /** Kills ovs-vswitchd with SIGKILL, as a crash would. */
    public synchronized void killVswitchd() {
        killByPidFile(dir.resolve("ovs-vswitchd.pid"), "-9");
        vswitchdRunning = false;
    }

    public boolean vswitchdRunning() {
        return vswitchdRunning;
    }

    public Config config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself.
        }
        try {
            if (vswitchdRunning) {
                stopVswitchd();
            }
        } finally {
            killByPidFile(dir.resolve("ovsdb-server.pid"), "-TERM");
            if (netns != null) {
                netns.close();
            }
            deleteTree(dir);
        }
    }

    private static Optional<Integer> listeningPort(Path logFile, long from) {
        try {
            if (!Files.exists(logFile)) {
                return Optional.empty();
            }
            String text = Files.readString(logFile);
            Matcher m = LISTENING.matcher(text.substring((int) Math.min(from, text.length())));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void killByPidFile(Path pidFile, String signal) {
        readPid(pidFile).ifPresent(pid -> {
            Exec.run("kill", signal, Long.toString(pid));
            awaitGone(pid, pidFile);
        });
    }

    private static void awaitGone(long pid, Path pidFile) {
        Awaitility.await("process " + pid + " to exit").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> !isRunning(pid));
        deleteQuietly(pidFile);
    }

    /**
     * Whether the process exists and is not a zombie. Detached daemons are reparented to PID 1, which here does not
     * reap them promptly, so a killed daemon lingers as a zombie that {@link ProcessHandle#isAlive()} reports alive.
     */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: the temp dir goes away with the sandbox.
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(OvsSandbox::deleteQuietly);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", root, e.toString());
        }
    }
}
