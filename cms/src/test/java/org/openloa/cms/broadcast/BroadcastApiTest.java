package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.approvedBulletin;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.device;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.plan;
import static org.openloa.cms.broadcast.Scheduling.playing;
import static org.openloa.cms.broadcast.Scheduling.relaying;
import static org.openloa.cms.broadcast.Scheduling.weekdays;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class BroadcastApiTest extends ServerTest {

    @Test
    void anEmergencyInsideANormalItemCutsItAndNothingOverlaps() {
        TestWorld w = world();
        String loudspeaker = device(w.operatorA(), w.villageAId(), "Loa thôn 1");
        String news = approvedBulletin(admin, w.communeAId(), "Bản tin sáng", 3, "NORMAL");
        Map<String, Object> morning =
                playing(List.of(news), List.of(w.communeAId()), once("2027-04-05T06:00:00+07:00"));
        morning.put("repeatCount", 20);
        create(w.operatorA(), morning);
        Map<String, Object> storm = relaying("PT10S", List.of(w.communeAId()), once("2027-04-05T06:00:20+07:00"));
        storm.put("priority", "EMERGENCY");
        create(w.operatorA(), storm);

        JsonNode items = plan(w.operatorA(), loudspeaker, "2027-04-05T05:00:00+07:00", "2027-04-05T07:00:00+07:00")
                .get("items");
        assertThat(items.size()).isEqualTo(3);
        JsonNode cut = items.get(0);
        JsonNode emergency = items.get(1);
        JsonNode rest = items.get(2);
        assertThat(cut.get("priority").asString()).isEqualTo("NORMAL");
        assertThat(cut.get("start").asString()).isEqualTo("2027-04-05T06:00:00+07:00");
        assertThat(cut.get("cut").asBoolean()).isTrue();
        assertThat(cut.get("end").asString()).isEqualTo("2027-04-05T06:00:20+07:00");
        assertThat(emergency.get("priority").asString()).isEqualTo("EMERGENCY");
        assertThat(emergency.get("start").asString()).isEqualTo("2027-04-05T06:00:20+07:00");
        assertThat(emergency.get("end").asString()).isEqualTo("2027-04-05T06:00:30+07:00");
        assertThat(rest.get("resumed").asBoolean()).isTrue();
        assertThat(rest.get("start").asString()).isEqualTo("2027-04-05T06:00:30+07:00");
        assertThat(rest.get("id").asString()).endsWith("#1");
        for (int i = 1; i < items.size(); i++) {
            assertThat(OffsetDateTime.parse(items.get(i).get("start").asString()))
                    .isAfterOrEqualTo(
                            OffsetDateTime.parse(items.get(i - 1).get("end").asString()));
        }
        // The rest starts again from the beginning of the bulletin the siren interrupted.
        assertThat(rest.get("offsetMillis").asLong()).isLessThan(20_000).isGreaterThan(0);
        assertThat(rest.get("media").get(0).get("title").asString()).isEqualTo("Bản tin sáng");
    }

    @Test
    void aScheduleThatEndsBeforeItStartsIs422NamingTheField() {
        TestWorld w = world();
        Api.Response response = w.operatorA()
                .language("en")
                .post(
                        "/api/v1/broadcasts",
                        relaying("PT30M", List.of(w.communeAId()), weekdays("2027-03-19", "2027-03-08", "06:00")));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo("end-before-start");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("schedule.endDate");
        assertThat(response.text("detail")).isEqualTo("The end lies before the start.");
        assertThat(w.operatorA().get("/api/v1/broadcasts").json().get("total").asLong())
                .isZero();
    }

    @Test
    void anUrgentOnceMayStartNowEvenWhenNowWasAFewSecondsAgo() {
        TestWorld w = world();
        String aMomentAgo = OffsetDateTime.now().minusSeconds(20).toString();
        Map<String, Object> urgent =
                new java.util.HashMap<>(relaying("PT5M", List.of(w.communeAId()), once(aMomentAgo)));
        urgent.put("priority", "EMERGENCY");
        Api.Response now = w.operatorA().post("/api/v1/broadcasts", urgent);
        assertThat(now.status()).as(now.body()).isEqualTo(201);

        Map<String, Object> normal = new java.util.HashMap<>(urgent);
        normal.put("priority", "NORMAL");
        assertThat(w.operatorA().post("/api/v1/broadcasts", normal).text("code"))
                .isEqualTo("at-in-past");
        urgent.put("schedule", once(OffsetDateTime.now().minusMinutes(10).toString()));
        assertThat(w.operatorA().post("/api/v1/broadcasts", urgent).text("code"))
                .isEqualTo("at-in-past");
    }

    @Test
    void aOnceInThePastAndAMalformedTimeAreRefused() {
        TestWorld w = world();
        Api.Response past = w.operatorA()
                .post(
                        "/api/v1/broadcasts",
                        relaying("PT30M", List.of(w.communeAId()), once("2020-01-01T06:00:00+07:00")));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.text("code")).isEqualTo("at-in-past");
        assertThat(past.text("detail")).isEqualTo("Thời điểm này đã qua.");
        Api.Response malformed = w.operatorA()
                .post(
                        "/api/v1/broadcasts",
                        relaying("PT30M", List.of(w.communeAId()), weekdays("2027-03-08", "2027-03-19", "25:00")));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("errors").get(0).get("field").asString())
                .isEqualTo("schedule.times[0]");
    }

    @Test
    void anUnapprovedBulletinCannotBeScheduled() {
        TestWorld w = world();
        String waiting = Scheduling.submittedBulletin(admin, w.communeAId(), "Chờ duyệt", 2, "NORMAL");
        Api.Response response = w.operatorA()
                .post(
                        "/api/v1/broadcasts",
                        playing(List.of(waiting), List.of(w.communeAId()), once("2027-04-05T06:00:00+07:00")));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo("bulletin-not-approved");
        assertThat(response.text("detail")).contains("Chờ duyệt", "chưa được phê duyệt");
    }

    @Test
    void aTargetOutsideTheCallersAreasIs404() {
        TestWorld w = world();
        Api.Response response = w.operatorA()
                .post(
                        "/api/v1/broadcasts",
                        relaying("PT30M", List.of(w.communeBId()), once("2027-04-05T06:00:00+07:00")));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text("code")).isEqualTo("not-found");
    }

    @Test
    void aCommuneOperatorNeverSeesAnotherCommunesBroadcasts() {
        TestWorld w = world();
        String ofB = create(
                        w.operatorB(), relaying("PT30M", List.of(w.communeBId()), once("2027-04-05T06:00:00+07:00")))
                .get("id")
                .asString();
        String ofA = create(
                        w.operatorA(), relaying("PT30M", List.of(w.villageAId()), once("2027-04-05T07:00:00+07:00")))
                .get("id")
                .asString();
        Map<String, Object> both =
                relaying("PT15M", List.of(w.communeAId(), w.communeBId()), once("2027-04-05T08:00:00+07:00"));
        both.put("priority", "PRIORITY");
        String fromProvince = create(w.provinceAdmin(), both).get("id").asString();

        assertThat(ids(w.operatorA().get("/api/v1/broadcasts"))).containsExactlyInAnyOrder(ofA, fromProvince);
        assertThat(w.operatorA().get("/api/v1/broadcasts/" + ofB).status()).isEqualTo(404);
        assertThat(w.operatorA()
                        .patch("/api/v1/broadcasts/" + ofB, Map.of("volume", 10))
                        .status())
                .isEqualTo(404);
        assertThat(w.operatorA().delete("/api/v1/broadcasts/" + ofB).status()).isEqualTo(404);
        assertThat(w.operatorA()
                        .get("/api/v1/broadcasts?areaId=" + w.communeBId())
                        .status())
                .isEqualTo(404);
        JsonNode seen = w.operatorA().get("/api/v1/broadcasts/" + fromProvince).json();
        assertThat(seen.get("targets").get("areaIds").valueStream().map(JsonNode::asString))
                .containsExactly(w.communeAId());
        assertThat(seen.get("editable").asBoolean()).isFalse();
        assertThat(w.operatorA()
                        .patch("/api/v1/broadcasts/" + fromProvince, Map.of("volume", 10))
                        .status())
                .isEqualTo(403);
        assertThat(ids(w.provinceAdmin().get("/api/v1/broadcasts"))).containsExactlyInAnyOrder(ofA, ofB, fromProvince);
    }

    @Test
    void provinceNormalContentIsOfferedAndAirsOnlyInTheCommunesThatAcceptIt() {
        TestWorld w = world();
        String inA = device(w.operatorA(), w.villageAId(), "Loa A");
        String inB = device(w.operatorB(), w.villageBId(), "Loa B");
        // Tomorrow evening: inside the horizon the plan versions look at, so accepting wakes the devices.
        JsonNode offered = create(
                w.provinceAdmin(),
                relaying("PT20M", List.of(w.communeAId(), w.communeBId()), once(Scheduling.at(1, "18:00"))));
        String id = offered.get("id").asString();
        assertThat(offered.get("acceptanceRequired").asBoolean()).isTrue();
        assertThat(offered.get("offers").valueStream().map(o -> o.get("state").asString()))
                .containsExactly("PENDING", "PENDING");
        String from = Scheduling.day(1);
        String to = Scheduling.day(2);
        assertThat(reasons(plan(w.operatorA(), inA, from, to))).containsExactly("NOT_ACCEPTED");
        long versionA = plan(w.operatorA(), inA, from, to).get("planVersion").asLong();
        long versionB = plan(w.operatorB(), inB, from, to).get("planVersion").asLong();

        JsonNode inbox =
                w.operatorA().get("/api/v1/broadcasts/inbox?state=PENDING").json();
        assertThat(inbox.size()).isEqualTo(1);
        assertThat(inbox.get(0).get("broadcast").get("id").asString()).isEqualTo(id);
        assertThat(inbox.get(0).get("offer").get("areaId").asString()).isEqualTo(w.communeAId());
        assertThat(w.operatorA()
                        .post("/api/v1/broadcasts/" + id + "/accept", Map.of("areaId", w.communeBId()))
                        .status())
                .isEqualTo(404);
        assertThat(w.adminA().post("/api/v1/broadcasts/" + id + "/accept", "{}").status())
                .isEqualTo(403);

        Api.Response accepted = w.operatorA().post("/api/v1/broadcasts/" + id + "/accept", "{}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.text("state")).isEqualTo("ACCEPTED");
        Api.Response declined =
                w.operatorB().post("/api/v1/broadcasts/" + id + "/decline", Map.of("reason", "Trùng giờ họp xã"));
        assertThat(declined.text("state")).isEqualTo("DECLINED");

        JsonNode planA = plan(w.operatorA(), inA, from, to);
        assertThat(planA.get("items").size()).isEqualTo(1);
        assertThat(planA.get("items").get(0).get("start").asString()).isEqualTo(Scheduling.at(1, "18:00"));
        assertThat(planA.get("planVersion").asLong()).isGreaterThan(versionA);
        JsonNode planB = plan(w.operatorB(), inB, from, to);
        assertThat(planB.get("items").size()).isZero();
        assertThat(reasons(planB)).containsExactly("NOT_ACCEPTED");
        assertThat(planB.get("planVersion").asLong()).isEqualTo(versionB);
        assertThat(w.operatorA()
                        .get("/api/v1/broadcasts/inbox?state=PENDING")
                        .json()
                        .size())
                .isZero();
        assertThat(w.operatorA()
                        .get("/api/v1/broadcasts/inbox")
                        .json()
                        .get(0)
                        .get("offer")
                        .get("state")
                        .asString())
                .isEqualTo("ACCEPTED");
    }

    @Test
    void provincePriorityContentAirsEverywhereTargetedWithoutAsking() {
        TestWorld w = world();
        String inB = device(w.operatorB(), w.villageBId(), "Loa B");
        Map<String, Object> body = relaying("PT5M", List.of(w.provinceId()), once("2027-04-06T11:00:00+07:00"));
        body.put("priority", "PRIORITY");
        JsonNode created = create(w.provinceAdmin(), body);
        assertThat(created.get("acceptanceRequired").asBoolean()).isFalse();
        assertThat(w.operatorB().get("/api/v1/broadcasts/inbox").json().size()).isZero();
        JsonNode items = plan(w.operatorB(), inB, "2027-04-06", "2027-04-07").get("items");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("priority").asString()).isEqualTo("PRIORITY");
    }

    @Test
    void aDryRunPreviewsOccurrencesInTheAreasLocalTimeAndConflictsWithoutSaving() {
        TestWorld w = world();
        JsonNode existing = create(
                w.operatorA(),
                relaying("PT30M", List.of(w.communeAId()), weekdays("2027-03-08", "2027-03-19", "06:00")));
        Api.Response preview = w.operatorA()
                .post(
                        "/api/v1/broadcasts?dryRun=true",
                        relaying("PT30M", List.of(w.villageAId()), weekdays("2027-03-08", "2027-03-12", "06:15")));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode view = preview.json();
        assertThat(view.get("saved").asBoolean()).isFalse();
        assertThat(view.get("nextOccurrences")
                        .valueStream()
                        .map(o -> o.get("at").asString())
                        .toList())
                .containsExactly(
                        "2027-03-08T06:15:00+07:00",
                        "2027-03-09T06:15:00+07:00",
                        "2027-03-10T06:15:00+07:00",
                        "2027-03-11T06:15:00+07:00",
                        "2027-03-12T06:15:00+07:00");
        assertThat(view.get("nextOccurrences").get(0).get("zone").asString()).isEqualTo("Asia/Ho_Chi_Minh");
        JsonNode conflicts = view.get("conflicts");
        assertThat(conflicts.size()).isEqualTo(5);
        assertThat(conflicts.get(0).get("broadcastId").asString())
                .isEqualTo(existing.get("id").asString());
        assertThat(conflicts.get(0).get("start").asString()).isEqualTo("2027-03-08T06:15:00+07:00");
        assertThat(conflicts.get(0).get("otherStart").asString()).isEqualTo("2027-03-08T06:00:00+07:00");
        assertThat(conflicts.get(0).get("playsFirst").asBoolean()).isFalse();
        assertThat(conflicts.get(0).get("withoutDevices").asBoolean()).isTrue();
        assertThat(ids(w.operatorA().get("/api/v1/broadcasts")))
                .containsExactly(existing.get("id").asString());

        String loudspeaker = device(w.operatorA(), w.villageAId(), "Loa thôn 1");
        JsonNode saved = create(
                w.operatorA(),
                relaying("PT30M", List.of(w.villageAId()), weekdays("2027-03-08", "2027-03-12", "06:15")));
        assertThat(saved.get("conflicts").get(0).get("deviceIds").valueStream().map(JsonNode::asString))
                .containsExactly(loudspeaker);
        // The one that loses the slot follows the other, within its allowed delay (none for a relay).
        JsonNode plan = plan(w.operatorA(), loudspeaker, "2027-03-08", "2027-03-09");
        assertThat(plan.get("items").size()).isEqualTo(1);
        assertThat(reasons(plan)).containsExactly("DELAY_EXCEEDED");
    }

    @Test
    void aPausedBroadcastIsReportedNotDroppedAndEndedIsFinal() {
        TestWorld w = world();
        String loudspeaker = device(w.operatorA(), w.villageAId(), "Loa thôn 1");
        String id = create(w.operatorA(), relaying("PT30M", List.of(w.communeAId()), once("2027-04-05T06:00:00+07:00")))
                .get("id")
                .asString();
        Api.Response paused = w.operatorA().patch("/api/v1/broadcasts/" + id, Map.of("state", "PAUSED"));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(reasons(plan(w.operatorA(), loudspeaker, "2027-04-05", "2027-04-06")))
                .containsExactly("PAUSED");
        assertThat(w.operatorA()
                        .patch("/api/v1/broadcasts/" + id, Map.of("state", "ENDED"))
                        .text("state"))
                .isEqualTo("ENDED");
        assertThat(w.operatorA()
                        .patch("/api/v1/broadcasts/" + id, Map.of("state", "ACTIVE"))
                        .status())
                .isEqualTo(409);
        assertThat(plan(w.operatorA(), loudspeaker, "2027-04-05", "2027-04-06")
                        .get("unplaced")
                        .size())
                .isZero();
    }

    @Test
    void deletingABroadcastReplansItsDevices() {
        TestWorld w = world();
        String loudspeaker = device(w.operatorA(), w.villageAId(), "Loa thôn 1");
        long created = plan(w.operatorA(), loudspeaker, Scheduling.day(2), Scheduling.day(3))
                .get("planVersion")
                .asLong();
        String id = create(w.operatorA(), relaying("PT30M", List.of(w.communeAId()), once(Scheduling.at(2, "06:00"))))
                .get("id")
                .asString();
        long scheduled = plan(w.operatorA(), loudspeaker, Scheduling.day(2), Scheduling.day(3))
                .get("planVersion")
                .asLong();
        assertThat(scheduled).isGreaterThan(created);
        assertThat(w.operatorA().delete("/api/v1/broadcasts/" + id).status()).isEqualTo(204);
        assertThat(w.operatorA().get("/api/v1/broadcasts/" + id).status()).isEqualTo(404);
        JsonNode plan = plan(w.operatorA(), loudspeaker, Scheduling.day(2), Scheduling.day(3));
        assertThat(plan.get("items").size()).isZero();
        assertThat(plan.get("planVersion").asLong()).isGreaterThan(scheduled);
    }

    @Test
    void anArchivedBulletinLeavesItsBroadcasts() {
        TestWorld w = world();
        String first = approvedBulletin(admin, w.communeAId(), "Tin một", 2, "NORMAL");
        String second = approvedBulletin(admin, w.communeAId(), "Tin hai", 2, "PRIORITY");
        JsonNode both = create(
                w.operatorA(),
                playing(List.of(first, second), List.of(w.communeAId()), once("2027-04-05T06:00:00+07:00")));
        assertThat(both.get("priority").asString()).isEqualTo("PRIORITY");
        assertThat(both.get("title").asString()).isEqualTo("Tin một (+1)");
        String alone = create(
                        w.operatorA(),
                        playing(List.of(first), List.of(w.communeAId()), once("2027-04-05T07:00:00+07:00")))
                .get("id")
                .asString();

        assertThat(admin.post("/api/v1/bulletins/" + first + "/archive", "{}").status())
                .isEqualTo(200);

        JsonNode left = w.operatorA()
                .get("/api/v1/broadcasts/" + both.get("id").asString())
                .json();
        assertThat(left.get("content")
                        .get("items")
                        .valueStream()
                        .map(i -> i.get("bulletinId").asString()))
                .containsExactly(second);
        assertThat(w.operatorA().get("/api/v1/broadcasts/" + alone).text("state"))
                .isEqualTo("ENDED");
    }

    @Test
    void theOpenApiDocumentListsTheSchedulingPaths() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        assertThat(paths.propertyNames())
                .contains(
                        "/api/v1/broadcasts",
                        "/api/v1/broadcasts/{id}",
                        "/api/v1/broadcasts/inbox",
                        "/api/v1/broadcasts/{id}/accept",
                        "/api/v1/areas/{id}/calendar",
                        "/api/v1/missed-plays");
    }

    static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json()
                .get("broadcasts")
                .valueStream()
                .map(b -> b.get("id").asString())
                .toList();
    }

    static List<String> reasons(JsonNode plan) {
        return plan.get("unplaced")
                .valueStream()
                .map(u -> u.get("reason").asString())
                .toList();
    }
}
