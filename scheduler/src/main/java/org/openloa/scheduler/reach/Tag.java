package org.openloa.scheduler.reach;

/** A device tag such as {@code market} or {@code school}; compared exactly, so cms normalises case and spaces before building one. */
public record Tag(String value) implements Comparable<Tag> {

    public Tag {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Tag must not be blank");
        }
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
