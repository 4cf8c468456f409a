package org.openloa.cms.playlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.testing.Await;
import tools.jackson.databind.JsonNode;

/**
 * Loudspeakers for play-history tests, as the edge tests make them: a device enrolled through the edge API, a
 * relay it is really sent in its manifest, and play logs it posts for it (the server checks them as for a box).
 */
final class Boxes {

    private Boxes() {}

    record Box(String id, Api edge) {}

    /** A plan item a box was really sent: its id and start. */
    record Planned(String id, String broadcastId, OffsetDateTime start) {}

    static Box box(Api api, Api operator, String areaId, String name) {
        EnrolledDevice device = EnrolledDevice.enrol(operator, Map.of("name", name, "areaId", areaId), api);
        return new Box(device.id(), device.edge(api));
    }

    /** A relay titled {@code title} for the area, starting in two minutes, as the box's manifest lists it. */
    static Planned relay(Api operator, Box box, String areaId, String title) {
        Map<String, Object> body = new LinkedHashMap<>(relaying("PT10M", List.of(areaId), once(inMinutes(2))));
        body.put("title", title);
        JsonNode broadcast = create(operator, body);
        String broadcastId = broadcast.get("id").asString();
        JsonNode item = Await.until(
                "the relay in the box's manifest",
                Duration.ofSeconds(30),
                () -> {
                    Api.Response manifest = box.edge().get("/edge/v1/manifest");
                    assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
                    JsonNode found = null;
                    for (JsonNode candidate : manifest.json().get("items")) {
                        if (candidate.get("id").asString().startsWith(broadcastId)) {
                            found = candidate;
                        }
                    }
                    return found;
                },
                java.util.Objects::nonNull);
        return new Planned(
                item.get("id").asString(),
                broadcastId,
                OffsetDateTime.parse(item.get("start").asString()));
    }

    /** Posts one play log of the item; {@code seconds} on air, or null for an end unknown. */
    static void played(Box box, Planned item, String outcome, Integer seconds, String reason) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("id", UUID.randomUUID().toString());
        log.put("itemId", item.id());
        log.put("mediaId", null);
        log.put("startedAt", item.start().toString());
        log.put(
                "endedAt",
                seconds == null ? null : item.start().plusSeconds(seconds).toString());
        log.put("outcome", outcome);
        log.put("reason", reason);
        Api.Response stored = box.edge().post("/edge/v1/playlogs", List.of(log));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("stored").asInt()).isEqualTo(1);
    }

    private static String inMinutes(int minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7))
                .plusMinutes(minutes)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }
}
