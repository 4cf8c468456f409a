package org.openloa.cms.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The audit log names every action in Vietnamese and in English: each code the sources record is an
 * {@link AuditAction}, and each {@link AuditAction} has words in both languages (each file on its own, so a
 * Vietnamese page never falls back to the English words, nor an English one to the code).
 */
class AuditActionWordsTest {

    static final List<String> BASENAMES = List.of("messages", "scheduling", "devices", "edge");

    /** A call that records an action: the log's own, a broadcast's event, a bulletin's transition, an emergency's. */
    static final Pattern RECORDING = Pattern.compile(
            "(?:audit\\.record(?:Alone|Refusal)?|recordAs|new BroadcastEvent|transition)\\s*\\((.*?)\\)\\s*;",
            Pattern.DOTALL);

    static final Pattern CODE = Pattern.compile("\"([A-Z][A-Z_]*[A-Z])\"");

    @Test
    void everyActionHasWordsInVietnameseAndInEnglish() throws IOException {
        Properties vi = load("_vi");
        Properties en = load("");
        Set<String> missing = new TreeSet<>();
        for (AuditAction action : AuditAction.values()) {
            if (blank(vi.getProperty(action.messageKey()))) {
                missing.add("vi: " + action.messageKey());
            }
            if (blank(en.getProperty(action.messageKey()))) {
                missing.add("en: " + action.messageKey());
            }
        }
        assertThat(missing).as("actions without words").isEmpty();
    }

    @Test
    void everyCodeTheSourcesRecordIsAKnownAction() throws IOException {
        Set<String> recorded = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher call = RECORDING.matcher(Files.readString(file));
                while (call.find()) {
                    Matcher code = CODE.matcher(call.group(1));
                    while (code.find()) {
                        recorded.add(code.group(1));
                    }
                }
            }
        }
        Set<String> known = Arrays.stream(AuditAction.values()).map(Enum::name).collect(Collectors.toSet());
        // The scan is not blind: it finds the codes recorded through each kind of call.
        assertThat(recorded).contains("LOGIN", "BULLETIN_APPROVED", "BROADCAST_CREATED", "EMERGENCY_FAILED");
        assertThat(recorded).as("codes recorded but not in AuditAction").isSubsetOf(known);
    }

    private static Properties load(String suffix) throws IOException {
        Properties all = new Properties();
        for (String basename : BASENAMES) {
            try (InputStream in =
                    AuditActionWordsTest.class.getResourceAsStream("/i18n/" + basename + suffix + ".properties")) {
                if (in != null) {
                    all.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
        }
        return all;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
