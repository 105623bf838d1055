package org.vifd.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A network namespace the test owns: created with a unique name, deleted on close. */
public final class Netns implements AutoCloseable {
    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates {@code <prefix>-<random>} with its loopback up. */
    public static Netns create(String prefix) {
        String name = prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000, 0x10000000));
        Exec.run("ip", "netns", "add", name).ok();
        Netns ns = new Netns(name);
        ns.exec("ip", "link", "set", "lo", "up").ok();
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace. */
    public ExecResult exec(String... command) {
        return exec(Exec.DEFAULT_TIMEOUT, Map.of(), command);
    }

    public ExecResult exec(Duration timeout, Map<String, String> env, String... command) {
        return Exec.run(timeout, env, wrap(command));
    }

    /** The command line that runs {@code command} inside this namespace. */
    public List<String> wrap(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(command));
        return cmd;
    }

    @Override
    public void close() {
        Exec.run("ip", "netns", "del", name);
    }

    @Override
    public String toString() {
        return name;
    }
}
