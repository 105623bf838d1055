package org.vifd.openflow.protocol;

/** ofp_flow_mod_command (OpenFlow 1.3.5 §7.3.4.1): a closed set. */
public enum FlowModCommand {
    ADD(0), MODIFY(1), MODIFY_STRICT(2), DELETE(3), DELETE_STRICT(4);

    private final int code;

    FlowModCommand(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FlowModCommand fromCode(int code) {
        for (FlowModCommand c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
