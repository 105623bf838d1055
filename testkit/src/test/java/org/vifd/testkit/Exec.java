package org.vifd.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real peers' command-line tools for tests (never product code). A missing tool fails the test:
 * CI installs every tool, so a skip would only hide a broken install step.
 */
public final class Exec {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Exec() {
    }

    public static ExecResult run(String... command) {
        return run(DEFAULT_TIMEOUT, Map.of(), List.of(command));
    }

    public static ExecResult run(Duration timeout, String... command) {
        return run(timeout, Map.of(), List.of(command));
    }

    public static ExecResult run(Duration timeout, Map<String, String> env, List<String> command) {
        require(command.get(0));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("command timed out after " + timeout + ": " + String.join(" ", command));
            }
            return new ExecResult(List.copyOf(command), p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Starts a long-running process (a DHCP client, tshark); the caller stops it. Output goes to the given log file. */
    public static Process start(Map<String, String> env, Path log, List<String> command) {
        require(command.get(0));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Starts a process whose stdout the caller reads (a load generator printing its result); stderr is appended to
     * {@code stderrLog}. The caller waits for it or stops it.
     */
    public static Process startReadingStdout(Path stderrLog, List<String> command) {
        require(command.get(0));
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** Fails (never skips) when a tool the tests need is not installed. */
    public static Path require(String tool) {
        if (tool.contains("/")) {
            Path p = Path.of(tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
                Path p = Path.of(dir, tool);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
                Path p = Path.of(dir, tool);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new AssertionError("required tool '" + tool + "' is not installed: run scripts/install-deps.sh");
    }

    /** Own thread per stream: the common pool has one thread on 2 cores, and a full stderr pipe would block stdout. */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.complete("<unreadable: " + e + ">");
            }
        }, "exec-drain");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
