package org.openloa.scheduler.broadcast;

/** A broadcast's opaque id (lịch phát). */
public record BroadcastId(String value) implements Comparable<BroadcastId> {

    public BroadcastId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("BroadcastId must not be blank");
        }
    }

    @Override
    public int compareTo(BroadcastId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
