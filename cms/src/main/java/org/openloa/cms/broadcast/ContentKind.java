package org.openloa.cms.broadcast;

/** What a broadcast plays: approved bulletins in order, or a live stream relayed for a slot. */
public enum ContentKind {
    PLAYLIST,
    STREAM
}
