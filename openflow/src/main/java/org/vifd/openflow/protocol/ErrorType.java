package org.vifd.openflow.protocol;

import java.util.HashMap;
import java.util.Map;

/** ofp_error_type (OpenFlow 1.3.5 §7.4.4, 1.4.1 adds 14..17). Open-ended. */
public final class ErrorType extends CodePoint {
    private static final Map<Integer, ErrorType> BY_CODE = new HashMap<>();

    public static final ErrorType HELLO_FAILED = named(0, "HELLO_FAILED");
    public static final ErrorType BAD_REQUEST = named(1, "BAD_REQUEST");
    public static final ErrorType BAD_ACTION = named(2, "BAD_ACTION");
    public static final ErrorType BAD_INSTRUCTION = named(3, "BAD_INSTRUCTION");
    public static final ErrorType BAD_MATCH = named(4, "BAD_MATCH");
    public static final ErrorType FLOW_MOD_FAILED = named(5, "FLOW_MOD_FAILED");
    public static final ErrorType GROUP_MOD_FAILED = named(6, "GROUP_MOD_FAILED");
    public static final ErrorType PORT_MOD_FAILED = named(7, "PORT_MOD_FAILED");
    public static final ErrorType TABLE_MOD_FAILED = named(8, "TABLE_MOD_FAILED");
    public static final ErrorType QUEUE_OP_FAILED = named(9, "QUEUE_OP_FAILED");
    public static final ErrorType SWITCH_CONFIG_FAILED = named(10, "SWITCH_CONFIG_FAILED");
    public static final ErrorType ROLE_REQUEST_FAILED = named(11, "ROLE_REQUEST_FAILED");
    public static final ErrorType METER_MOD_FAILED = named(12, "METER_MOD_FAILED");
    public static final ErrorType TABLE_FEATURES_FAILED = named(13, "TABLE_FEATURES_FAILED");
    public static final ErrorType BAD_PROPERTY = named(14, "BAD_PROPERTY");
    public static final ErrorType ASYNC_CONFIG_FAILED = named(15, "ASYNC_CONFIG_FAILED");
    public static final ErrorType FLOW_MONITOR_FAILED = named(16, "FLOW_MONITOR_FAILED");
    public static final ErrorType BUNDLE_FAILED = named(17, "BUNDLE_FAILED");
    public static final ErrorType EXPERIMENTER = named(0xffff, "EXPERIMENTER");

    private ErrorType(int code, String name) {
        super(code, name);
    }

    private static ErrorType named(int code, String name) {
        ErrorType t = new ErrorType(code, name);
        BY_CODE.put(code, t);
        return t;
    }

    public static ErrorType valueOf(int code) {
        ErrorType t = BY_CODE.get(code);
        return t != null ? t : new ErrorType(code, "UNKNOWN(" + code + ")");
    }

}
