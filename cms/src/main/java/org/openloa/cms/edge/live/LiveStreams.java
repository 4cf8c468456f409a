package org.openloa.cms.edge.live;

/**
 * Recognises the listen URL of a live session among the stream URLs of the plan. A pure function of the URL (no
 * database), so the same plan version always gives the same manifest, hence the same ETag.
 */
public interface LiveStreams {

    /** Whether this stream URL is where a live session is heard. */
    boolean isLive(String streamUrl);
}
