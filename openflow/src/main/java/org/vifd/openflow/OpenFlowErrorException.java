package org.vifd.openflow;

import java.util.Arrays;
import java.util.HexFormat;
import org.vifd.openflow.protocol.ErrorCode;
import org.vifd.openflow.protocol.ErrorType;

/**
 * The switch answered a request with OFPT_ERROR (OpenFlow 1.3.5 §7.4.4). Carries the switch's words: type, code,
 * the xid of the request that caused it, the experimenter id for experimenter errors, and the offending data
 * (by spec at least the first 64 bytes of the request).
 */
public final class OpenFlowErrorException extends OpenFlowException {
    private final int type;
    private final int code;
    private final int xid;
    private final long experimenter;
    private final byte[] data;

    public OpenFlowErrorException(int type, int code, int xid, long experimenter, byte[] data) {
        super(describe(type, code, xid, experimenter));
        this.type = type;
        this.code = code;
        this.xid = xid;
        this.experimenter = experimenter;
        this.data = data.clone();
    }

    private static String describe(int type, int code, int xid, long experimenter) {
        return ErrorCode.valueOf(type, code, experimenter) + " (type=" + type + ", code=" + code + ") for xid=0x"
                + Integer.toHexString(xid);
    }

    public int type() {
        return type;
    }

    public ErrorType errorType() {
        return ErrorType.valueOf(type);
    }

    public int code() {
        return code;
    }

    public ErrorCode errorCode() {
        return ErrorCode.valueOf(type, code, experimenter);
    }

    public int xid() {
        return xid;
    }

    /** Experimenter id for type 0xffff errors, else 0. */
    public long experimenter() {
        return experimenter;
    }

    /** The offending bytes the switch echoed back. */
    public byte[] data() {
        return data.clone();
    }

    /** True when this is the given named error. */
    public boolean is(ErrorCode error) {
        return errorCode().equals(error);
    }

    @Override
    public String toString() {
        return getMessage() + " data=" + HexFormat.of().formatHex(Arrays.copyOf(data, Math.min(data.length, 64)));
    }
}
