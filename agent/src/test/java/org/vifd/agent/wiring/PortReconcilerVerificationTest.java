package org.vifd.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;

/**
 * The reconciler's optimistic concurrency: which failures mean "another client changed the row we read" (try again
 * from the newer view, no backoff, no error on the port) and which are real failures; and when a Port row already
 * holds what the agent wants (nothing to write).
 */
class PortReconcilerVerificationTest {
    private static final Operation.Wait WAIT = new Operation.Wait("Port", List.of(Condition.equal("name", "p1")),
            PortReconciler.VERIFIED_COLUMNS, true, List.of(Row.builder().put("tag", 5L).build()), 0L);

    @Test
    void aTimedOutWaitIsAFailedVerification() {
        TransactionException ex = new TransactionException("timed out", null, 0, WAIT, List.of());
        assertThat(PortReconciler.isFailedVerification(ex)).isTrue();
        assertThat(PortReconciler.isFailedVerification(new CompletionException(ex))).as("as a future delivers it")
                .isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        Operation.Update update = new Operation.Update("Port", List.of(), Row.builder().put("tag", 5L).build());
        assertThat(PortReconciler.isFailedVerification(new TransactionException("timed out", null, 1, update,
                List.of()))).as("timed out, but not on a wait").isFalse();
        assertThat(PortReconciler.isFailedVerification(new TransactionException("constraint violation", "x", 0,
                WAIT, List.of()))).as("a wait that failed otherwise").isFalse();
        assertThat(PortReconciler.isFailedVerification(new IllegalStateException("timed out"))).isFalse();
    }

    @Test
    void columnsMatchOnlyWhenTagTrunksModeAndOwnOtherConfigKeysAreAsWanted() {
        Map<String, String> oc = Map.of("net_uuid", "n1", "network_type", "vlan", "physical_network", "physnet1",
                "segmentation_id", "101");
        Row wired = Row.builder().put("tag", 3L).put("trunks", OvsSet.empty()).put("vlan_mode", OvsSet.empty())
                .put("other_config", OvsMap.ofStrings(Map.of("net_uuid", "n1", "network_type", "vlan",
                        "physical_network", "physnet1", "segmentation_id", "101", "operator-key", "kept")))
                .build();
        assertThat(PortReconciler.columnsMatch(wired, 3, oc)).as("foreign other_config keys do not matter").isTrue();
        assertThat(PortReconciler.columnsMatch(wired, 4, oc)).as("another tag").isFalse();
        Row operatorChanged = Row.builder().put("tag", 3L).put("trunks", OvsSet.empty())
                .put("vlan_mode", OvsSet.empty()).put("other_config", OvsMap.ofStrings(Map.of("net_uuid",
                        "someone-else"))).build();
        assertThat(PortReconciler.columnsMatch(operatorChanged, 3, oc)).isFalse();
        Row trunk = Row.builder().put("tag", 3L).put("trunks", OvsSet.ofIntegers(7)).put("vlan_mode",
                OvsSet.empty()).put("other_config", OvsMap.ofStrings(oc)).build();
        assertThat(PortReconciler.columnsMatch(trunk, 3, oc)).as("dead-VLAN trunk settings left").isFalse();
    }
}
