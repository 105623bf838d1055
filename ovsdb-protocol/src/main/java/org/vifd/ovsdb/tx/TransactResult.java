package org.vifd.ovsdb.tx;

import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.Uuid;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The results of a successful transaction, one per operation in order (RFC 7047 §4.1.3), and the uuids that the
 * inserts' named-uuids received.
 */
public record TransactResult(List<OperationResult> results, Map<NamedUuid, Uuid> namedUuids) {

    public TransactResult {
        results = List.copyOf(results);
        namedUuids = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(namedUuids));
    }

    public OperationResult get(int index) {
        return results.get(index);
    }

    /** The uuid the server gave the row inserted under {@code name}, or null. */
    public Uuid uuidOf(NamedUuid name) {
        return namedUuids.get(name);
    }
}
