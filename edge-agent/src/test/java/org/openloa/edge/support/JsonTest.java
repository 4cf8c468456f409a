package org.openloa.edge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.protocol.EnrollRequest;
import org.openloa.protocol.EnrollResponse;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.PlayLog;
import org.openloa.protocol.Wake;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's binding on Jackson's streaming core against Jackson's databind, which cms uses for the same
 * records: what one writes, the other reads back equal, both ways.
 */
class JsonTest {

    /** Set up as cms's mapper and the agent's former one were. */
    private static final ObjectMapper DATABIND = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-12-05T08:30:00+07:00");

    @Test
    void everyProtocolRecordTravelsBothWaysBetweenTheAgentAndDatabind() {
        Manifest.Media media = new Manifest.Media("m1", "a".repeat(64), 1234, "audio/mpeg", 61_000, "media/m1?x=1");
        Manifest manifest = new Manifest(
                "v7",
                AT,
                60,
                new Manifest.Settings(70, List.of(new Manifest.QuietHours(AT, AT.plusHours(8))), 300),
                List.of(
                        new Manifest.Item(
                                "i1",
                                AT,
                                AT.plusMinutes(5),
                                Manifest.Priority.NORMAL,
                                Manifest.Kind.AUDIO,
                                List.of("m1"),
                                null,
                                80,
                                null,
                                "a warning"),
                        new Manifest.Item(
                                "i2",
                                AT.plusHours(1),
                                AT.plusHours(2),
                                Manifest.Priority.PRIORITY,
                                Manifest.Kind.STREAM,
                                List.of(),
                                "http://radio.example/live",
                                null,
                                "m1",
                                null)),
                List.of(media),
                List.of("old"),
                List.of(new Manifest.Command("c1", Manifest.CommandType.SET_VOLUME, Map.of("volume", "40"))),
                List.of(new Manifest.Withdrawal("i0", "cancelled by the commune", AT)));
        Heartbeat heartbeat = new Heartbeat(
                "h1",
                AT,
                "i1",
                70,
                1L << 33,
                "0.2.0",
                3600,
                true,
                -12,
                "v7",
                List.of("c1"),
                List.of(new Heartbeat.MediaError("m1", "sha256 mismatch", AT)),
                new Heartbeat.Upgrade(Heartbeat.UpgradeState.UPGRADED, "0.2.0", null, AT));
        PlayLog playLog = new PlayLog(
                "p1",
                "i1",
                "m1",
                AT,
                AT.plusMinutes(1),
                PlayLog.Outcome.INTERRUPTED,
                "interrupted by EMERGENCY item e1",
                20,
                List.of(new PlayLog.Lost(AT, AT.plusSeconds(20))));
        List<Object> records = List.of(
                manifest,
                heartbeat,
                playLog,
                new ItemEvent("e1", "i1", ItemEvent.Type.READY, AT, null),
                new EnrollRequest("CODE-1", "hw-1", "0.2.0"),
                new EnrollResponse("d1", "secret"),
                new Wake("plan changed", 7L),
                new Wake("plan changed"));
        for (Object record : records) {
            assertThat(DATABIND.readValue(Json.write(record), record.getClass()))
                    .isEqualTo(record);
            assertThat(Json.read(DATABIND.writeValueAsBytes(record), record.getClass()))
                    .isEqualTo(record);
            assertThat(Json.read(Json.write(record), record.getClass())).isEqualTo(record);
        }
        // Offsets are kept as sent, not moved to UTC.
        assertThat(Json.read(Json.write(manifest), Manifest.class).serverTime().getOffset())
                .isEqualTo(AT.getOffset());
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesAreEmpty() {
        byte[] json = """
                {"id": "c1", "type": "SYNC_NOW", "addedByANewerServer": {"x": [1, 2.5, true, null]}}
                """.getBytes(StandardCharsets.UTF_8);
        Manifest.Command command = Json.read(json, Manifest.Command.class);
        assertThat(command.id()).isEqualTo("c1");
        assertThat(command.args()).isEmpty();
    }

    @Test
    void aValueTheRecordRefusesOrThatDoesNotFitIsAnIllegalArgument() {
        assertThatThrownBy(() -> Json.read(
                        "{\"id\": \"c1\", \"type\": \"FLY\"}".getBytes(StandardCharsets.UTF_8), Manifest.Command.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLY");
        assertThatThrownBy(() ->
                        Json.read("{\"type\": \"SYNC_NOW\"}".getBytes(StandardCharsets.UTF_8), Manifest.Command.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commands.id");
        assertThatThrownBy(() -> Json.read("{\"reason\": [\"x\"]}".getBytes(StandardCharsets.UTF_8), Wake.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> Json.tree("{\"reason\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void mapsOfInstantsKeepTheirOrder() {
        Map<String, Instant> ledger = new LinkedHashMap<>();
        ledger.put("b", Instant.parse("2026-12-05T01:00:00Z"));
        ledger.put("a", Instant.parse("2026-12-05T01:00:00.123Z"));
        Map<String, Instant> back =
                Json.read(Json.write(ledger), new TypeReference<LinkedHashMap<String, Instant>>() {});
        assertThat(back).containsExactly(Map.entry("b", ledger.get("b")), Map.entry("a", ledger.get("a")));
        assertThat(DATABIND.readValue(Json.write(ledger), new TypeReference<LinkedHashMap<String, Instant>>() {}))
                .isEqualTo(ledger);
    }
}
