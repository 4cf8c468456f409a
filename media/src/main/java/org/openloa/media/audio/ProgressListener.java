package org.openloa.media.audio;

/**
 * Receives the progress of one ingest as a fraction from 0 to 1. Calls come from the ingesting
 * thread, rise monotonically, and end with exactly 1.0 on success; keep them cheap.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = fraction -> {};

    void progress(double fraction);
}
