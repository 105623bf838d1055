package org.vifd.openflow.protocol;

/** Experimenter ids and message subtypes used by OVS (ovs-ofctl(8), OVS include/openflow/nicira-ext.h). */
public final class Experimenter {
    /** Nicira, NX_VENDOR_ID. */
    public static final int NICIRA = 0x00002320;
    /** Open Networking Foundation, ONF_EXPERIMENTER_ID. */
    public static final int ONF = 0x4F4E4600;
    public static final int NXT_SET_PACKET_IN_FORMAT = 16;
    /** NXT_RESUME: continue a pipeline paused by controller(pause). */
    public static final int NXT_RESUME = 28;
    public static final int NXT_PACKET_IN2 = 30;
    /** ONF extension 230: bundles in OpenFlow 1.3. */
    public static final int ONFT_BUNDLE_CONTROL = 2300;
    public static final int ONFT_BUNDLE_ADD_MESSAGE = 2301;

    private Experimenter() {
    }
}
