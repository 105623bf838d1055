package org.vifd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class OvsdbClusterSandboxTest {
    @Test
    void threeMembersElectALeaderAndSurviveItsDeath() {
        try (OvsdbCluster c = OvsdbCluster.create(OvsSandbox.VSWITCH_SCHEMA, 3)) {
            assertThat(c.remotes().split(",")).hasSize(3);
            int leader = c.leaderIndex().orElseThrow();
            assertThat(Exec.run("ovsdb-client", "list-dbs", c.member(leader).remote()).ok().out())
                    .contains("Open_vSwitch");
            c.member(leader).kill();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.leaderIndex().isPresent());
            assertThat(c.leaderIndex().getAsInt()).isNotEqualTo(leader);
            c.member(leader).restart();
            assertThat(c.member(leader).status()).contains("Status: cluster member");
        }
    }

    @Test
    void clusteredDatabaseFilesAreClusterFormat() {
        try (OvsdbCluster c = OvsdbCluster.create(Path.of("/usr/share/ovn/ovn-nb.ovsschema"), 3)) {
            assertThat(c.dbName()).isEqualTo("OVN_Northbound");
            assertThat(Exec.run("ovsdb-tool", "db-is-clustered", c.member(0).dbFile().toString()).exitCode())
                    .isZero();
        }
    }
}
