package org.vifd.openflow.action;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;

/**
 * The actions the agent needs (OpenFlow 1.3.5 §7.2.5; Nicira extensions per ovs-actions(7)). Values: equal
 * actions are equal.
 */
public sealed interface Action {

    /** OFPAT_OUTPUT: to a port (including the reserved NORMAL, IN_PORT, CONTROLLER...). */
    record Output(long port, int maxLen) implements Action {
        /** OFPCML_NO_BUFFER: send the whole packet to the controller. */
        public static final int NO_BUFFER = 0xffff;

        public Output(long port) {
            this(port, port == OfPort.CONTROLLER ? NO_BUFFER : 0);
        }

        @Override
        public String toString() {
            return "output:" + OfPort.name(port) + (port == OfPort.CONTROLLER ? "/" + maxLen : "");
        }
    }

    /** OFPAT_PUSH_VLAN with the TPID (0x8100 or 0x88a8). */
    record PushVlan(int ethertype) implements Action {
        @Override
        public String toString() {
            return "push_vlan:0x" + Integer.toHexString(ethertype);
        }
    }

    /** OFPAT_POP_VLAN. */
    record PopVlan() implements Action {
        @Override
        public String toString() {
            return "pop_vlan";
        }
    }

    /** OFPAT_SET_FIELD with one OXM (unmasked in OpenFlow 1.3). */
    record SetField(OxmEntry oxm) implements Action {
        public SetField {
            Objects.requireNonNull(oxm, "oxm");
        }

        /** set_field vlan_vid: sets the VID of the present tag (OFPVID_PRESENT is set for the caller). */
        public static SetField vlanVid(int vid) {
            return new SetField(OxmEntry.of(OxmField.VLAN_VID, 0x1000 | (vid & 0xfff)));
        }

        @Override
        public String toString() {
            return "set_field:" + oxm;
        }
    }

    /**
     * Nicira NXAST_RESUBMIT_TABLE (ovs-actions(7) "resubmit"): look up again in {@code table} as if the packet
     * came in on {@code port}; {@link OfPort#IN_PORT} keeps the real in_port, table 255 keeps the current table.
     */
    record Resubmit(long port, int table) implements Action {
        public static Resubmit toTable(int table) {
            return new Resubmit(OfPort.IN_PORT, table);
        }

        @Override
        public String toString() {
            return "resubmit(" + (port == OfPort.IN_PORT ? "" : OfPort.name(port)) + "," + table + ")";
        }
    }

    /**
     * Nicira NXAST_CONTROLLER2 (ovs-actions(7) "controller"): sends the packet to the controller with opaque
     * {@code userdata}, which only NXT_PACKET_IN2 carries back.
     */
    record Controller(int maxLen, int reason, int controllerId, byte[] userdata, boolean pause) implements Action {
        /** OFPR_ACTION. */
        public static final int REASON_ACTION = 1;

        public Controller {
            userdata = userdata == null ? new byte[0] : userdata.clone();
        }

        public static Controller withUserdata(byte[] userdata, int maxLen) {
            return new Controller(maxLen, REASON_ACTION, 0, userdata, false);
        }

        @Override
        public byte[] userdata() {
            return userdata.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Controller c && c.maxLen == maxLen && c.reason == reason
                    && c.controllerId == controllerId && c.pause == pause && Arrays.equals(c.userdata, userdata);
        }

        @Override
        public int hashCode() {
            return Objects.hash(maxLen, reason, controllerId, pause) * 31 + Arrays.hashCode(userdata);
        }

        @Override
        public String toString() {
            return "controller(max_len=" + maxLen + ",reason=" + reason + ",id=" + controllerId
                    + (userdata.length > 0 ? ",userdata=" + HexFormat.ofDelimiter(".").formatHex(userdata) : "")
                    + (pause ? ",pause" : "") + ")";
        }
    }

    /** OFPAT_METER (OpenFlow 1.5 only; in 1.3/1.4 use {@link Instruction.Meter}). */
    record Meter(long meterId) implements Action {
    }

    /** An action this library does not model, kept as its raw bytes (type, length and all). */
    record Unknown(int type, byte[] bytes) implements Action {
        public Unknown {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.type == type && Arrays.equals(u.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "unknown(type=" + type + "," + HexFormat.of().formatHex(bytes) + ")";
        }
    }

    /**
     * Actions modelled in their own files ({@link OfAction} for the rest of OpenFlow 1.3, {@link NxAction} for the
     * Nicira extensions), encoded by {@link ExtensionActionCodec}.
     */
    non-sealed interface Extension extends Action {
    }

    /** output:NORMAL. */
    static Action normal() {
        return new Output(OfPort.NORMAL, 0);
    }

    static Action output(long port) {
        return new Output(port);
    }
}
