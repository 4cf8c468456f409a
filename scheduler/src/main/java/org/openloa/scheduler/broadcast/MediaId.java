package org.openloa.scheduler.broadcast;

/** A processed audio file's opaque id, as the edge manifest lists it. */
public record MediaId(String value) implements Comparable<MediaId> {

    public MediaId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("MediaId must not be blank");
        }
    }

    @Override
    public int compareTo(MediaId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
