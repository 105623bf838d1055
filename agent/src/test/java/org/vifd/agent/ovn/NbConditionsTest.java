package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.value.Uuid;

/** The monitor conditions of one host's rows (ovsdb-server(7) monitor_cond: a row matching any clause is sent). */
class NbConditionsTest {
    @Test
    void portsByNameAndEveryLocalnetPort() {
        assertThat(NbConditions.ports(List.of("vm-b", "vm-a"))).containsExactly(
                Condition.equal("name", "vm-a"), Condition.equal("name", "vm-b"), Condition.equal("type", "localnet"));
        assertThat(NbConditions.ports(List.of())).as("localnet ports only").containsExactly(
                Condition.equal("type", "localnet"));
    }

    @Test
    void aSwitchHereIsMonitoredByItsUuidAndAPortWhoseSwitchIsNotHereByPortsIncludes() {
        NbRows nb = new NbRows();
        Uuid dhcp = nb.dhcpOptions("10.0.0.0/24", Map.of(), Map.of());
        Uuid p1 = nb.vmPort("vm-1", "fa:16:3e:00:00:01 10.0.0.11", null, null, dhcp, Map.of());
        Uuid p2 = nb.vmPort("vm-2", "fa:16:3e:00:00:02 10.0.0.12", null, null, dhcp, Map.of());
        Uuid p3 = nb.vmPort("vm-3", "fa:16:3e:00:00:03 10.1.0.13", null, null, dhcp, Map.of());
        nb.localnet("provnet-1", "physnet1", 101L);
        Uuid ls1 = nb.lswitch("neutron-1", Map.of(), p1, p2);

        assertThat(NbConditions.switches(nb.switches, nb.ports)).containsExactly(
                Condition.equal("_uuid", ls1), Condition.includes("ports", p3));
    }

    @Test
    void aPortComingOrGoingOnASwitchHereLeavesTheSwitchConditionAsItIs() {
        NbRows nb = new NbRows();
        Uuid p1 = nb.vmPort("vm-1", "fa:16:3e:00:00:01 10.0.0.11", null, null, null, Map.of());
        Uuid p2 = nb.uuid();
        Uuid ls1 = nb.lswitch("neutron-1", Map.of(), p1, p2);
        List<Condition> before = NbConditions.switches(nb.switches, nb.ports);
        nb.ports.put(p2, nb.vmPortRow(p2, "vm-2", "fa:16:3e:00:00:02 10.0.0.12", nb.uuid()));

        assertThat(NbConditions.switches(nb.switches, nb.ports)).isEqualTo(before)
                .containsExactly(Condition.equal("_uuid", ls1));
        nb.ports.clear();
        assertThat(NbConditions.switches(nb.switches, nb.ports)).as("no VM port: no switch")
                .isEqualTo(NbConditions.NONE);
    }
}
