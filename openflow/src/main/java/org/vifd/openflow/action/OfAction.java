package org.vifd.openflow.action;

/** The OpenFlow 1.3 actions that {@link Action} itself does not model (OpenFlow 1.3.5 §7.2.5). */
public sealed interface OfAction extends Action.Extension {
    int OFPAT_COPY_TTL_OUT = 11;
    int OFPAT_COPY_TTL_IN = 12;
    int OFPAT_SET_MPLS_TTL = 15;
    int OFPAT_DEC_MPLS_TTL = 16;
    int OFPAT_PUSH_MPLS = 19;
    int OFPAT_POP_MPLS = 20;
    int OFPAT_SET_QUEUE = 21;
    int OFPAT_GROUP = 22;
    int OFPAT_SET_NW_TTL = 23;
    int OFPAT_DEC_NW_TTL = 24;
    int OFPAT_PUSH_PBB = 26;
    int OFPAT_POP_PBB = 27;

    record CopyTtlOut() implements OfAction {
    }

    record CopyTtlIn() implements OfAction {
    }

    record SetMplsTtl(int ttl) implements OfAction {
    }

    record DecMplsTtl() implements OfAction {
    }

    record PushMpls(int ethertype) implements OfAction {
    }

    record PopMpls(int ethertype) implements OfAction {
    }

    record SetQueue(long queueId) implements OfAction {
    }

    record Group(long groupId) implements OfAction {
    }

    record SetNwTtl(int ttl) implements OfAction {
    }

    /** OFPAT_DEC_NW_TTL: ovs-ofctl's {@code dec_ttl} without controller ids. */
    record DecNwTtl() implements OfAction {
    }

    record PushPbb(int ethertype) implements OfAction {
    }

    record PopPbb() implements OfAction {
    }
}
