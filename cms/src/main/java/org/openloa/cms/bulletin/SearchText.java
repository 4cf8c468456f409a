package org.openloa.cms.bulletin;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text folded for diacritic-insensitive search: "Thông báo" and "thong bao" meet at "thong bao". Done in
 * Java and stored, so H2 and PostgreSQL search alike without unaccent extensions.
 */
final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SearchText() {}

    static String fold(String text) {
        if (text == null) {
            return "";
        }
        // đ/Đ is a letter of its own, not d with a combining mark, so NFD alone leaves it.
        String decomposed = Normalizer.normalize(text.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD);
        return SPACES.matcher(MARKS.matcher(decomposed).replaceAll(""))
                .replaceAll(" ")
                .toLowerCase(Locale.ROOT)
                .strip();
    }
}
