package org.openloa.scheduler.reach;

/** An area's opaque id (province, commune, village...). */
public record AreaId(String value) implements Comparable<AreaId> {

    public AreaId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("AreaId must not be blank");
        }
    }

    @Override
    public int compareTo(AreaId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
