package org.vifd.tools.agent;

import org.vifd.tools.vsctl.VsctlException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent's HTTP status endpoint ({@code status_listen}, default {@value #DEFAULT_ADDRESS}) as a blocking
 * client: one GET per call, the body as text. Failures are {@link VsctlException}s with exit code 1 whose message
 * is the one line vifctl prints.
 */
public final class StatusEndpoint {
    /** The agent's {@code status_listen} default. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1:9697";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** One answer: HTTP status code and body. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status == 200;
        }
    }

    private final String address;
    private final URI base;

    private StatusEndpoint(String address, URI base) {
        this.address = address;
        this.base = base;
    }

    /** HOST:PORT, with an IPv6 host in brackets ({@code [::1]:9697}). */
    public static StatusEndpoint parse(String address) {
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : "";
        String port = colon > 0 ? address.substring(colon + 1) : "";
        if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535
                || (host.contains(":") && !host.startsWith("["))) {
            throw new VsctlException("--status: expected HOST:PORT, got '" + address + "'", 2);
        }
        try {
            return new StatusEndpoint(address, URI.create("http://" + host + ":" + port));
        } catch (IllegalArgumentException e) {
            throw new VsctlException("--status: expected HOST:PORT, got '" + address + "'", 2);
        }
    }

    public String address() {
        return address;
    }

    /** GETs {@code path}; an answer other than 200 is returned, not thrown (the caller knows what it means). */
    public Answer get(String path) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(res.statusCode(), res.body());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    /** GETs {@code path} and insists on 200. */
    public String getOk(String path) {
        Answer a = get(path);
        if (!a.ok()) {
            throw new VsctlException("the agent at " + address + " answered " + a.status() + " to " + path + ": "
                    + a.body().strip(), 1);
        }
        return a.body();
    }

    private VsctlException unreachable(Exception e) {
        return new VsctlException("cannot reach the agent at " + address + ": " + reason(e), 1);
    }

    /**
     * The first message in the cause chain; java.net.http reports a refused connection as a
     * {@link java.net.ConnectException} without any message, which is said here in the kernel's words.
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "Connection refused";
            }
        }
        return e.getClass().getSimpleName();
    }
}
