package org.vifd.ovsdb.vswitch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifd.ovsdb.LogCapture;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.Reconnect;
import org.vifd.testkit.OvsSandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed bindings are checked against the server's schema on every (re)connection: a served schema that lacks a
 * bound column is reported and logged as an error naming it; extra columns and a newer version are tolerated.
 */
class VswitchSchemaCheckSandboxTest {

    private static final Reconnect.Options FAST = Reconnect.Options.DEFAULTS.withBackoff(Duration.ofMillis(50), Duration.ofMillis(300));

    /** vswitch.ovsschema without Interface.ofport, with an extra Port column and a newer version. */
    private static Path modifiedSchema(Path dir) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode schema = (ObjectNode) mapper.readTree(OvsSandbox.VSWITCH_SCHEMA.toFile());
        schema.put("version", "8.9.0");
        schema.remove("cksum");
        ObjectNode tables = (ObjectNode) schema.get("tables");
        ((ObjectNode) tables.get("Interface").get("columns")).remove("ofport");
        ((ObjectNode) tables.get("Port").get("columns")).set("vifd_extra", mapper.readTree("{\"type\": \"string\"}"));
        Path out = dir.resolve("vswitch-no-ofport.ovsschema");
        Files.writeString(out, mapper.writeValueAsString(schema));
        return out;
    }

    @Test
    void aSchemaLackingABoundColumnIsReportedOnEveryConnectionAndExtrasAreTolerated(@TempDir Path dir) throws Exception {
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(modifiedSchema(dir), false, List.of(), "netdev"));
             LogCapture log = new LogCapture(VswitchSchemaCheck.class);
             OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").reconnect(FAST).build()) {
            VswitchSchemaCheck check = VswitchSchemaCheck.attach(session);
            var first = check.nextReport();
            session.start().get(30, TimeUnit.SECONDS);
            VswitchSchemaCheck.Report r = first.get(30, TimeUnit.SECONDS);

            assertThat(r.generation()).isEqualTo(1);
            assertThat(r.schemaVersion()).isEqualTo("8.9.0");
            assertThat(r.ok()).isFalse();
            assertThat(r.errors()).singleElement().asString().contains("Interface.ofport").contains("missing");
            assertThat(r.tolerated()).anySatisfy(t -> assertThat(t).contains("8.9.0").contains("newer"));
            assertThat(r.tolerated()).anySatisfy(t -> assertThat(t).startsWith("Port ").contains("vifd_extra"));
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).singleElement().asString()
                    .contains("generation 1").contains("Interface.ofport");

            // A reconnection (the server restarted, maybe upgraded) is checked again.
            var second = check.nextReport();
            sb.stopOvsdbServer();
            sb.startOvsdbServer();
            VswitchSchemaCheck.Report again = second.get(30, TimeUnit.SECONDS);
            assertThat(again.generation()).isEqualTo(2);
            assertThat(again.errors()).isEqualTo(r.errors());
            assertThat(check.lastReport()).isEqualTo(again);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).hasSize(2).last().asString()
                    .contains("generation 2").contains("Interface.ofport");
            check.detach();
        }
    }

    @Test
    void theInstalledVswitchSchemaFitsTheBindings() throws Exception {
        VswitchSchemaCheck.Report r = VswitchSchemaCheck.check(Schema.read(OvsSandbox.VSWITCH_SCHEMA), 0);
        assertThat(r.errors()).isEmpty();
        assertThat(r.tolerated()).noneMatch(t -> t.contains("newer"));
        assertThat(r.tolerated()).anySatisfy(t -> assertThat(t).startsWith("Interface ").contains("statistics"));
    }

    @Test
    void versionsCompareByNumberPerPart() {
        assertThat(VswitchSchemaCheck.compareVersions("8.10.0", "8.3.1")).isPositive();
        assertThat(VswitchSchemaCheck.compareVersions("8.3.1", "8.3.1")).isZero();
        assertThat(VswitchSchemaCheck.compareVersions("7.99.99", "8.3.1")).isNegative();
        assertThat(VswitchSchemaCheck.compareVersions("8.3", "8.3.0")).isZero();
    }
}
