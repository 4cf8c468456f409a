package org.openloa.media.store;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a blob lives in a store: "/"-separated segments of ASCII letters, digits, '.', '_' and '-',
 * none empty and none starting with '.' (so no "..", no hidden names, and no clash with the stores'
 * own temporary files). The same key is then a safe relative path on any filesystem and a plain S3
 * object name. Names that come from users go through {@link #safeName} first.
 */
public record MediaKey(String value) {

    private static final int MAX_LENGTH = 512;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");
    private static final Pattern UNSAFE_RUN = Pattern.compile("[^a-z0-9._]+");

    public MediaKey {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a media key has 1 to " + MAX_LENGTH + " characters");
        }
        for (String segment : value.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException(
                        "unsafe media key \"" + value + "\": segment \"" + segment
                                + "\" must be ASCII letters, digits, '.', '_' or '-', not starting with '.' (use MediaKey.safeName for user file names)");
            }
        }
    }

    public static MediaKey of(String value) {
        return new MediaKey(value);
    }

    /** Joins segments with "/", e.g. {@code MediaKey.of("bulletins", id, "delivery.mp3")}. */
    public static MediaKey of(String first, String... more) {
        return new MediaKey(more.length == 0 ? first : first + "/" + String.join("/", more));
    }

    /**
     * A name anyone can type, made into one safe key segment: Vietnamese letters lose their marks
     * ("Bản tin sáng số 2.MP3" becomes "ban-tin-sang-so-2.mp3"), every other unsafe run becomes '-', and
     * slashes and leading dots cannot survive, so "../../etc/passwd" becomes "etc-passwd".
     */
    public static String safeName(String name) {
        String plain = Normalizer.normalize(name.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        String safe = UNSAFE_RUN
                .matcher(plain)
                .replaceAll("-")
                .replaceAll("-*\\.-*", ".") // "a - .mp3" -> "a.mp3"
                .replaceAll("^[.-]+|[.-]+$", ""); // no leading dots, no dangling separators
        if (safe.length() > 120) {
            int dot = safe.lastIndexOf('.');
            String extension = dot > 0 && safe.length() - dot <= 10 ? safe.substring(dot) : "";
            safe = safe.substring(0, 120 - extension.length()) + extension;
        }
        return safe.isEmpty() ? "file" : safe;
    }

    /** The last segment. */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
