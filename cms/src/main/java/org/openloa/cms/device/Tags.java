package org.openloa.cms.device;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openloa.cms.problem.ProblemException;

/**
 * Device tags as the scheduler compares them: exactly. So "Chợ ", "chợ" and "CHỢ" are made one tag here:
 * Unicode NFC, trimmed, lower case, inner spaces as dashes.
 */
public final class Tags {

    public static final int MAX_TAGS = 20;
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,63}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Tags() {}

    /** Normalised, distinct, sorted; refuses (422, field {@code field}) a tag that is not a word. */
    public static Set<String> normalise(Collection<String> raw, String field) {
        Set<String> tags = new TreeSet<>();
        if (raw == null) {
            return tags;
        }
        for (String tag : raw) {
            if (tag == null || tag.isBlank()) {
                continue;
            }
            tags.add(normalise(tag, field));
        }
        if (tags.size() > MAX_TAGS) {
            throw ProblemException.rule("too-many-tags", field, "device.too-many-tags", MAX_TAGS);
        }
        return tags;
    }

    public static String normalise(String raw, String field) {
        String tag = SPACES.matcher(
                        Normalizer.normalize(raw, Normalizer.Form.NFC).strip().toLowerCase(Locale.ROOT))
                .replaceAll("-");
        if (!TAG.matcher(tag).matches()) {
            throw ProblemException.rule("invalid-tag", field, "device.invalid-tag", raw);
        }
        return tag;
    }

    /** Splits what a form field holds ("chợ, trường học") into tags. */
    public static Set<String> parse(String commaSeparated, String field) {
        return commaSeparated == null
                ? new TreeSet<>()
                : normalise(java.util.Arrays.asList(commaSeparated.split("[,;]")), field);
    }
}
