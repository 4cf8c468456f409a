package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 200 from memory writes {@code serverTime} from a prefix formatted once a second: byte for byte what
 * {@link CachedManifest} writes with {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, for every fraction of a
 * second and every kind of offset, zones taking turns.
 */
class ServerTimeTest {

    @Test
    void writesWhatTheIsoFormatterWrites() throws IOException {
        List<ZoneId> zones = List.of(
                ZoneId.of("Asia/Ho_Chi_Minh"),
                ZoneId.of("UTC"),
                ZoneId.of("America/St_Johns"),
                ZoneId.of("Asia/Kathmandu"),
                ZoneId.of("Europe/Paris"));
        List<Integer> nanos = List.of(0, 1, 10, 120_000_000, 123_456_000, 123_456_789, 500_000_000, 999_999_999);
        Instant start = Instant.parse("2026-03-29T00:59:58Z"); // Paris moves to summer time at 01:00Z
        for (int second = 0; second < 4; second++) {
            for (ZoneId zone : zones) {
                for (int nano : nanos) { // the first formats the second, the others reuse it
                    Instant now = start.plusSeconds(second).plusNanos(nano);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ManifestHotPath.ServerTime.write(out, now, zone);
                    assertThat(out.toString(StandardCharsets.US_ASCII))
                            .isEqualTo('"'
                                    + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                                            now.atZone(zone).toOffsetDateTime())
                                    + '"');
                }
            }
        }
    }
}
