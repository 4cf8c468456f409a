package org.openloa.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records and the published JSON Schemas describe the same JSON: the examples (the same ones
 * docs/edge-protocol.md shows) conform to the schemas, read into the records, and the records write
 * them back with exactly the field names the schemas declare.
 */
class EdgeProtocolJsonTest {

    /** As a receiver should configure Jackson: keep the sender's offset; here, also refuse unknown fields. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("enroll-request", EnrollRequest.class),
                Arguments.of("enroll-response", EnrollResponse.class),
                Arguments.of("manifest", Manifest.class),
                Arguments.of("heartbeat", Heartbeat.class),
                Arguments.of("playlogs", PlayLog[].class),
                Arguments.of("events", ItemEvent[].class),
                Arguments.of("wake", Wake.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void exampleConformsToItsSchema(String name, Class<?> type) throws IOException {
        assertThat(SchemaCheck.errors(example(name), SchemaCheck.schema(JSON, name)))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void exampleReadsIntoTheRecordsAndWritesBackTheSameConformingJson(String name, Class<?> type) throws IOException {
        Object read = JSON.treeToValue(example(name), type);
        JsonNode written = JSON.readTree(JSON.writeValueAsString(read));

        assertThat(SchemaCheck.errors(written, SchemaCheck.schema(JSON, name))).isEmpty();
        assertThat(written).isEqualTo(example(name));
    }

    @Test
    void recordsBuiltInJavaSerialiseWithTheSchemasFieldNames() {
        Map<String, Object> samples = Map.of(
                "enroll-request",
                new EnrollRequest("K7PX-2M9Q", "machine-id:5f0c", "0.1.0"),
                "enroll-response",
                new EnrollResponse("d-1", "secret"),
                "manifest",
                Samples.manifest(),
                "heartbeat",
                Samples.heartbeat(),
                "playlogs",
                List.of(Samples.played(), Samples.stream()),
                "events",
                List.of(new ItemEvent(
                        "ev-1",
                        "e-1@06",
                        ItemEvent.Type.LATE,
                        Samples.t("2026-11-22T23:01:00Z"),
                        "arrived after its end")),
                "wake",
                new Wake("emergency", 42L));

        samples.forEach((name, document) -> assertThat(
                        SchemaCheck.errors(JSON.valueToTree(document), SchemaCheck.schema(JSON, name)))
                .as(name)
                .isEmpty());
    }

    @Test
    void everyRecordComponentIsDeclaredInTheSchemaAndNothingMore() {
        record Pair(String schema, String pointer, Class<? extends Record> type) {}
        List<Pair> pairs = List.of(
                new Pair("enroll-request", "", EnrollRequest.class),
                new Pair("enroll-response", "", EnrollResponse.class),
                new Pair("manifest", "", Manifest.class),
                new Pair("manifest", "/$defs/settings", Manifest.Settings.class),
                new Pair("manifest", "/$defs/quietHours", Manifest.QuietHours.class),
                new Pair("manifest", "/$defs/item", Manifest.Item.class),
                new Pair("manifest", "/$defs/media", Manifest.Media.class),
                new Pair("manifest", "/$defs/command", Manifest.Command.class),
                new Pair("manifest", "/$defs/withdrawal", Manifest.Withdrawal.class),
                new Pair("events", "/$defs/itemEvent", ItemEvent.class),
                new Pair("heartbeat", "", Heartbeat.class),
                new Pair("heartbeat", "/$defs/mediaError", Heartbeat.MediaError.class),
                new Pair("playlogs", "/$defs/playLog", PlayLog.class),
                new Pair("wake", "", Wake.class));

        List<String> mismatches = new ArrayList<>();
        for (Pair pair : pairs) {
            JsonNode schema = SchemaCheck.schema(JSON, pair.schema());
            JsonNode object = pair.pointer().isEmpty() ? schema : schema.at(pair.pointer());
            Set<String> declared = new TreeSet<>(object.path("properties").propertyNames());
            Set<String> components = new TreeSet<>();
            for (RecordComponent component : pair.type().getRecordComponents()) {
                components.add(component.getName());
            }
            if (!declared.equals(components)) {
                mismatches.add(pair.type().getSimpleName() + ": record " + components + " vs schema " + declared);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void theSchemaCheckCatchesAnUndeclaredFieldAWrongTypeABadTimeAndAMissingField() throws IOException {
        tools.jackson.databind.node.ObjectNode heartbeat =
                (tools.jackson.databind.node.ObjectNode) example("heartbeat");
        heartbeat.put("batteryVolts", 12.1);
        heartbeat.put("volume", "loud");
        heartbeat.put("at", "yesterday");
        heartbeat.remove("id");

        assertThat(SchemaCheck.errors(heartbeat, SchemaCheck.schema(JSON, "heartbeat")))
                .anyMatch(e -> e.contains("batteryVolts") && e.contains("not declared"))
                .anyMatch(e -> e.contains("$.volume"))
                .anyMatch(e -> e.contains("$.at") && e.contains("ISO-8601"))
                .anyMatch(e -> e.contains("missing required id"));
    }

    @Test
    void timesAreWrittenAsIsoInstantsWithTheSendersOffset() {
        JsonNode manifest = JSON.valueToTree(Samples.manifest());

        assertThat(manifest.get("serverTime").asString()).isEqualTo("2026-11-23T05:58:30+07:00");
        assertThat(manifest.at("/items/0/start").asString()).isEqualTo("2026-11-23T06:00:00+07:00");
        assertThat(JSON.valueToTree(Samples.played()).get("startedAt").asString())
                .isEqualTo("2026-11-22T23:00:00Z");
    }

    @Test
    void aManifestWithAnInvalidItemDoesNotRead() throws IOException {
        JsonNode manifest = example("manifest");
        ((tools.jackson.databind.node.ObjectNode) manifest.at("/items/0")).put("end", "2026-11-23T05:00:00+07:00");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> JSON.treeToValue(manifest, Manifest.class)))
                .hasMessageContaining("must end after it starts");
    }

    @Test
    void listsLeftOutOfADocumentReadAsEmpty() {
        Manifest manifest = JSON.readValue("""
                {"version": "v1", "serverTime": "2026-11-23T06:00:00+07:00", "pollSeconds": 30,
                 "settings": {"volume": 50}}""", Manifest.class);

        assertThat(manifest.items()).isEmpty();
        assertThat(manifest.media()).isEmpty();
        assertThat(manifest.purge()).isEmpty();
        assertThat(manifest.commands()).isEmpty();
        assertThat(manifest.settings().quietHours()).isEmpty();
    }

    @Test
    void exampleManifestStartTimeIsAbsolute() throws IOException {
        Manifest manifest = JSON.treeToValue(example("manifest"), Manifest.class);

        assertThat(manifest.items().get(0).start().toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-11-22T23:00:00Z").toInstant());
    }

    static JsonNode example(String name) throws IOException {
        try (InputStream in = EdgeProtocolJsonTest.class.getResourceAsStream("/examples/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }
}
