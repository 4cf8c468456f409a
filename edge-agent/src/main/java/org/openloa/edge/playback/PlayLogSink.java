package org.openloa.edge.playback;

import java.io.IOException;
import org.openloa.protocol.PlayLog;

/** Where play logs go: the durable outbox. */
public interface PlayLogSink {

    /** Keeps {@code log} durably; returns once it would survive a kill -9. */
    void add(PlayLog log) throws IOException;

    /**
     * Whether a play log with this id still waits here. A sink that cannot tell says no: the server stores a
     * play log once per id whatever is sent twice.
     */
    default boolean holds(String playLogId) throws IOException {
        return false;
    }
}
