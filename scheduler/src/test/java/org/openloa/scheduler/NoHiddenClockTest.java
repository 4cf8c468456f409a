package org.openloa.scheduler;

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
 * Plans must not depend on where or when the server runs: no call in the main sources may read the
 * JVM's default zone or the system clock. Time comes from an injected Clock, zones from areas.
 */
class NoHiddenClockTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "ZoneId\\.systemDefault|TimeZone\\.getDefault|Clock\\.system|systemDefaultZone|System\\.currentTimeMillis"
                    + "|\\b(?:Instant|LocalDate|LocalDateTime|LocalTime|ZonedDateTime|OffsetDateTime|Year|YearMonth)\\.now\\(\\s*\\)");

    @Test
    void mainSourcesNeverReadTheDefaultZoneOrTheSystemClock() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORBIDDEN.matcher(lines.get(i)).find()) {
                        offences.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(offences).isEmpty();
    }
}
