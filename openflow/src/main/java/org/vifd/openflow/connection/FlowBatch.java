package org.vifd.openflow.connection;

import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.protocol.OfMessage;

/**
 * Messages to apply together: flow-mods, meter-mods, group-mods. {@link SwitchConnection#apply} pipelines them with
 * one barrier; {@link SwitchConnection#bundle} applies them as one bundle.
 */
public record FlowBatch(List<OfMessage> messages) {
    public FlowBatch {
        messages = List.copyOf(messages);
    }

    public static FlowBatch of(List<? extends OfMessage> messages) {
        return new FlowBatch(new ArrayList<>(messages));
    }

    public static FlowBatch of(OfMessage... messages) {
        return new FlowBatch(List.of(messages));
    }

    public int size() {
        return messages.size();
    }
}
