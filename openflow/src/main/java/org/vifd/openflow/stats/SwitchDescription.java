package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** OFPMP_DESC reply, ofp_desc (OpenFlow 1.3.5 §7.3.5.1): five NUL-padded strings. */
public record SwitchDescription(String manufacturer, String hardware, String software, String serialNumber,
                                String datapath) {
    static final int LENGTH = 1056;

    public static SwitchDescription decode(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.single(body, LENGTH, "ofp_desc", (e, at) -> new SwitchDescription(Bodies.text(e, 0, 256),
                Bodies.text(e, 256, 256), Bodies.text(e, 512, 256), Bodies.text(e, 768, 32),
                Bodies.text(e, 800, 256)));
    }
}
