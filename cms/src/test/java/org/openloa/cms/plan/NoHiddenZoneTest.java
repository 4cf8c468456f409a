package org.openloa.cms.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scheduling code reads time only from the injected {@code Clock} and zones only from areas: a call that
 * falls back on the JVM's default zone (or its own clock) would shift a commune's programme by the server's
 * offset. This scan of the device, broadcast and plan sources keeps such calls out.
 */
class NoHiddenZoneTest {

    private static final Pattern HIDDEN = Pattern.compile("ZoneId\\.systemDefault|TimeZone\\.getDefault|"
            + "Clock\\.systemDefaultZone|(LocalDate|LocalDateTime|LocalTime|ZonedDateTime|OffsetDateTime|Instant|Year"
            + "|YearMonth)\\.now\\(\\)|new java\\.util\\.Date\\(\\)|System\\.currentTimeMillis|Calendar\\.getInstance");

    @Test
    void schedulingCodeNeverReadsTheDefaultZoneOrTheSystemClock() throws IOException {
        List<String> found = new ArrayList<>();
        for (String concept : List.of("device", "broadcast", "plan")) {
            Path root = Path.of("src/main/java/org/openloa/cms", concept);
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (HIDDEN.matcher(lines.get(i)).find()) {
                            found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
