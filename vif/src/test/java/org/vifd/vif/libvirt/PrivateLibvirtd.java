package org.vifd.vif.libvirt;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.Netns;

/**
 * A libvirtd + virtlogd pair of the test's own, run as root inside a network namespace (the OVS sandbox's, so
 * the taps QEMU opens and ovs-vswitchd share it) and inside the private mount namespace {@code ip netns exec}
 * creates. There, bind mounts give it its own {@code /etc/libvirt} (libvirtd.conf, qemu.conf with user root,
 * dynamic_ownership 0), {@code /run/libvirt}, {@code /var/lib/libvirt}, {@code /var/cache/libvirt},
 * {@code /var/log/libvirt}, and an {@code /etc/passwd} and {@code /etc/group} that know {@code libvirt-qemu}
 * (Debian's QEMU driver resolves its built-in default user before it reads qemu.conf, and that user only exists
 * once libvirt-daemon-system is installed). Its socket is {@code <dir>/sock/libvirt-sock}; it hands
 * {@code OVS_RUNDIR} to the ovs-vsctl it runs. Everything is stopped by pid.
 */
public final class PrivateLibvirtd implements AutoCloseable {
    private static final List<String> PRIVATE_DIRS = List.of("/run/libvirt", "/var/lib/libvirt", "/var/cache/libvirt",
            "/var/log/libvirt");

    private final Path dir;

    private PrivateLibvirtd(Path dir) {
        this.dir = dir;
    }

    public static PrivateLibvirtd start(Netns ns, Path ovsRundir) {
        for (String tool : List.of("libvirtd", "virtlogd", "qemu-system-x86_64", "ip", "mount", "ovs-vsctl")) {
            Exec.require(tool);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "vif-lvd-");
            for (String sub : List.of("etc", "run", "lib", "cache", "log", "sock")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.writeString(dir.resolve("etc/libvirtd.conf"), """
                    unix_sock_dir = "%s"
                    unix_sock_rw_perms = "0700"
                    auth_unix_rw = "none"
                    auth_unix_ro = "none"
                    log_outputs = "3:file:%s"
                    """.formatted(dir.resolve("sock"), dir.resolve("libvirtd.log")));
            // No KVM, no systemd, no cgroup delegation, no AppArmor in the test machine: plain root QEMU.
            Files.writeString(dir.resolve("etc/qemu.conf"), """
                    user = "root"
                    group = "root"
                    dynamic_ownership = 0
                    remember_owner = 0
                    security_driver = "none"
                    namespaces = [ ]
                    cgroup_controllers = [ ]
                    """);
            Files.writeString(dir.resolve("etc/virtlogd.conf"), "log_outputs = \"3:file:%s\"\n"
                    .formatted(dir.resolve("virtlogd.log")));
            Files.writeString(dir.resolve("passwd"), Files.readString(Path.of("/etc/passwd"))
                    + "libvirt-qemu:x:64055:64055:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin\n");
            Files.writeString(dir.resolve("group"), Files.readString(Path.of("/etc/group"))
                    + "libvirt-qemu:x:64055:\n");
            // Bind-mount targets must exist; these are the directories libvirt-daemon-system would create.
            for (String d : PRIVATE_DIRS) {
                Files.createDirectories(Path.of(d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> script = new ArrayList<>();
        script.add("set -e");
        script.add("mount --bind " + dir.resolve("passwd") + " /etc/passwd");
        script.add("mount --bind " + dir.resolve("group") + " /etc/group");
        script.add("mount --bind " + dir.resolve("etc") + " /etc/libvirt");
        script.add("mount --bind " + dir.resolve("run") + " /run/libvirt");
        script.add("mount --bind " + dir.resolve("lib") + " /var/lib/libvirt");
        script.add("mount --bind " + dir.resolve("cache") + " /var/cache/libvirt");
        script.add("mount --bind " + dir.resolve("log") + " /var/log/libvirt");
        script.add("virtlogd -d -p " + dir.resolve("virtlogd.pid") + " -f " + dir.resolve("etc/virtlogd.conf"));
        script.add("libvirtd -d -p " + dir.resolve("libvirtd.pid") + " -f " + dir.resolve("etc/libvirtd.conf"));
        PrivateLibvirtd d = new PrivateLibvirtd(dir);
        boolean ok = false;
        try {
            ExecResult r = Exec.run(Duration.ofSeconds(60), Map.of("OVS_RUNDIR", ovsRundir.toString()),
                    ns.wrap("sh", "-c", String.join("\n", script)));
            r.ok();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .failFast("libvirtd exited: " + d.logTail(), () -> d.pid("libvirtd.pid") > 0 && !alive(d.pid("libvirtd.pid")))
                    .until(() -> Files.exists(d.socket()));
            ok = true;
            return d;
        } finally {
            if (!ok) {
                d.close();
            }
        }
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("sock/libvirt-sock");
    }

    public String uri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("libvirtd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "<no libvirtd.log>";
        }
    }

    /** QEMUs first (libvirtd leaves them running when it stops), then libvirtd, then virtlogd. */
    @Override
    public void close() {
        Path qemuRun = dir.resolve("run/qemu");
        if (Files.isDirectory(qemuRun)) {
            try (Stream<Path> pids = Files.list(qemuRun)) {
                pids.filter(p -> p.toString().endsWith(".pid")).forEach(p -> stop(readPid(p)));
            } catch (IOException ignored) {
                // none
            }
        }
        stop(pid("libvirtd.pid"));
        stop(pid("virtlogd.pid"));
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private long pid(String file) {
        return readPid(dir.resolve(file));
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void stop(long pid) {
        if (pid <= 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> !alive(pid));
    }

    /** Gone or a zombie (detached daemons stay zombies until PID 1 reaps them). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}
