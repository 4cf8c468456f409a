package org.openloa.media.store;

/**
 * A part of a blob, for resumed downloads over weak links (HTTP Range).
 *
 * @param offset first byte, from 0; must lie inside the blob
 * @param length how many bytes, or {@value #TO_END} for everything from {@code offset}; a range that
 *               runs past the end is cut at the end
 */
public record ByteRange(long offset, long length) {

    public static final long TO_END = -1;

    public ByteRange {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (length < 1 && length != TO_END) {
            throw new IllegalArgumentException("length must be positive or TO_END: " + length);
        }
    }

    public static ByteRange from(long offset) {
        return new ByteRange(offset, TO_END);
    }

    public static ByteRange of(long offset, long length) {
        return new ByteRange(offset, length);
    }
}
