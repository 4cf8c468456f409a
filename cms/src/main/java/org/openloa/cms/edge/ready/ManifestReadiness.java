package org.openloa.cms.edge.ready;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hands devices on in waves, each as soon as this node holds its current manifest in memory: the manifests a commit
 * dropped are built again at once (edge's warmer), and a device is held back only while its build is queued or
 * under way here. A device this node is not building (it was not serving it from memory, or another node made the
 * change) is handed on at once, as is every device still waiting when {@code atMost} has passed: its box then builds
 * its own manifest, as it always could. Nothing is lost by waiting, only moved by at most {@code atMost}.
 */
public interface ManifestReadiness {

    /**
     * Calls {@code wave} (on the calling thread) with groups of {@code devices}, in the order they become ready, until
     * all were handed on; returns then. A wave that throws ends the call with that exception, the rest not handed on.
     */
    void inWaves(Collection<UUID> devices, Duration atMost, Consumer<List<UUID>> wave);

    /** No waiting: everything in one wave (no edge on this node, or a test). */
    ManifestReadiness NOW = (devices, atMost, wave) -> {
        if (!devices.isEmpty()) {
            wave.accept(List.copyOf(devices));
        }
    };
}
