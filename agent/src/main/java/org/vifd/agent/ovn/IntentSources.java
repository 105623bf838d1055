package org.vifd.agent.ovn;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.intent.FileIntentSource;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentSource;
import org.vifd.agent.intent.InvalidIntentException;
import org.vifd.ovsdb.replica.ReplicaView;

/**
 * Picks the agent's intent source from its configuration: {@code intent_ovn_nb} → {@link OvnNbIntentSource},
 * else {@code intent_file} → {@link FileIntentSource}. How the agent uses it:
 * <pre>
 * IntentSource source = IntentSources.create(config);
 * CompletableFuture&lt;Intent&gt; first = IntentSources.start(source);   // file: done at once
 * // on each change of the Open_vSwitch replica (agent loop):
 * IntentSources.localPortsChanged(source, ovsView);
 * // feed the reconciler only once `first` completes (an OVN source needs the local ports first)
 * </pre>
 */
public final class IntentSources {
    private IntentSources() {
    }

    public static IntentSource create(AgentConfig config) {
        if (config.ovnNb().enabled()) {
            AgentConfig.OvnNb nb = config.ovnNb();
            OvnNbIntentSource.Builder b = OvnNbIntentSource.builder(nb.remotes()).reportUp(nb.reportUp());
            if (nb.ssl() != null) {
                b.tls(nb.ssl().privateKey(), nb.ssl().certificate(), nb.ssl().caCert());
            }
            return b.build();
        }
        return new FileIntentSource(config.intentFile(), config.statusFile(), FileIntentSource.DEFAULT_MAX_BYTES);
    }

    /**
     * Starts a source made by {@link #create}. Answers its first complete intent: at once for a file (whose errors
     * are thrown here), for OVN once its replica has loaded this host's ports (see {@link #localPortsChanged}).
     */
    public static CompletableFuture<Intent> start(IntentSource source) throws IOException, InvalidIntentException {
        if (source instanceof OvnNbIntentSource ovn) {
            return ovn.start();
        }
        if (source instanceof FileIntentSource file) {
            file.start();
            return CompletableFuture.completedFuture(file.current());
        }
        return CompletableFuture.completedFuture(source.current());
    }

    /** Tells a source that monitors only this host's ports which iface-ids are plugged (a no-op for a file). */
    public static void localPortsChanged(IntentSource source, ReplicaView openVswitch) {
        if (source instanceof OvnNbIntentSource ovn) {
            ovn.setLocalPorts(LocalIfaceIds.of(openVswitch));
        }
    }
}
