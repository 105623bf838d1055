package org.vifd.openflow.protocol;

/** ofp_multipart_type values used here (OpenFlow 1.3.5 §7.3.5; 1.5.1 renames FLOW to FLOW_DESC). */
public final class MultipartType {
    public static final int DESC = 0;
    public static final int FLOW = 1;
    public static final int AGGREGATE = 2;
    public static final int TABLE = 3;
    public static final int PORT_STATS = 4;
    public static final int QUEUE = 5;
    public static final int GROUP = 6;
    public static final int GROUP_DESC = 7;
    public static final int GROUP_FEATURES = 8;
    public static final int METER = 9;
    public static final int METER_CONFIG = 10;
    public static final int METER_FEATURES = 11;
    public static final int TABLE_FEATURES = 12;
    public static final int PORT_DESC = 13;
    /** OpenFlow 1.4.1 §7.3.5: OFPMP_TABLE_DESC, OFPMP_QUEUE_DESC, OFPMP_FLOW_MONITOR. */
    public static final int TABLE_DESC = 14;
    public static final int QUEUE_DESC = 15;
    public static final int FLOW_MONITOR = 16;
    public static final int EXPERIMENTER = 0xffff;
    /** OFPMPF_REQ_MORE / OFPMPF_REPLY_MORE. */
    public static final int FLAG_MORE = 1;

    private MultipartType() {
    }
}
