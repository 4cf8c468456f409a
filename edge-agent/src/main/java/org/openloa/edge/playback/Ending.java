package org.openloa.edge.playback;

/** How a play ended by itself: played to its end, or failed (the reason says why). */
public record Ending(String failure) {

    static final Ending PLAYED = new Ending(null);

    static Ending failed(String why) {
        return new Ending(why);
    }

    public boolean played() {
        return failure == null;
    }
}
