package org.vifd.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RAFT-clustered database on loopback: {@code ovsdb-tool create-cluster} for the first member and
 * {@code join-cluster} for the others, each served by its own {@code ovsdb-server} with a client TCP port and a
 * unix socket. Members can be killed and restarted to test fail-over.
 */
public final class OvsdbCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OvsdbCluster.class);

    private final Path dir;
    private final String dbName;
    private final List<Member> members;
    private final Thread shutdownHook = new Thread(this::close, "ovsdb-cluster-cleanup");
    private boolean closed;

    private OvsdbCluster(Path dir, String dbName, List<Member> members) {
        this.dir = dir;
        this.dbName = dbName;
        this.members = members;
    }

    /** Creates and starts an {@code size}-member cluster of {@code schema}, waiting until every member has joined. */
    public static OvsdbCluster create(Path schema, int size) {
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-cl-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String dbName = Exec.run("ovsdb-tool", "schema-name", schema.toString()).ok().out();
        int[] ports = freePorts(2 * size);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(new Member(i, dir, dbName, ports[2 * i], ports[2 * i + 1]));
        }
        OvsdbCluster cluster = new OvsdbCluster(dir, dbName, members);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        boolean ok = false;
        try {
            Member first = members.get(0);
            Exec.run("ovsdb-tool", "create-cluster", first.dbFile().toString(), schema.toString(), first.raftAddress())
                    .ok();
            for (Member m : members.subList(1, size)) {
                Exec.run("ovsdb-tool", "join-cluster", m.dbFile().toString(), dbName, m.raftAddress(),
                        first.raftAddress()).ok();
            }
            members.forEach(Member::start);
            cluster.awaitHealthy();
            ok = true;
            log.info("OVSDB cluster {} started in {}: {}", dbName, dir, cluster.remotes());
            return cluster;
        } finally {
            if (!ok) {
                cluster.close();
            }
        }
    }

    public String dbName() {
        return dbName;
    }

    public Path dir() {
        return dir;
    }

    public int size() {
        return members.size();
    }

    public Member member(int index) {
        return members.get(index);
    }

    /** All members' client remotes, comma-separated as OVS takes them. */
    public String remotes() {
        return members.stream().map(Member::remote).collect(Collectors.joining(","));
    }

    /** The index of the member that says it is the leader, if any running member does. */
    public OptionalInt leaderIndex() {
        for (Member m : members) {
            if (m.running() && m.status().contains("Role: leader")) {
                return OptionalInt.of(m.index());
            }
        }
        return OptionalInt.empty();
    }

    /** Waits until a leader is elected and every running member reports itself a cluster member. */
    public void awaitHealthy() {
        Awaitility.await("cluster " + dbName + " to elect a leader").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> leaderIndex().isPresent() && members.stream().filter(Member::running)
                        .allMatch(m -> m.status().contains("Status: cluster member")));
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
        members.forEach(m -> OvsSandbox.killByPidFile(m.pidFile(), "-TERM"));
        OvsSandbox.deleteTree(dir);
    }

    private static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Released for ovsdb-server to bind.
                }
            }
        }
    }

    /** One member: its database file, RAFT address, client TCP port and unix socket. */
    public static final class Member {
        private final int index;
        private final Path dir;
        private final String dbName;
        private final int raftPort;
        private final int clientPort;
        private boolean running;

        Member(int index, Path dir, String dbName, int raftPort, int clientPort) {
            this.index = index;
            this.dir = dir;
            this.dbName = dbName;
            this.raftPort = raftPort;
            this.clientPort = clientPort;
        }

        public int index() {
            return index;
        }

        public Path dbFile() {
            return dir.resolve("s" + index + ".db");
        }

        Path pidFile() {
            return dir.resolve("s" + index + ".pid");
        }

        public Path ctl() {
            return dir.resolve("s" + index + ".ctl");
        }

        public Path socket() {
            return dir.resolve("s" + index + ".sock");
        }

        public String raftAddress() {
            return "tcp:127.0.0.1:" + raftPort;
        }

        /** The client remote, {@code tcp:127.0.0.1:PORT}. */
        public String remote() {
            return "tcp:127.0.0.1:" + clientPort;
        }

        public String unixRemote() {
            return "unix:" + socket();
        }

        public synchronized boolean running() {
            return running;
        }

        /** Starts (or restarts) this member's ovsdb-server on its existing database file. */
        public synchronized void start() {
            Exec.run(Duration.ofSeconds(30), "ovsdb-server", dbFile().toString(),
                    "--remote=ptcp:" + clientPort + ":127.0.0.1", "--remote=punix:" + socket(),
                    "--unixctl=" + ctl(), "--pidfile=" + pidFile(), "--log-file=" + dir.resolve("s" + index + ".log"),
                    "--detach", "--no-chdir").ok();
            running = true;
        }

        /** Restarts after a kill and waits until it has rejoined. */
        public void restart() {
            start();
            Awaitility.await("member " + index + " to rejoin").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> status().contains("Status: cluster member"));
        }

        /** SIGKILL, as a crash. */
        public synchronized void kill() {
            OvsSandbox.killByPidFile(pidFile(), "-9");
            OvsSandbox.deleteQuietly(socket());
            running = false;
        }

        /** {@code ovs-appctl cluster/status DB}, or "" when it does not answer. */
        public String status() {
            ExecResult r = Exec.run(Duration.ofSeconds(10), "ovs-appctl", "-t", ctl().toString(), "cluster/status",
                    dbName);
            return r.succeeded() ? r.stdout() : "";
        }
    }
}
