package org.openloa.cms.problem;

import java.text.Normalizer;

/**
 * The one check for titles and names people type: Unicode NFC (so "ế" typed two ways is one name) and
 * trimmed; refused with 400 when it holds a control character (NUL, line breaks…) or a lone surrogate, or
 * is nothing but invisible characters (zero-width, bidi controls), which would show as an empty name.
 * Whether a name may be empty, and how long it may be, stays with each field's own rule.
 */
public final class Text {

    private Text() {}

    /**
     * The cleaned value (null stays null).
     *
     * @throws ProblemException 400 {@code invalid-text} naming {@code field}
     */
    public static String clean(String value, String field) {
        if (value == null) {
            return null;
        }
        if (!acceptable(value)) {
            throw ProblemException.badRequest("invalid-text", "problem.invalid-text", field);
        }
        return Normalizer.normalize(value, Normalizer.Form.NFC).strip();
    }

    /** Whether {@link #clean} would accept the value, for checks that report per row rather than throw. */
    public static boolean acceptable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
            if (!paired) {
                return false;
            }
        }
        boolean visible = false;
        boolean blank = true;
        for (int cp : value.codePoints().toArray()) {
            int type = Character.getType(cp);
            if (type == Character.CONTROL && cp != '\t') {
                return false;
            }
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                blank = false;
                if (type != Character.FORMAT && !invisible(cp)) {
                    visible = true;
                }
            }
        }
        // Blank text is each field's own "required" rule; text of only invisible characters is refused here.
        return visible || blank;
    }

    /**
     * Free text such as a reason: line breaks allowed, other control characters and broken Unicode not (400
     * {@code invalid-text}); longer than {@code max} characters after trimming is 422 {@code text-too-long}.
     * Null stays null.
     */
    public static String note(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        String flat = value.replace('\n', ' ').replace('\r', ' ');
        if (!acceptable(flat)) {
            throw ProblemException.badRequest("invalid-text", "problem.invalid-text", field);
        }
        String clean = Normalizer.normalize(value, Normalizer.Form.NFC).strip();
        if (clean.length() > max) {
            throw ProblemException.rule("text-too-long", field, "problem.text-too-long", field, max);
        }
        return clean;
    }

    /** Fillers that render as nothing though Unicode does not class them as format characters. */
    private static boolean invisible(int c) {
        return c == '\u115F' || c == '\u1160' || c == '\u3164' || c == '\uFFA0' || c == '\u2800' || c == '\u034F';
    }
}
