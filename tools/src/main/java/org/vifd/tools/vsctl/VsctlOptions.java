package org.vifd.tools.vsctl;

import java.time.Duration;

/**
 * The global options of an ovs-vsctl style invocation. {@code timeout} zero means wait forever for vswitchd and
 * for wait-until (as ovs-vsctl without --timeout); requests to the server are bounded by {@link #requestTimeout()}.
 */
public record VsctlOptions(String db, Duration timeout, boolean noWait, boolean dryRun, boolean oneline, TableStyle style,
                           String commandLine, TlsFiles tls) {

    public static final String DEFAULT_DB = "unix:/var/run/openvswitch/db.sock";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public Duration requestTimeout() {
        return timeout.isZero() ? DEFAULT_REQUEST_TIMEOUT : timeout;
    }
}
