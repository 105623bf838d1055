package org.vifd.openflow.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * ofp_type (OpenFlow 1.3.5 §7.1, 1.4.1 §7.1 for ROLE_STATUS..BUNDLE_ADD_MESSAGE).
 * Open-ended: {@link #valueOf(int)} returns a named constant or an unknown value.
 */
public final class MessageType extends CodePoint {
    private static final Map<Integer, MessageType> BY_CODE = new HashMap<>();

    public static final MessageType HELLO = named(0, "HELLO");
    public static final MessageType ERROR = named(1, "ERROR");
    public static final MessageType ECHO_REQUEST = named(2, "ECHO_REQUEST");
    public static final MessageType ECHO_REPLY = named(3, "ECHO_REPLY");
    public static final MessageType EXPERIMENTER = named(4, "EXPERIMENTER");
    public static final MessageType FEATURES_REQUEST = named(5, "FEATURES_REQUEST");
    public static final MessageType FEATURES_REPLY = named(6, "FEATURES_REPLY");
    public static final MessageType GET_CONFIG_REQUEST = named(7, "GET_CONFIG_REQUEST");
    public static final MessageType GET_CONFIG_REPLY = named(8, "GET_CONFIG_REPLY");
    public static final MessageType SET_CONFIG = named(9, "SET_CONFIG");
    public static final MessageType PACKET_IN = named(10, "PACKET_IN");
    public static final MessageType FLOW_REMOVED = named(11, "FLOW_REMOVED");
    public static final MessageType PORT_STATUS = named(12, "PORT_STATUS");
    public static final MessageType PACKET_OUT = named(13, "PACKET_OUT");
    public static final MessageType FLOW_MOD = named(14, "FLOW_MOD");
    public static final MessageType GROUP_MOD = named(15, "GROUP_MOD");
    public static final MessageType PORT_MOD = named(16, "PORT_MOD");
    public static final MessageType TABLE_MOD = named(17, "TABLE_MOD");
    public static final MessageType MULTIPART_REQUEST = named(18, "MULTIPART_REQUEST");
    public static final MessageType MULTIPART_REPLY = named(19, "MULTIPART_REPLY");
    public static final MessageType BARRIER_REQUEST = named(20, "BARRIER_REQUEST");
    public static final MessageType BARRIER_REPLY = named(21, "BARRIER_REPLY");
    public static final MessageType QUEUE_GET_CONFIG_REQUEST = named(22, "QUEUE_GET_CONFIG_REQUEST");
    public static final MessageType QUEUE_GET_CONFIG_REPLY = named(23, "QUEUE_GET_CONFIG_REPLY");
    public static final MessageType ROLE_REQUEST = named(24, "ROLE_REQUEST");
    public static final MessageType ROLE_REPLY = named(25, "ROLE_REPLY");
    public static final MessageType GET_ASYNC_REQUEST = named(26, "GET_ASYNC_REQUEST");
    public static final MessageType GET_ASYNC_REPLY = named(27, "GET_ASYNC_REPLY");
    public static final MessageType SET_ASYNC = named(28, "SET_ASYNC");
    public static final MessageType METER_MOD = named(29, "METER_MOD");
    public static final MessageType ROLE_STATUS = named(30, "ROLE_STATUS");
    public static final MessageType TABLE_STATUS = named(31, "TABLE_STATUS");
    public static final MessageType REQUESTFORWARD = named(32, "REQUESTFORWARD");
    public static final MessageType BUNDLE_CONTROL = named(33, "BUNDLE_CONTROL");
    public static final MessageType BUNDLE_ADD_MESSAGE = named(34, "BUNDLE_ADD_MESSAGE");

    private MessageType(int code, String name) {
        super(code, name);
    }

    private static MessageType named(int code, String name) {
        MessageType t = new MessageType(code, name);
        BY_CODE.put(code, t);
        return t;
    }

    public static MessageType valueOf(int code) {
        MessageType t = BY_CODE.get(code);
        return t != null ? t : new MessageType(code, "UNKNOWN(" + code + ")");
    }

    public boolean isKnown() {
        return BY_CODE.get(code()) == this;
    }

}
