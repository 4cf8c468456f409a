package org.openloa.cms.bulletin;

/** The three levels of Circular 39/2020/TT-BTTTT. */
public enum Priority {
    /** thông thường: the commune chooses whether to air it */
    NORMAL,
    /** ưu tiên: plays first in the programme */
    PRIORITY,
    /** khẩn cấp: plays at once, interrupting anything */
    EMERGENCY
}
