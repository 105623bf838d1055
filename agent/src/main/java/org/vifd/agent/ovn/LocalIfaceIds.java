package org.vifd.agent.ovn;

import java.util.Set;
import java.util.TreeSet;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.value.Row;

/**
 * The iface-ids plugged on this host: {@code external_ids:iface-id} of the Open_vSwitch Interface rows
 * (ovs-vswitchd.conf.db(5); Nova and libvirt set it, and it names the Logical_Switch_Port). What the agent hands
 * {@link OvnNbIntentSource#setLocalPorts} after each change of its Open_vSwitch replica.
 */
public final class LocalIfaceIds {
    public static final String INTERFACE = "Interface";
    public static final String IFACE_ID = "iface-id";

    private LocalIfaceIds() {
    }

    public static Set<String> of(ReplicaView openVswitch) {
        Set<String> out = new TreeSet<>();
        for (Row r : openVswitch.table(INTERFACE).values()) {
            String id = r.map("external_ids").getString(IFACE_ID);
            if (id != null && !id.isBlank()) {
                out.add(id);
            }
        }
        return out;
    }
}
