package org.vifd.tools.of;

import org.vifd.openflow.FlowBatchException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.OpenFlowErrorException;
import org.vifd.openflow.connection.ConnectionConfig;
import org.vifd.openflow.connection.OpenFlowController;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.tools.vsctl.VsctlException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One OpenFlow connection for one command, like ovs-ofctl's: a service connection that asks for no asynchronous
 * messages (miss_send_len 0, standard packet-in format), closed when the command is done. Every wait is bounded by
 * the command's timeout and every failure becomes one {@link VsctlException} line naming the switch.
 */
public final class OneShotSwitch implements AutoCloseable {

    /** How long a command waits for the handshake before checking with a plain socket whether anyone listens. */
    private static final long PROBE_AFTER_MS = 300;

    private final SwitchTarget target;
    private final OpenFlowController controller;
    private final SwitchConnection connection;
    private final Duration timeout;

    private OneShotSwitch(SwitchTarget target, OpenFlowController controller, SwitchConnection connection,
                          Duration timeout) {
        this.target = target;
        this.controller = controller;
        this.connection = connection;
        this.timeout = timeout;
    }

    /** Connects and completes the handshake offering {@code versions}; {@code missSendLen} > 0 only for monitor. */
    public static OneShotSwitch open(SwitchTarget target, List<OfVersion> versions, Duration timeout, int missSendLen) {
        ConnectionConfig config = ConnectionConfig.builder()
                .versions(versions.toArray(OfVersion[]::new))
                .missSendLen(missSendLen)
                .packetIn2(false)
                .handshakeTimeout(timeout)
                .echoInterval(Duration.ofHours(1))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        OpenFlowController controller = OpenFlowController.builder().config(config).threads(1).build();
        try {
            CompletableFuture<SwitchConnection> f = controller.connect(target.remote());
            SwitchConnection c;
            try {
                c = f.get(PROBE_AFTER_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                target.probe();
                c = f.get(Math.max(1, timeout.toMillis() - PROBE_AFTER_MS), TimeUnit.MILLISECONDS);
            }
            return new OneShotSwitch(target, controller, c, timeout);
        } catch (TimeoutException e) {
            controller.close();
            throw new VsctlException(target.remote() + ": no OpenFlow handshake within " + timeout.toMillis()
                    + " ms (versions offered: " + versions + ")");
        } catch (ExecutionException e) {
            controller.close();
            throw new VsctlException(target.remote() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            controller.close();
            Thread.currentThread().interrupt();
            throw new VsctlException(target.remote() + ": interrupted");
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
    }

    public SwitchConnection connection() {
        return connection;
    }

    public SwitchTarget target() {
        return target;
    }

    /** Waits for {@code f} within the command's timeout; a failure becomes "BRIDGE: WHAT failed: REASON". */
    public <T> T await(CompletableFuture<T> f, String what) {
        return await(f, what, cause -> null);
    }

    /** Like {@link #await(CompletableFuture, String)}, with {@code describe} naming a failure better where it can. */
    public <T> T await(CompletableFuture<T> f, String what, Function<Throwable, String> describe) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new VsctlException(target.name() + ": " + what + ": no reply within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VsctlException(target.name() + ": " + what + ": interrupted");
        } catch (ExecutionException | CompletionException e) {
            String described = describe.apply(e.getCause());
            throw new VsctlException(target.name() + ": " + what + " failed: "
                    + (described != null ? described : reason(e.getCause())));
        }
    }

    /** The switch's words for a failure: the OpenFlow error's name, type, code and xid where there is one. */
    static String reason(Throwable t) {
        if (t instanceof FlowBatchException fb) {
            return fb.getMessage();
        }
        if (t instanceof OpenFlowErrorException oe) {
            return oe.getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public void close() {
        controller.close();
    }
}
