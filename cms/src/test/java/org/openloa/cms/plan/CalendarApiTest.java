package org.openloa.cms.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.device;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class CalendarApiTest extends ServerTest {

    @Test
    void theCalendarGroupsDevicesThatPlayTheSameAndFlagsConflicts() {
        TestWorld w = world();
        String market = device(w.operatorA(), w.villageAId(), "Loa chợ", "chợ");
        String village = device(w.operatorA(), w.villageAId(), "Loa thôn");
        String hall = device(w.operatorA(), w.communeAId(), "Loa UBND");
        String morning = create(
                        w.operatorA(), relaying("PT30M", List.of(w.communeAId()), once("2027-04-05T06:00:00+07:00")))
                .get("id")
                .asString();
        Map<String, Object> marketNews = relaying("PT20M", List.of(w.communeAId()), once("2027-04-05T06:10:00+07:00"));
        marketNews.put("targets", Map.of("areaIds", List.of(), "tags", List.of("chợ")));
        marketNews.put("maxDelay", "PT30M");
        String market10 = create(w.operatorA(), marketNews).get("id").asString();

        JsonNode calendar = w.operatorA()
                .get("/api/v1/areas/" + w.communeAId() + "/calendar?from=2027-04-05&to=2027-04-06")
                .json();
        assertThat(calendar.get("timeZone").asString()).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(calendar.get("from").asString()).isEqualTo("2027-04-05T00:00:00+07:00");
        JsonNode groups = calendar.get("groups");
        assertThat(groups.size()).isEqualTo(2);
        JsonNode marketGroup = groups.valueStream()
                .filter(g -> g.get("deviceIds").size() == 1)
                .findFirst()
                .orElseThrow();
        JsonNode others = groups.valueStream()
                .filter(g -> g.get("deviceIds").size() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(marketGroup.get("deviceIds").get(0).asString()).isEqualTo(market);
        assertThat(marketGroup.get("tags").valueStream().map(JsonNode::asString))
                .containsExactly("chợ");
        assertThat(others.get("deviceIds").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(village, hall);
        assertThat(others.get("items").size()).isEqualTo(1);

        // On the market loudspeaker the later item waits for the first, within its allowed delay.
        JsonNode items = marketGroup.get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("broadcastId").asString()).isEqualTo(morning);
        assertThat(items.get(1).get("broadcastId").asString()).isEqualTo(market10);
        assertThat(items.get(1).get("start").asString()).isEqualTo("2027-04-05T06:30:00+07:00");
        assertThat(items.get(1).get("delaySeconds").asLong()).isEqualTo(20 * 60);
        assertThat(items.get(0).get("conflict").asBoolean()).isTrue();
        assertThat(items.get(1).get("conflict").asBoolean()).isTrue();
        assertThat(others.get("items").get(0).get("conflict").asBoolean()).isFalse();

        JsonNode conflicts = calendar.get("conflicts");
        assertThat(conflicts.size()).isEqualTo(1);
        assertThat(conflicts.get(0).get("playsFirst").get("broadcastId").asString())
                .isEqualTo(morning);
        assertThat(conflicts.get(0).get("follows").get("broadcastId").asString())
                .isEqualTo(market10);
        assertThat(conflicts.get(0).get("deviceIds").valueStream().map(JsonNode::asString))
                .containsExactly(market);
    }

    @Test
    void anAreaWithoutDevicesStillShowsItsProgramme() {
        TestWorld w = world();
        create(w.operatorB(), relaying("PT30M", List.of(w.communeBId()), once("2027-04-05T17:30:00+07:00")));
        JsonNode groups = w.operatorB()
                .get("/api/v1/areas/" + w.villageBId() + "/calendar?from=2027-04-05&to=2027-04-06")
                .json()
                .get("groups");
        assertThat(groups.size()).isEqualTo(1);
        assertThat(groups.get(0).get("deviceIds").size()).isZero();
        assertThat(groups.get(0).get("items").get(0).get("start").asString()).isEqualTo("2027-04-05T17:30:00+07:00");
    }

    @Test
    void anotherCommunesCalendarIs404AndTooLongAWindowIs422() {
        TestWorld w = world();
        assertThat(w.operatorB()
                        .get("/api/v1/areas/" + w.communeAId() + "/calendar")
                        .status())
                .isEqualTo(404);
        assertThat(w.operatorA()
                        .get("/api/v1/areas/" + w.communeAId() + "/calendar?from=2027-01-01&to=2027-12-31")
                        .text("code"))
                .isEqualTo("window-too-long");
        assertThat(w.operatorA()
                        .get("/api/v1/areas/" + w.communeAId() + "/calendar?from=2027-01-02&to=2027-01-01")
                        .status())
                .isEqualTo(422);
        assertThat(w.operatorA()
                        .get("/api/v1/areas/" + w.communeAId() + "/calendar?from=tomorrow")
                        .status())
                .isEqualTo(400);
    }
}
