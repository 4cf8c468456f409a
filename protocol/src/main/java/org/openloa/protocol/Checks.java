package org.openloa.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The few checks the records' compact constructors share; messages name the JSON field. */
final class Checks {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Checks() {}

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** A missing list means an empty one, so senders may leave out what they have none of. */
    static <T> List<T> list(List<T> value, String field) {
        if (value == null) {
            return List.of();
        }
        for (T element : value) {
            if (element == null) {
                throw new IllegalArgumentException(field + " must not contain null");
            }
        }
        return List.copyOf(value);
    }

    static int volume(int value, String field) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(field + " must be within 0..100, was " + value);
        }
        return value;
    }

    static String sha256(String value, String field) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits");
        }
        return value;
    }

    static void unique(List<String> ids, String field) {
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException(field + " has a duplicate id: " + id);
            }
        }
    }
}
