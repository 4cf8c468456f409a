package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.relaying;
import static org.openloa.cms.broadcast.Scheduling.weekdays;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

/** The API reads times of day as a commune officer writes them, and names the field of one it cannot read. */
class TimesAsWrittenTest extends ServerTest {

    @Test
    void sixHThirtyAndSeventeenHAreStoredAsClockTimes() {
        TestWorld w = world();
        JsonNode created = create(
                w.operatorA(),
                relaying(
                        "PT10M",
                        List.of(w.communeAId()),
                        weekdays(Scheduling.day(30), Scheduling.day(36), "6h30", "17h", "17h05")));
        JsonNode stored = w.operatorA()
                .get("/api/v1/broadcasts/" + created.get("id").asString())
                .json()
                .get("schedule")
                .get("times");
        assertThat(stored.values().stream().map(JsonNode::asString).toList())
                .containsExactly("06:30", "17:00", "17:05");
    }

    @Test
    void twentyFiveHIsRefusedNamingTheFieldAndSayingWhyInEitherLanguage() {
        TestWorld w = world();
        Map<String, Object> body = relaying(
                "PT10M", List.of(w.communeAId()), weekdays(Scheduling.day(30), Scheduling.day(36), "6h30", "25h"));
        String before =
                w.operatorA().get("/api/v1/broadcasts?areaId=" + w.communeAId()).body();

        Api.Response vi = w.operatorA().post("/api/v1/broadcasts", body);
        assertThat(vi.status()).as(vi.body()).isEqualTo(400);
        assertThat(vi.contentType()).startsWith("application/problem+json");
        JsonNode error = vi.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("schedule.times[1]");
        assertThat(error.get("message").asString())
                .isEqualTo("\"25h\" không phải là giờ trong ngày: giờ chỉ từ 0 đến 23 (ví dụ 6h30, 17h).");
        assertThat(vi.json().get("errors").size()).isEqualTo(1);

        Api.Response en = w.operatorA().language("en").post("/api/v1/broadcasts", body);
        assertThat(en.json().get("errors").get(0).get("message").asString())
                .isEqualTo("\"25h\" is not a time of day: the hour goes from 0 to 23 (e.g. 6h30, 17h).");

        Api.Response minutes = w.operatorA()
                .language("en")
                .post(
                        "/api/v1/broadcasts",
                        relaying("PT10M", List.of(w.communeAId()), weekdays(Scheduling.day(30), null, "6h70")));
        assertThat(minutes.status()).isEqualTo(400);
        assertThat(minutes.json().get("errors").get(0).get("message").asString())
                .contains("\"6h70\"", "00 to 59");

        // Refused means nothing was stored.
        assertThat(w.operatorA()
                        .get("/api/v1/broadcasts?areaId=" + w.communeAId())
                        .body())
                .isEqualTo(before);
    }

    @Test
    void quietHoursAreReadTheSameWay() {
        TestWorld w = world();
        String device = Scheduling.device(w.operatorA(), w.villageAId(), "Loa chợ");
        Api.Response patched = w.operatorA().patch("/api/v1/devices/" + device, Map.of("quietHours", "22h-5h30"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.text("quietHours")).isEqualTo("22:00-05:30");
        Api.Response refused = w.operatorA().patch("/api/v1/devices/" + device, Map.of("quietHours", "22h-25h"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("detail")).contains("22h-25h");
    }
}
