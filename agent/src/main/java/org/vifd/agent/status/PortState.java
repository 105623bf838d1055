package org.vifd.agent.status;

/** What Nova waits for: a port is up (wired: admitted, tagged, flows in) or down. */
public enum PortState {
    UP("up"), DOWN("down");

    private final String text;

    PortState(String text) {
        this.text = text;
    }

    /** {@code up} or {@code down}, as written in status files and {@code /ports}. */
    public String text() {
        return text;
    }
}
