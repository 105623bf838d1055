package org.vifd.dhcp;

/** What a lease record says happened. A closed set; the byte is the journal's encoding. */
public enum LeaseState {
    OFFERED(1), BOUND(2), RELEASED(3), DECLINED(4);

    private final int code;

    LeaseState(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static LeaseState ofCode(int code) {
        for (LeaseState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
