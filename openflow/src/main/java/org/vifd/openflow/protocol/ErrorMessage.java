package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.OpenFlowErrorException;

/**
 * OFPT_ERROR (OpenFlow 1.3.5 §7.4.4): type, code, data; for type 0xffff (experimenter) the code is exp_code
 * and an experimenter id precedes the data.
 */
public record ErrorMessage(int errorType, int code, long experimenter, byte[] data) implements OfMessage {
    public ErrorMessage {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public OpenFlowErrorException toException(int xid) {
        return new OpenFlowErrorException(errorType, code, xid, experimenter, data);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.ERROR;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeShort(errorType).writeShort(code);
        if (errorType == 0xffff) {
            out.writeInt((int) experimenter);
        }
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorMessage e && e.errorType == errorType && e.code == code
                && e.experimenter == experimenter && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return (errorType * 31 + code) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ErrorMessage[" + org.vifd.openflow.protocol.ErrorCode.valueOf(errorType, code, experimenter)
                + ", " + data.length + " bytes of data]";
    }
}
