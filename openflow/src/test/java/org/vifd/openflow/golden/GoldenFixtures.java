package org.vifd.openflow.golden;

/** Bytes OVS sent, captured once (see golden/README.md). */
public final class GoldenFixtures {
    private GoldenFixtures() {
    }

    public static byte[] ovsHello() {
        return OfpPrint.hexFixture("ovs-hello-of15.hex");
    }

    public static byte[] packetIn2WithUserdata() {
        return OfpPrint.hexFixture("ovs-nxt-packet-in2-userdata-of13.hex");
    }

    public static byte[] hex(String name) {
        return OfpPrint.hexFixture(name);
    }
}
