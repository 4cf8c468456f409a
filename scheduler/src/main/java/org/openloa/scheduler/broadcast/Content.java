package org.openloa.scheduler.broadcast;

import java.time.Duration;

/** What a device plays for one occurrence: recorded media in order, or a live stream for a slot. */
public sealed interface Content permits Playlist, StreamSlot {

    /** How long playing it once takes. */
    Duration length();

    /** This content played {@code times} times back to back. */
    Content repeated(int times);
}
