package org.vifd.testkit;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link OvsSandbox} per test class: register it as a static field with {@code @RegisterExtension}. The sandbox
 * is stopped after the class, also when a test fails.
 */
public final class OvsSandboxExtension implements BeforeAllCallback, AfterAllCallback {
    private final OvsSandbox.Config config;
    private OvsSandbox sandbox;

    private OvsSandboxExtension(OvsSandbox.Config config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The running sandbox; only between beforeAll and afterAll. */
    public OvsSandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("the OVS sandbox is not running (register the extension on a static field)");
        }
        return sandbox;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = OvsSandbox.start(config);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    public static final class Builder {
        private Path schema;
        private boolean vswitchd;
        private List<String> bridges = List.of();
        private String datapathType = "netdev";
        private List<String> ovsdbServerArgs = List.of();
        private List<String> vswitchdArgs = List.of();

        /** Serve this schema instead of the vswitch one (no vswitchd then). */
        public Builder schema(Path schema) {
            this.schema = schema;
            return this;
        }

        public Builder withVswitchd(boolean vswitchd) {
            this.vswitchd = vswitchd;
            return this;
        }

        /** Bridges created at start (needs vswitchd), each with the sandbox's datapath type. */
        public Builder bridges(String... bridges) {
            this.bridges = List.of(bridges);
            return this;
        }

        public Builder datapathType(String datapathType) {
            this.datapathType = datapathType;
            return this;
        }

        /** Extra ovsdb-server arguments (TLS keys, more remotes), appended to the sandbox's own. */
        public Builder ovsdbServerArgs(String... args) {
            this.ovsdbServerArgs = List.of(args);
            return this;
        }

        /** Extra ovs-vswitchd arguments, e.g. {@code --enable-dummy} for interfaces of type {@code dummy}. */
        public Builder vswitchdArgs(String... args) {
            this.vswitchdArgs = List.of(args);
            return this;
        }

        public OvsSandboxExtension build() {
            if (vswitchd && schema != null && !schema.equals(OvsSandbox.VSWITCH_SCHEMA)) {
                throw new IllegalArgumentException("ovs-vswitchd needs the vswitch schema, not " + schema);
            }
            if (!bridges.isEmpty() && !vswitchd) {
                throw new IllegalArgumentException("bridges need withVswitchd(true)");
            }
            return new OvsSandboxExtension(new OvsSandbox.Config(schema, vswitchd, bridges, datapathType, ovsdbServerArgs,
                    vswitchdArgs));
        }
    }
}
