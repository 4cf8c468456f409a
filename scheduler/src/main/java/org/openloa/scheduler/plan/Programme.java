package org.openloa.scheduler.plan;

import java.time.Duration;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.Content;

/** What one occurrence of a broadcast plays, worked out once per resolution and shared by all devices. */
final class Programme {

    final Broadcast broadcast;
    final Content content;
    final Duration length;
    /**
     * How long before a window's start an occurrence of this broadcast can still be playing inside it:
     * its length plus the delay it may be given (every part of it ends by then, resumed parts included).
     */
    final Duration lookBack;

    Programme(Broadcast broadcast) {
        this.broadcast = broadcast;
        this.content = broadcast.playedContent();
        this.length = content.length();
        this.lookBack = length.plus(broadcast.maxDelay());
    }
}
