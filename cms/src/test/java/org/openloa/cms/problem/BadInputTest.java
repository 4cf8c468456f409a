package org.openloa.cms.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import tools.jackson.databind.JsonNode;

/** Inputs an outside test found answered with 500: each is a clear 4xx problem+json now, and changes nothing. */
class BadInputTest extends ServerTest {

    // ---------------------------------------------------------------- JSON that does not fit the shape

    @Test
    void aUserPatchWithAWrongTypeIs400NamingTheFieldAndChangesNothing() {
        TestWorld w = world();
        String id = userId(w, "padmin" + w.suffix());
        String before = admin.get("/api/v1/users/" + id).body();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"roles\":[\"BOGUS\"]}", "roles");
        cases.put("{\"roles\":[5]}", "roles");
        cases.put("{\"areaId\":\"not-a-uuid\"}", "areaId");
        cases.put("{\"enabled\":\"no\"}", "enabled");
        cases.put("5", null);
        cases.put("[]", null);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Api.Response refused = admin.language("en").patchJson("/api/v1/users/" + id, c.getKey());
            assertThat(refused.status()).as(c.getKey() + " → " + refused).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text("code")).isEqualTo("malformed-request");
            if (c.getValue() != null) {
                assertThat(refused.json().get("errors").get(0).get("field").asString())
                        .as(c.getKey())
                        .startsWith(c.getValue());
            }
        }
        assertThat(admin.get("/api/v1/users/" + id).body()).isEqualTo(before);
    }

    @Test
    void aQueryParameterOfTheWrongTypeIs400NamingIt() {
        Api.Response refused = admin.get("/api/v1/bulletins?areaId=not-a-uuid");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("invalid-parameter");
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("areaId");
        assertThat(refused.text("detail")).contains("areaId");
    }

    @Test
    void aNullPlayLogEntryIs400() {
        TestWorld w = world();
        Api box = EnrolledDevice.enrol(w.operatorA(), w.villageAId(), api).edge(api);
        Api.Response refused = box.post("/edge/v1/playlogs", "[null]");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("invalid-play-log");
    }

    // ---------------------------------------------------------------- text

    @Test
    void namesWithNulLoneSurrogatesOrOnlyInvisibleCharactersAre400() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        List<String> bad =
                List.of("Bản tin\\u0000", "\\ud800 lẻ", "\\u200b\\u200c\\u200d", "\\u202e\\u2066\\u2069", " \\ufeff ");
        for (String name : bad) {
            String json = "{\"code\":\"X" + w.suffix() + bad.indexOf(name) + "\",\"name\":\"" + name
                    + "\",\"kind\":\"village\",\"parentId\":\"" + w.communeAId() + "\"}";
            Api.Response area = admin.post("/api/v1/areas", json);
            assertThat(area.status()).as(name + " → " + area).isEqualTo(400);
            assertThat(area.text("code")).isEqualTo("invalid-text");

            Api.Response bulletin = editor.post(
                    "/api/v1/bulletins", "{\"title\":\"" + name + "\",\"category\":\"thong-bao-ubnd\",\"body\":\"x\"}");
            assertThat(bulletin.status()).as(name + " → " + bulletin).isEqualTo(400);

            Api.Response device = w.operatorA()
                    .post("/api/v1/devices", "{\"name\":\"" + name + "\",\"areaId\":\"" + w.villageAId() + "\"}");
            assertThat(device.status()).as(name + " → " + device).isEqualTo(400);

            Api.Response user = admin.post(
                    "/api/v1/users",
                    "{\"username\":\"u" + bad.indexOf(name) + w.suffix() + "\",\"password\":\"" + TestWorld.PASSWORD
                            + "\",\"displayName\":\"" + name + "\",\"roles\":[\"VIEWER\"],\"areaId\":\""
                            + w.communeAId() + "\"}");
            assertThat(user.status()).as(name + " → " + user).isEqualTo(400);
        }
        assertThat(w.provinceAdmin().get("/api/v1/areas").body()).doesNotContain("X" + w.suffix());
    }

    @Test
    void namesAreStoredInNfcAndTrimmed() {
        TestWorld w = world();
        String decomposed = "Xa\u0303 Tie\u0302\u0301n " + w.suffix();
        Api.Response area = admin.post(
                "/api/v1/areas",
                Map.of(
                        "code",
                        "N" + w.suffix(),
                        "name",
                        "  " + decomposed + "  ",
                        "kind",
                        "village",
                        "parentId",
                        w.communeAId()));
        assertThat(area.status()).as(area.toString()).isEqualTo(201);
        assertThat(area.text("name")).isEqualTo("Xã Tiến " + w.suffix());
    }

    @Test
    void anUploadWhoseFileNameHoldsNulIs400() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "nul" + w.suffix(), "EDITOR", w.communeAId());
        String id = editor.post(
                        "/api/v1/bulletins",
                        Map.of("title", "Bản tin", "category", "thong-bao-ubnd", "body", "x", "priority", "NORMAL"))
                .text("id");
        Api.Response refused = editor.upload(
                "/api/v1/bulletins/" + id + "/audio",
                "file",
                "ban\u0000tin.wav",
                TestAudio.toneWav(0.5, 0.1),
                "audio/wav");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        // Tomcat refuses the part's header itself; either way it is a 400 that stores nothing.
        assertThat(refused.text("code")).isIn("invalid-text", "malformed-upload");
        assertThat(editor.get("/api/v1/bulletins/" + id).json().get("audio").isNull())
                .isTrue();
    }

    @Test
    void aRejectionReasonOfAMegabyteIs422NamingTheBound() {
        TestWorld w = world();
        String id = Scheduling.submittedBulletin(admin, w.communeAId(), "Bản tin " + w.suffix(), 0.5, "NORMAL");
        Api approver = TestWorld.user(admin, "rj" + w.suffix(), "APPROVER", w.communeAId());
        Api.Response refused = approver.language("en")
                .post("/api/v1/bulletins/" + id + "/reject", Map.of("reason", "x".repeat(1 << 20)));
        assertThat(refused.status()).as(refused.body().substring(0, 200)).isEqualTo(422);
        assertThat(refused.text("code")).isEqualTo("text-too-long");
        assertThat(refused.text("detail")).contains("2,000");
        assertThat(approver.get("/api/v1/bulletins/" + id).text("status")).isEqualTo("SUBMITTED");
    }

    // ---------------------------------------------------------------- bounds

    @Test
    void anAreaImportNestedDeeperThanTheBoundIsRefusedNamingIt() {
        TestWorld w = world();
        StringBuilder csv = new StringBuilder();
        String parent = "P" + w.suffix() + "-A1";
        for (int i = 0; i < 200; i++) {
            String code = "D" + w.suffix() + "-" + i;
            csv.append(code)
                    .append(",Tầng ")
                    .append(i)
                    .append(",village,")
                    .append(parent)
                    .append('\n');
            parent = code;
        }
        Api.Response report = admin.language("en").postCsv("/api/v1/areas/import", csv.toString());
        assertThat(report.status()).as(report.body()).isEqualTo(422);
        assertThat(report.json().get("imported").asBoolean()).isFalse();
        assertThat(report.body()).contains("at most 8 levels");
        assertThat(admin.get("/api/v1/areas").body()).doesNotContain("D" + w.suffix() + "-0");
    }

    @Test
    void aRecurringScheduleEveryMinuteIsRefusedNamingTheBound() {
        TestWorld w = world();
        List<String> everyMinute = IntStream.range(0, 1440)
                .mapToObj(m -> String.format("%02d:%02d", m / 60, m % 60))
                .toList();
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("type", "RECURRING");
        schedule.put("times", everyMinute);
        schedule.put("startDate", "2027-01-01");
        schedule.put("endDate", "2126-12-31");
        Api.Response refused = w.operatorA()
                .language("en")
                .post("/api/v1/broadcasts", relaying("PT10M", List.of(w.communeAId()), schedule));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.text("code")).isEqualTo("schedule-too-many-times");
        assertThat(refused.text("detail")).contains("48");
    }

    @Test
    void aRecurringScheduleOfTooManyOccurrencesIsRefusedNamingTheBound() {
        TestWorld w = world();
        List<String> times = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            times.add(String.format("%02d:00", h));
        }
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("type", "RECURRING");
        schedule.put("times", times);
        schedule.put("startDate", "2027-01-01");
        schedule.put("endDate", "2027-12-31");
        Api.Response refused = w.operatorA()
                .language("en")
                .post("/api/v1/broadcasts", relaying("PT10M", List.of(w.communeAId()), schedule));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.text("code")).isEqualTo("schedule-too-many-occurrences");
        assertThat(refused.text("detail")).contains("5,000").contains("8,760");

        schedule.put("times", List.of("06:00"));
        schedule.put("endDate", "2126-12-31");
        Api.Response tooLong =
                w.operatorA().post("/api/v1/broadcasts", relaying("PT10M", List.of(w.communeAId()), schedule));
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(422);
        assertThat(tooLong.text("code")).isEqualTo("schedule-too-long");

        schedule.put("endDate", "+99999-01-01");
        Api.Response farOff =
                w.operatorA().post("/api/v1/broadcasts", relaying("PT10M", List.of(w.communeAId()), schedule));
        assertThat(farOff.status()).as(farOff.toString()).isEqualTo(422);
        assertThat(farOff.text("code")).isEqualTo("schedule-date-out-of-range");
    }

    private String userId(TestWorld w, String username) {
        for (JsonNode u : admin.get("/api/v1/users").json()) {
            if (u.get("username").asString().equals(username)) {
                return u.get("id").asString();
            }
        }
        throw new AssertionError("no user " + username);
    }
}
