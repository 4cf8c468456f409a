package org.openloa.scheduler.reach;

/** A device's opaque id. */
public record DeviceId(String value) implements Comparable<DeviceId> {

    public DeviceId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("DeviceId must not be blank");
        }
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
