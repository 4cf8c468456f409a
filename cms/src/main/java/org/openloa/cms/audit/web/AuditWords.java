package org.openloa.cms.audit.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;

/**
 * An audit record's detail in the reader's words. The log stores a detail as its writer put it, in a
 * language-neutral mix of codes, names and English connecting words ("Tin bão [EMERGENCY, ACTIVE]", "form",
 * "valid until 2027-03-08T06:00:00.123456789Z"), and keeps it so: rows are evidence and are never rewritten.
 * This turns such a detail into words when it is shown: codes into their names ({@code audit.word.CODE}, or
 * the names of priorities, states and roles the pages already use), the connecting words into the reader's
 * language, instants into the page's zone to the second. What it does not recognise (a title, a username) is
 * shown as written.
 */
public final class AuditWords {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");

    /** Families of names a code may have, first found wins. */
    private static final List<String> WORD_FAMILIES =
            List.of("audit.word.", "priority.", "state.", "role.", "alert.state.");

    private static final Pattern INSTANT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern CODE_LIST = Pattern.compile("\\[([A-Z][A-Z_]*(?:,\\s*[A-Z][A-Z_]*)*)]");
    private static final Pattern CODES_JOINED = Pattern.compile("\\b([A-Z][A-Z_]+(?:\\+[A-Z][A-Z_]+)+)\\b");
    private static final Pattern CODE = Pattern.compile("(?<![\\p{L}\\d_-])([A-Z][A-Z_]{2,})(?![\\p{L}\\d_-])");

    /** English connecting words the writers use, each with the message that says it; {0}, {1}… are the groups. */
    private static final List<Phrase> PHRASES = List.of(
            new Phrase("^emergency: ", "audit.phrase.emergency", ""),
            new Phrase("(\\d+) of (\\d+) lines refused", "audit.phrase.lines-refused", ""),
            new Phrase("(\\d+) areas imported", "audit.phrase.areas-imported", ""),
            new Phrase("(\\d+) airing\\(s\\) from ", "audit.phrase.airings-from", " "),
            new Phrase("(\\d+) device\\(s\\)", "audit.phrase.devices", ""),
            new Phrase("bulletin [0-9a-f-]{36} no longer airs", "audit.phrase.bulletin-no-longer-airs", ""),
            new Phrase("\\(password reset\\)", "audit.phrase.password-reset", ""),
            new Phrase(" disabled(?= |$)", "audit.phrase.disabled", ""),
            new Phrase(" password changed$", "audit.phrase.password-changed", ""),
            new Phrase(" last seen ", "audit.phrase.last-seen", " "),
            new Phrase("^valid until ", "audit.phrase.valid-until", " "),
            new Phrase("^hardware ", "audit.phrase.hardware", " "),
            new Phrase(" r(\\d+)$", "audit.phrase.revision", ""),
            new Phrase(" -> ", "audit.phrase.replaced-by", " "));

    private final MessageSource messages;

    AuditWords(MessageSource messages) {
        this.messages = messages;
    }

    /** The action's name: never its code, which the log page would otherwise show. */
    public String action(String code, Locale locale) {
        return code == null ? "" : messages.getMessage("audit.action." + code, null, code, locale);
    }

    /** The detail in words; {@code null} stays {@code null}. */
    public String detail(String action, String detail, ZoneId zone, Locale locale) {
        if (detail == null || detail.isBlank()) {
            return detail;
        }
        // A detail that is a word on its own ("form" for a login, an exception's name for a failed one).
        String whole = messages.getMessage("audit.detail." + action + "." + detail.strip(), null, null, locale);
        if (whole != null) {
            return whole;
        }
        String text = replace(INSTANT, detail, m -> instant(m.group(), zone));
        for (Phrase phrase : PHRASES) {
            text = replace(
                    phrase.pattern(),
                    text,
                    m -> phrase.before()
                            + messages.getMessage(phrase.key(), groups(m), phrase.key(), locale)
                            + phrase.after());
        }
        text = replace(CODE_LIST, text, m -> "(" + words(m.group(1).split(",\\s*"), ", ", locale) + ")");
        text = replace(CODES_JOINED, text, m -> words(m.group(1).split("\\+"), " + ", locale));
        return replace(CODE, text, m -> word(m.group(1), locale));
    }

    private String words(String[] codes, String separator, Locale locale) {
        return Arrays.stream(codes).map(c -> word(c.strip(), locale)).collect(Collectors.joining(separator));
    }

    private String word(String code, Locale locale) {
        for (String family : WORD_FAMILIES) {
            String word = messages.getMessage(family + code, null, null, locale);
            if (word != null) {
                return word;
            }
        }
        return code;
    }

    private static String instant(String text, ZoneId zone) {
        try {
            return SECOND.format(OffsetDateTime.parse(text).atZoneSameInstant(zone));
        } catch (DateTimeParseException e) {
            try {
                return SECOND.format(Instant.parse(text).atZone(zone));
            } catch (DateTimeParseException notAnInstant) {
                return text;
            }
        }
    }

    private static Object[] groups(Matcher m) {
        Object[] groups = new Object[m.groupCount()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = m.group(i + 1);
        }
        return groups;
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> by) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(by.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private record Phrase(Pattern pattern, String key, String before, String after) {

        Phrase(String regex, String key, String after) {
            this(Pattern.compile(regex), key, regex.startsWith(" ") ? " · " : "", after);
        }
    }
}
