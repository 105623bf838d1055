package org.vifd.openflow.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error (type, code) pair with its spec name: every type and code of OpenFlow 1.3.5 §7.4.4, and the types and
 * codes OpenFlow 1.4.1 §7.5.4 adds (multipart timeouts, BAD_PROPERTY, ASYNC_CONFIG_FAILED, FLOW_MONITOR_FAILED,
 * BUNDLE_FAILED).
 * Open-ended: {@link #valueOf(int, int, long)} returns a named constant or an unknown value.
 * OpenFlow 1.3 has no bundle error type; OVS reports bundle errors there as ONF experimenter errors
 * with exp_code 2300 + n (ONF extension 230), which this class maps onto the same BUNDLE_* constants.
 */
public final class ErrorCode {
    /** ONF experimenter id, ONF_EXPERIMENTER_ID. */
    public static final long ONF_EXPERIMENTER = 0x4F4E4600L;
    private static final Map<Integer, ErrorCode> BY_KEY = new HashMap<>();

    public static final ErrorCode HELLO_INCOMPATIBLE = named(0, 0, "OFPHFC_INCOMPATIBLE");
    public static final ErrorCode HELLO_EPERM = named(0, 1, "OFPHFC_EPERM");

    public static final ErrorCode BAD_REQUEST_BAD_VERSION = named(1, 0, "OFPBRC_BAD_VERSION");
    public static final ErrorCode BAD_REQUEST_BAD_TYPE = named(1, 1, "OFPBRC_BAD_TYPE");
    public static final ErrorCode BAD_REQUEST_BAD_MULTIPART = named(1, 2, "OFPBRC_BAD_MULTIPART");
    public static final ErrorCode BAD_REQUEST_BAD_EXPERIMENTER = named(1, 3, "OFPBRC_BAD_EXPERIMENTER");
    public static final ErrorCode BAD_REQUEST_BAD_EXP_TYPE = named(1, 4, "OFPBRC_BAD_EXP_TYPE");
    public static final ErrorCode BAD_REQUEST_EPERM = named(1, 5, "OFPBRC_EPERM");
    public static final ErrorCode BAD_REQUEST_BAD_LEN = named(1, 6, "OFPBRC_BAD_LEN");
    public static final ErrorCode BAD_REQUEST_BUFFER_EMPTY = named(1, 7, "OFPBRC_BUFFER_EMPTY");
    public static final ErrorCode BAD_REQUEST_BUFFER_UNKNOWN = named(1, 8, "OFPBRC_BUFFER_UNKNOWN");
    public static final ErrorCode BAD_REQUEST_BAD_TABLE_ID = named(1, 9, "OFPBRC_BAD_TABLE_ID");
    public static final ErrorCode BAD_REQUEST_IS_SLAVE = named(1, 10, "OFPBRC_IS_SLAVE");
    public static final ErrorCode BAD_REQUEST_BAD_PORT = named(1, 11, "OFPBRC_BAD_PORT");
    public static final ErrorCode BAD_REQUEST_BAD_PACKET = named(1, 12, "OFPBRC_BAD_PACKET");
    public static final ErrorCode BAD_REQUEST_MULTIPART_BUFFER_OVERFLOW = named(1, 13, "OFPBRC_MULTIPART_BUFFER_OVERFLOW");
    /** OpenFlow 1.4.1 §7.5.4.2. */
    public static final ErrorCode BAD_REQUEST_MULTIPART_REQUEST_TIMEOUT = named(1, 14, "OFPBRC_MULTIPART_REQUEST_TIMEOUT");
    public static final ErrorCode BAD_REQUEST_MULTIPART_REPLY_TIMEOUT = named(1, 15, "OFPBRC_MULTIPART_REPLY_TIMEOUT");

    public static final ErrorCode BAD_ACTION_BAD_TYPE = named(2, 0, "OFPBAC_BAD_TYPE");
    public static final ErrorCode BAD_ACTION_BAD_LEN = named(2, 1, "OFPBAC_BAD_LEN");
    public static final ErrorCode BAD_ACTION_BAD_EXPERIMENTER = named(2, 2, "OFPBAC_BAD_EXPERIMENTER");
    public static final ErrorCode BAD_ACTION_BAD_EXP_TYPE = named(2, 3, "OFPBAC_BAD_EXP_TYPE");
    public static final ErrorCode BAD_ACTION_BAD_OUT_PORT = named(2, 4, "OFPBAC_BAD_OUT_PORT");
    public static final ErrorCode BAD_ACTION_BAD_ARGUMENT = named(2, 5, "OFPBAC_BAD_ARGUMENT");
    public static final ErrorCode BAD_ACTION_EPERM = named(2, 6, "OFPBAC_EPERM");
    public static final ErrorCode BAD_ACTION_TOO_MANY = named(2, 7, "OFPBAC_TOO_MANY");
    public static final ErrorCode BAD_ACTION_BAD_QUEUE = named(2, 8, "OFPBAC_BAD_QUEUE");
    public static final ErrorCode BAD_ACTION_BAD_OUT_GROUP = named(2, 9, "OFPBAC_BAD_OUT_GROUP");
    public static final ErrorCode BAD_ACTION_MATCH_INCONSISTENT = named(2, 10, "OFPBAC_MATCH_INCONSISTENT");
    public static final ErrorCode BAD_ACTION_UNSUPPORTED_ORDER = named(2, 11, "OFPBAC_UNSUPPORTED_ORDER");
    public static final ErrorCode BAD_ACTION_BAD_TAG = named(2, 12, "OFPBAC_BAD_TAG");
    public static final ErrorCode BAD_ACTION_BAD_SET_TYPE = named(2, 13, "OFPBAC_BAD_SET_TYPE");
    public static final ErrorCode BAD_ACTION_BAD_SET_LEN = named(2, 14, "OFPBAC_BAD_SET_LEN");
    public static final ErrorCode BAD_ACTION_BAD_SET_ARGUMENT = named(2, 15, "OFPBAC_BAD_SET_ARGUMENT");

    public static final ErrorCode BAD_INSTRUCTION_UNKNOWN_INST = named(3, 0, "OFPBIC_UNKNOWN_INST");
    public static final ErrorCode BAD_INSTRUCTION_UNSUP_INST = named(3, 1, "OFPBIC_UNSUP_INST");
    public static final ErrorCode BAD_INSTRUCTION_BAD_TABLE_ID = named(3, 2, "OFPBIC_BAD_TABLE_ID");
    public static final ErrorCode BAD_INSTRUCTION_UNSUP_METADATA = named(3, 3, "OFPBIC_UNSUP_METADATA");
    public static final ErrorCode BAD_INSTRUCTION_UNSUP_METADATA_MASK = named(3, 4, "OFPBIC_UNSUP_METADATA_MASK");
    public static final ErrorCode BAD_INSTRUCTION_BAD_EXPERIMENTER = named(3, 5, "OFPBIC_BAD_EXPERIMENTER");
    public static final ErrorCode BAD_INSTRUCTION_BAD_EXP_TYPE = named(3, 6, "OFPBIC_BAD_EXP_TYPE");
    public static final ErrorCode BAD_INSTRUCTION_BAD_LEN = named(3, 7, "OFPBIC_BAD_LEN");
    public static final ErrorCode BAD_INSTRUCTION_EPERM = named(3, 8, "OFPBIC_EPERM");

    public static final ErrorCode BAD_MATCH_BAD_TYPE = named(4, 0, "OFPBMC_BAD_TYPE");
    public static final ErrorCode BAD_MATCH_BAD_LEN = named(4, 1, "OFPBMC_BAD_LEN");
    public static final ErrorCode BAD_MATCH_BAD_TAG = named(4, 2, "OFPBMC_BAD_TAG");
    public static final ErrorCode BAD_MATCH_BAD_DL_ADDR_MASK = named(4, 3, "OFPBMC_BAD_DL_ADDR_MASK");
    public static final ErrorCode BAD_MATCH_BAD_NW_ADDR_MASK = named(4, 4, "OFPBMC_BAD_NW_ADDR_MASK");
    public static final ErrorCode BAD_MATCH_BAD_WILDCARDS = named(4, 5, "OFPBMC_BAD_WILDCARDS");
    public static final ErrorCode BAD_MATCH_BAD_FIELD = named(4, 6, "OFPBMC_BAD_FIELD");
    public static final ErrorCode BAD_MATCH_BAD_VALUE = named(4, 7, "OFPBMC_BAD_VALUE");
    public static final ErrorCode BAD_MATCH_BAD_MASK = named(4, 8, "OFPBMC_BAD_MASK");
    public static final ErrorCode BAD_MATCH_BAD_PREREQ = named(4, 9, "OFPBMC_BAD_PREREQ");
    public static final ErrorCode BAD_MATCH_DUP_FIELD = named(4, 10, "OFPBMC_DUP_FIELD");
    public static final ErrorCode BAD_MATCH_EPERM = named(4, 11, "OFPBMC_EPERM");

    public static final ErrorCode FLOW_MOD_UNKNOWN = named(5, 0, "OFPFMFC_UNKNOWN");
    public static final ErrorCode FLOW_MOD_TABLE_FULL = named(5, 1, "OFPFMFC_TABLE_FULL");
    public static final ErrorCode FLOW_MOD_BAD_TABLE_ID = named(5, 2, "OFPFMFC_BAD_TABLE_ID");
    public static final ErrorCode FLOW_MOD_OVERLAP = named(5, 3, "OFPFMFC_OVERLAP");
    public static final ErrorCode FLOW_MOD_EPERM = named(5, 4, "OFPFMFC_EPERM");
    public static final ErrorCode FLOW_MOD_BAD_TIMEOUT = named(5, 5, "OFPFMFC_BAD_TIMEOUT");
    public static final ErrorCode FLOW_MOD_BAD_COMMAND = named(5, 6, "OFPFMFC_BAD_COMMAND");
    public static final ErrorCode FLOW_MOD_BAD_FLAGS = named(5, 7, "OFPFMFC_BAD_FLAGS");

    public static final ErrorCode GROUP_MOD_GROUP_EXISTS = named(6, 0, "OFPGMFC_GROUP_EXISTS");
    public static final ErrorCode GROUP_MOD_INVALID_GROUP = named(6, 1, "OFPGMFC_INVALID_GROUP");
    public static final ErrorCode GROUP_MOD_WEIGHT_UNSUPPORTED = named(6, 2, "OFPGMFC_WEIGHT_UNSUPPORTED");
    public static final ErrorCode GROUP_MOD_OUT_OF_GROUPS = named(6, 3, "OFPGMFC_OUT_OF_GROUPS");
    public static final ErrorCode GROUP_MOD_OUT_OF_BUCKETS = named(6, 4, "OFPGMFC_OUT_OF_BUCKETS");
    public static final ErrorCode GROUP_MOD_CHAINING_UNSUPPORTED = named(6, 5, "OFPGMFC_CHAINING_UNSUPPORTED");
    public static final ErrorCode GROUP_MOD_WATCH_UNSUPPORTED = named(6, 6, "OFPGMFC_WATCH_UNSUPPORTED");
    public static final ErrorCode GROUP_MOD_LOOP = named(6, 7, "OFPGMFC_LOOP");
    public static final ErrorCode GROUP_MOD_UNKNOWN_GROUP = named(6, 8, "OFPGMFC_UNKNOWN_GROUP");
    public static final ErrorCode GROUP_MOD_CHAINED_GROUP = named(6, 9, "OFPGMFC_CHAINED_GROUP");
    public static final ErrorCode GROUP_MOD_BAD_TYPE = named(6, 10, "OFPGMFC_BAD_TYPE");
    public static final ErrorCode GROUP_MOD_BAD_COMMAND = named(6, 11, "OFPGMFC_BAD_COMMAND");
    public static final ErrorCode GROUP_MOD_BAD_BUCKET = named(6, 12, "OFPGMFC_BAD_BUCKET");
    public static final ErrorCode GROUP_MOD_BAD_WATCH = named(6, 13, "OFPGMFC_BAD_WATCH");
    public static final ErrorCode GROUP_MOD_EPERM = named(6, 14, "OFPGMFC_EPERM");

    public static final ErrorCode PORT_MOD_BAD_PORT = named(7, 0, "OFPPMFC_BAD_PORT");
    public static final ErrorCode PORT_MOD_BAD_HW_ADDR = named(7, 1, "OFPPMFC_BAD_HW_ADDR");
    public static final ErrorCode PORT_MOD_BAD_CONFIG = named(7, 2, "OFPPMFC_BAD_CONFIG");
    public static final ErrorCode PORT_MOD_BAD_ADVERTISE = named(7, 3, "OFPPMFC_BAD_ADVERTISE");
    public static final ErrorCode PORT_MOD_EPERM = named(7, 4, "OFPPMFC_EPERM");

    public static final ErrorCode TABLE_MOD_BAD_TABLE = named(8, 0, "OFPTMFC_BAD_TABLE");
    public static final ErrorCode TABLE_MOD_BAD_CONFIG = named(8, 1, "OFPTMFC_BAD_CONFIG");
    public static final ErrorCode TABLE_MOD_EPERM = named(8, 2, "OFPTMFC_EPERM");

    public static final ErrorCode QUEUE_OP_BAD_PORT = named(9, 0, "OFPQOFC_BAD_PORT");
    public static final ErrorCode QUEUE_OP_BAD_QUEUE = named(9, 1, "OFPQOFC_BAD_QUEUE");
    public static final ErrorCode QUEUE_OP_EPERM = named(9, 2, "OFPQOFC_EPERM");

    public static final ErrorCode SWITCH_CONFIG_BAD_FLAGS = named(10, 0, "OFPSCFC_BAD_FLAGS");
    public static final ErrorCode SWITCH_CONFIG_BAD_LEN = named(10, 1, "OFPSCFC_BAD_LEN");
    public static final ErrorCode SWITCH_CONFIG_EPERM = named(10, 2, "OFPSCFC_EPERM");
    public static final ErrorCode ROLE_REQUEST_STALE = named(11, 0, "OFPRRFC_STALE");
    public static final ErrorCode ROLE_REQUEST_UNSUP = named(11, 1, "OFPRRFC_UNSUP");
    public static final ErrorCode ROLE_REQUEST_BAD_ROLE = named(11, 2, "OFPRRFC_BAD_ROLE");

    public static final ErrorCode METER_MOD_UNKNOWN = named(12, 0, "OFPMMFC_UNKNOWN");
    public static final ErrorCode METER_MOD_METER_EXISTS = named(12, 1, "OFPMMFC_METER_EXISTS");
    public static final ErrorCode METER_MOD_INVALID_METER = named(12, 2, "OFPMMFC_INVALID_METER");
    public static final ErrorCode METER_MOD_UNKNOWN_METER = named(12, 3, "OFPMMFC_UNKNOWN_METER");
    public static final ErrorCode METER_MOD_BAD_COMMAND = named(12, 4, "OFPMMFC_BAD_COMMAND");
    public static final ErrorCode METER_MOD_BAD_FLAGS = named(12, 5, "OFPMMFC_BAD_FLAGS");
    public static final ErrorCode METER_MOD_BAD_RATE = named(12, 6, "OFPMMFC_BAD_RATE");
    public static final ErrorCode METER_MOD_BAD_BURST = named(12, 7, "OFPMMFC_BAD_BURST");
    public static final ErrorCode METER_MOD_BAD_BAND = named(12, 8, "OFPMMFC_BAD_BAND");
    public static final ErrorCode METER_MOD_BAD_BAND_VALUE = named(12, 9, "OFPMMFC_BAD_BAND_VALUE");
    public static final ErrorCode METER_MOD_OUT_OF_METERS = named(12, 10, "OFPMMFC_OUT_OF_METERS");
    public static final ErrorCode METER_MOD_OUT_OF_BANDS = named(12, 11, "OFPMMFC_OUT_OF_BANDS");

    public static final ErrorCode TABLE_FEATURES_BAD_TABLE = named(13, 0, "OFPTFFC_BAD_TABLE");
    public static final ErrorCode TABLE_FEATURES_BAD_METADATA = named(13, 1, "OFPTFFC_BAD_METADATA");
    public static final ErrorCode TABLE_FEATURES_BAD_TYPE = named(13, 2, "OFPTFFC_BAD_TYPE");
    public static final ErrorCode TABLE_FEATURES_BAD_LEN = named(13, 3, "OFPTFFC_BAD_LEN");
    public static final ErrorCode TABLE_FEATURES_BAD_ARGUMENT = named(13, 4, "OFPTFFC_BAD_ARGUMENT");
    public static final ErrorCode TABLE_FEATURES_EPERM = named(13, 5, "OFPTFFC_EPERM");

    public static final ErrorCode BAD_PROPERTY_BAD_TYPE = named(14, 0, "OFPBPC_BAD_TYPE");
    public static final ErrorCode BAD_PROPERTY_BAD_LEN = named(14, 1, "OFPBPC_BAD_LEN");
    public static final ErrorCode BAD_PROPERTY_BAD_VALUE = named(14, 2, "OFPBPC_BAD_VALUE");
    public static final ErrorCode BAD_PROPERTY_TOO_MANY = named(14, 3, "OFPBPC_TOO_MANY");
    public static final ErrorCode BAD_PROPERTY_DUP_TYPE = named(14, 4, "OFPBPC_DUP_TYPE");
    public static final ErrorCode BAD_PROPERTY_BAD_EXPERIMENTER = named(14, 5, "OFPBPC_BAD_EXPERIMENTER");
    public static final ErrorCode BAD_PROPERTY_BAD_EXP_TYPE = named(14, 6, "OFPBPC_BAD_EXP_TYPE");
    public static final ErrorCode BAD_PROPERTY_BAD_EXP_VALUE = named(14, 7, "OFPBPC_BAD_EXP_VALUE");
    public static final ErrorCode BAD_PROPERTY_EPERM = named(14, 8, "OFPBPC_EPERM");

    public static final ErrorCode ASYNC_CONFIG_INVALID = named(15, 0, "OFPACFC_INVALID");
    public static final ErrorCode ASYNC_CONFIG_UNSUPPORTED = named(15, 1, "OFPACFC_UNSUPPORTED");
    public static final ErrorCode ASYNC_CONFIG_EPERM = named(15, 2, "OFPACFC_EPERM");

    public static final ErrorCode FLOW_MONITOR_UNKNOWN = named(16, 0, "OFPMOFC_UNKNOWN");
    public static final ErrorCode FLOW_MONITOR_MONITOR_EXISTS = named(16, 1, "OFPMOFC_MONITOR_EXISTS");
    public static final ErrorCode FLOW_MONITOR_INVALID_MONITOR = named(16, 2, "OFPMOFC_INVALID_MONITOR");
    public static final ErrorCode FLOW_MONITOR_UNKNOWN_MONITOR = named(16, 3, "OFPMOFC_UNKNOWN_MONITOR");
    public static final ErrorCode FLOW_MONITOR_BAD_COMMAND = named(16, 4, "OFPMOFC_BAD_COMMAND");
    public static final ErrorCode FLOW_MONITOR_BAD_FLAGS = named(16, 5, "OFPMOFC_BAD_FLAGS");
    public static final ErrorCode FLOW_MONITOR_BAD_TABLE_ID = named(16, 6, "OFPMOFC_BAD_TABLE_ID");
    public static final ErrorCode FLOW_MONITOR_BAD_OUT = named(16, 7, "OFPMOFC_BAD_OUT");
    public static final ErrorCode BUNDLE_UNKNOWN = named(17, 0, "OFPBFC_UNKNOWN");
    public static final ErrorCode BUNDLE_EPERM = named(17, 1, "OFPBFC_EPERM");
    public static final ErrorCode BUNDLE_BAD_ID = named(17, 2, "OFPBFC_BAD_ID");
    public static final ErrorCode BUNDLE_EXIST = named(17, 3, "OFPBFC_BUNDLE_EXIST");
    public static final ErrorCode BUNDLE_CLOSED = named(17, 4, "OFPBFC_BUNDLE_CLOSED");
    public static final ErrorCode BUNDLE_OUT_OF_BUNDLES = named(17, 5, "OFPBFC_OUT_OF_BUNDLES");
    public static final ErrorCode BUNDLE_BAD_TYPE = named(17, 6, "OFPBFC_BAD_TYPE");
    public static final ErrorCode BUNDLE_BAD_FLAGS = named(17, 7, "OFPBFC_BAD_FLAGS");
    public static final ErrorCode BUNDLE_MSG_BAD_LEN = named(17, 8, "OFPBFC_MSG_BAD_LEN");
    public static final ErrorCode BUNDLE_MSG_BAD_XID = named(17, 9, "OFPBFC_MSG_BAD_XID");
    public static final ErrorCode BUNDLE_MSG_UNSUP = named(17, 10, "OFPBFC_MSG_UNSUP");
    public static final ErrorCode BUNDLE_MSG_CONFLICT = named(17, 11, "OFPBFC_MSG_CONFLICT");
    public static final ErrorCode BUNDLE_MSG_TOO_MANY = named(17, 12, "OFPBFC_MSG_TOO_MANY");
    public static final ErrorCode BUNDLE_MSG_FAILED = named(17, 13, "OFPBFC_MSG_FAILED");
    public static final ErrorCode BUNDLE_TIMEOUT = named(17, 14, "OFPBFC_TIMEOUT");
    public static final ErrorCode BUNDLE_IN_PROGRESS = named(17, 15, "OFPBFC_BUNDLE_IN_PROGRESS");

    private static final int ONF_BUNDLE_ERROR_BASE = 2300;

    private final int type;
    private final int code;
    private final String name;

    private ErrorCode(int type, int code, String name) {
        this.type = type;
        this.code = code;
        this.name = name;
    }

    private static ErrorCode named(int type, int code, String name) {
        ErrorCode c = new ErrorCode(type, code, name);
        BY_KEY.put(type << 16 | code, c);
        return c;
    }

    public static ErrorCode valueOf(int type, int code) {
        return valueOf(type, code, 0);
    }

    /** For type 0xffff, {@code experimenter} selects the experimenter's code space. */
    public static ErrorCode valueOf(int type, int code, long experimenter) {
        if (type == 0xffff && experimenter == ONF_EXPERIMENTER
                && code >= ONF_BUNDLE_ERROR_BASE && code <= ONF_BUNDLE_ERROR_BASE + 15) {
            return BY_KEY.get(17 << 16 | (code - ONF_BUNDLE_ERROR_BASE));
        }
        ErrorCode c = type == 0xffff ? null : BY_KEY.get((type & 0xffff) << 16 | (code & 0xffff));
        if (c != null) {
            return c;
        }
        String n = type == 0xffff
                ? "EXPERIMENTER(0x" + Long.toHexString(experimenter) + "," + code + ")"
                : ErrorType.valueOf(type) + "(" + code + ")";
        return new ErrorCode(type, code, n);
    }

    /** Every named (type, code), in type then code order. */
    public static java.util.List<ErrorCode> known() {
        java.util.List<ErrorCode> all = new java.util.ArrayList<>(BY_KEY.values());
        all.sort(java.util.Comparator.comparingInt((ErrorCode c) -> c.type).thenComparingInt(c -> c.code));
        return all;
    }

    /** True if this (type, code) has a name in this library (not an unknown code point). */
    public boolean isKnown() {
        return BY_KEY.get(type << 16 | code) != null && type != 0xffff;
    }

    public int type() {
        return type;
    }

    public int code() {
        return code;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorCode && ((ErrorCode) o).type == type && ((ErrorCode) o).code == code;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, code);
    }

    @Override
    public String toString() {
        return name;
    }
}
