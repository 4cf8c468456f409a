package org.openloa.scheduler;

/**
 * The rules an operator's input can break. The names are stable codes: cms puts them in RFC 9457
 * field errors (HTTP 422) and looks up the localised message by them.
 */
public enum Rule {
    /** A required value is missing. */
    MISSING_VALUE,
    /** An end (date, instant) lies before its start. */
    END_BEFORE_START,
    /** A recurring schedule lists no time of day. */
    NO_TIMES,
    /** A day of month outside 1..31. */
    DAY_OF_MONTH_OUT_OF_RANGE,
    /** A bounded recurring schedule matches no day between its start and end dates. */
    NEVER_OCCURS,
    /** A ONCE schedule lies in the past when it is saved. */
    AT_IN_PAST,
    /** A recurring schedule has no occurrence left after the moment it is saved. */
    NO_FUTURE_OCCURRENCE,
    /** A playlist without media items. */
    EMPTY_CONTENT,
    /** A media item or stream slot whose length is zero or negative. */
    NON_POSITIVE_DURATION,
    /** A repeat count outside 1..20. */
    REPEAT_COUNT_OUT_OF_RANGE,
    /** A live stream slot cannot be repeated: a relay has no beginning to go back to. */
    STREAM_NOT_REPEATABLE,
    /** A volume outside 0..100. */
    VOLUME_OUT_OF_RANGE,
    /** A negative allowed delay. */
    NEGATIVE_MAX_DELAY,
    /** Targets with neither an area nor a tag: refusing them avoids broadcasting everywhere by accident. */
    NO_TARGETS
}
