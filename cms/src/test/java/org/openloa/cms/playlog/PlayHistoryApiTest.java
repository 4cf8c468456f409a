package org.openloa.cms.playlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/devices/{id}/plays: a device's plays by day, newest first, in words, within the caller's areas. */
class PlayHistoryApiTest extends ServerTest {

    @Test
    void aDevicesPlaysOfADayComeNewestFirstWithTheirTitleAndResult() {
        TestWorld w = world();
        Boxes.Box box = Boxes.box(api, w.operatorA(), w.villageAId(), "Loa chợ " + w.suffix());
        Boxes.Planned morning = Boxes.relay(w.operatorA(), box, w.communeAId(), "Tiếp sóng VOV1 " + w.suffix());
        Boxes.played(box, morning, "PLAYED", 600, null);
        Boxes.played(box, morning, "INTERRUPTED", 42, "emergency");
        String day = morning.start().toLocalDate().toString();

        Api.Response plays = w.operatorA().get("/api/v1/devices/" + box.id() + "/plays?date=" + day);
        assertThat(plays.status()).as(plays.body()).isEqualTo(200);
        JsonNode list = plays.json();
        assertThat(list.size()).isEqualTo(2);
        JsonNode first = list.get(0);
        assertThat(first.get("itemId").asString()).isEqualTo(morning.id());
        assertThat(first.get("broadcastId").asString()).isEqualTo(morning.broadcastId());
        assertThat(first.get("broadcastTitle").asString()).isEqualTo("Tiếp sóng VOV1 " + w.suffix());
        assertThat(first.get("scheduledAt").asString()).endsWith("+07:00");
        assertThat(list.findValuesAsString("result")).containsExactlyInAnyOrder("PLAYED", "PARTLY");
        JsonNode partly = first.get("result").asString().equals("PARTLY") ? first : list.get(1);
        assertThat(partly.get("playedSeconds").asLong()).isEqualTo(42);
        assertThat(partly.get("reason").asString()).isEqualTo("emergency");
        assertThat(partly.get("outcome").asString()).isEqualTo("INTERRUPTED");

        // The default is the device's today; another day has nothing; from/to covers the same.
        assertThat(w.operatorA()
                        .get("/api/v1/devices/" + box.id() + "/plays?date="
                                + LocalDate.parse(day).minusDays(1))
                        .json()
                        .size())
                .isZero();
        assertThat(w.operatorA()
                        .get("/api/v1/devices/" + box.id() + "/plays?from=" + day + "&to="
                                + LocalDate.parse(day).plusDays(1))
                        .json()
                        .size())
                .isEqualTo(2);
        assertThat(w.provinceAdmin()
                        .get("/api/v1/devices/" + box.id() + "/plays?date=" + day)
                        .json()
                        .size())
                .isEqualTo(2);
    }

    @Test
    void anotherCommunesOperatorGets404AndNothingElse() {
        TestWorld w = world();
        Boxes.Box box = Boxes.box(api, w.operatorA(), w.villageAId(), "Loa " + UUID.randomUUID());
        Boxes.Planned item = Boxes.relay(w.operatorA(), box, w.communeAId(), "Tiếp sóng " + w.suffix());
        Boxes.played(box, item, "PLAYED", 600, null);
        String day = item.start().toLocalDate().toString();

        Api.Response outside = w.operatorB().get("/api/v1/devices/" + box.id() + "/plays?date=" + day);
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.contentType()).startsWith("application/problem+json");
        assertThat(outside.body()).doesNotContain(item.id());
        assertThat(w.operatorB()
                        .get("/api/v1/devices/" + UUID.randomUUID() + "/plays")
                        .status())
                .isEqualTo(404);
        assertThat(api.anonymous().get("/api/v1/devices/" + box.id() + "/plays").status())
                .isEqualTo(401);
    }

    @Test
    void badDatesAreRefusedNamingTheField() {
        TestWorld w = world();
        Boxes.Box box = Boxes.box(api, w.operatorA(), w.villageAId(), "Loa " + UUID.randomUUID());
        String plays = "/api/v1/devices/" + box.id() + "/plays";

        Api.Response notADate = w.operatorA().get(plays + "?date=08/03/2027");
        assertThat(notADate.status()).as(notADate.body()).isEqualTo(400);
        assertThat(notADate.json().get("errors").get(0).get("field").asString()).isEqualTo("date");

        Api.Response both = w.operatorA().get(plays + "?date=2027-03-08&from=2027-03-01");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").get(0).get("field").asString()).isEqualTo("date");

        Api.Response badFrom = w.operatorA().get(plays + "?from=yesterday");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().get("errors").get(0).get("field").asString()).isEqualTo("from");

        Api.Response backwards = w.operatorA().get(plays + "?from=2027-03-08&to=2027-03-01");
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("field").asString())
                .isEqualTo("to");

        Api.Response tooLong = w.operatorA().get(plays + "?from=2027-01-01&to=2027-03-01");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("to");
    }
}
