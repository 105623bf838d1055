package org.vifd.openflow.protocol;

/** ofp_controller_role (OpenFlow 1.3.5 §7.3.9): a closed set. */
public enum Role {
    NOCHANGE(0), EQUAL(1), MASTER(2), SLAVE(3);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The role for a wire value, or null if it is none of the four. */
    public static Role fromCode(long code) {
        for (Role r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
