package org.vifd.openflow.connection;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.vifd.openflow.OfVersion;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * The set-up the sandbox tests that drive one switch share: an OVS sandbox with ovs-vswitchd and the given bridges,
 * and our controller connected in OpenFlow 1.3 to the first bridge's management socket. Register it on a static field
 * with {@code @RegisterExtension} (in place of an {@link OvsSandboxExtension}); the controller and then the sandbox
 * are stopped after the class, also when a test or the set-up fails.
 */
public final class SandboxSwitchExtension implements BeforeAllCallback, AfterAllCallback {
    private final OvsSandboxExtension ovs;
    private final String bridge;
    private final PacketInHandler packetInHandler;
    private OpenFlowController controller;
    private SwitchConnection sw;

    private SandboxSwitchExtension(String[] bridges, PacketInHandler packetInHandler) {
        if (bridges.length == 0) {
            throw new IllegalArgumentException("no bridge to connect to");
        }
        this.ovs = OvsSandboxExtension.builder().withVswitchd(true).bridges(bridges).build();
        this.bridge = bridges[0];
        this.packetInHandler = Objects.requireNonNull(packetInHandler, "packetInHandler");
    }

    /** A sandbox with these bridges; the controller connects to the first. Packet-ins are dropped. */
    public static SandboxSwitchExtension on(String... bridges) {
        return new SandboxSwitchExtension(bridges.clone(), (c, p) -> { });
    }

    /** The same set-up, with packet-ins handed to {@code handler}. */
    public static SandboxSwitchExtension on(PacketInHandler handler, String... bridges) {
        return new SandboxSwitchExtension(bridges.clone(), handler);
    }

    /** The running sandbox; only between beforeAll and afterAll. */
    public OvsSandbox sandbox() {
        return ovs.sandbox();
    }

    /** Our connection to the first bridge; only between beforeAll and afterAll. */
    public SwitchConnection sw() {
        if (sw == null) {
            throw new IllegalStateException("not connected (register the extension on a static field)");
        }
        return sw;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ovs.beforeAll(context);
        controller = OpenFlowController.builder()
                .config(ConnectionConfig.builder().versions(OfVersion.OF_1_3).build())
                .packetInHandler(packetInHandler)
                .build();
        sw = controller.connect("unix:" + ovs.sandbox().mgmtSocket(bridge)).get(20, TimeUnit.SECONDS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sw = null;
        try {
            if (controller != null) {
                controller.close();
                controller = null;
            }
        } finally {
            ovs.afterAll(context);
        }
    }
}
