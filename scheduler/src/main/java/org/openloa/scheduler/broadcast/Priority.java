package org.openloa.scheduler.broadcast;

/**
 * The three levels of Circular 39/2020/TT-BTTTT, declared from lowest to highest: code compares
 * {@code ordinal()} to rank them, so keep the order.
 */
public enum Priority {
    /** Thông thường: the commune chooses whether to air it; waits its turn. */
    NORMAL,
    /** Ưu tiên: plays first in its session, before normal items that are due at the same time. */
    PRIORITY,
    /** Khẩn cấp: plays at its start, interrupting anything. */
    EMERGENCY;

    public boolean outranks(Priority other) {
        return ordinal() > other.ordinal();
    }
}
