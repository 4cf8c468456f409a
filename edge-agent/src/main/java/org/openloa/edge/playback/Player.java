package org.openloa.edge.playback;

import java.io.IOException;

/** Makes sound (or, for the file sink, records it). */
public interface Player {

    /** Starts a play and returns at once; it runs on until it ends or is stopped. */
    Playback start(PlayRequest request) throws IOException;
}
