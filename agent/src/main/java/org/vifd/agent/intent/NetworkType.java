package org.vifd.agent.intent;

/** Neutron's {@code provider:network_type} values vifd wires: a closed set for this version. */
public enum NetworkType {
    /** 802.1Q on a physical network: {@code provider:segmentation_id} is the VLAN (1-4094). */
    VLAN("vlan"),
    /** Untagged on a physical network: no segmentation id. */
    FLAT("flat");

    private final String neutronName;

    NetworkType(String neutronName) {
        this.neutronName = neutronName;
    }

    public String neutronName() {
        return neutronName;
    }

    /** The type named so in Neutron's API, or null. */
    public static NetworkType ofNeutronName(String name) {
        for (NetworkType t : values()) {
            if (t.neutronName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
