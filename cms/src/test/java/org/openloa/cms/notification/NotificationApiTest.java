package org.openloa.cms.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.cms.device.DeviceService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Who is told of what, through the API: approvers of the bulletin's areas (not its author, not another commune's),
 * the author of the decision with its reason, a commune's operators of an offer from the province (not the
 * province), operators of a box gone offline in their commune only; choices that switch a kind off; and that
 * nobody reads or marks another's notifications.
 */
class NotificationApiTest extends ServerTest {

    @Autowired
    DeviceService devices;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void approversAreToldOfASubmissionAndTheAuthorOfTheDecisionWithinTheirAreasOnly() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        Api approverA = TestWorld.user(admin, "apa" + w.suffix(), "APPROVER", w.communeAId());
        Api approverP = TestWorld.user(admin, "app" + w.suffix(), "APPROVER", w.provinceId());
        Api approverB = TestWorld.user(admin, "apb" + w.suffix(), "APPROVER", w.communeBId());
        String title = "Lịch tiêm phòng " + w.suffix();
        String id = bulletinWithAudio(editor, title);

        submit(editor, id);
        JsonNode toldA = mine(approverA);
        assertThat(toldA.get("unread").asLong()).isEqualTo(1);
        JsonNode item = toldA.get("items").get(0);
        assertThat(item.get("kind").asString()).isEqualTo("BULLETIN_SUBMITTED");
        assertThat(item.get("subject").asString()).isEqualTo(title);
        assertThat(item.get("link").asString()).isEqualTo("/bulletins/" + id);
        assertThat(mine(approverP).get("unread").asLong()).isEqualTo(1);
        assertThat(mine(approverB).get("items").size())
                .as("another commune's approver")
                .isZero();
        assertThat(mine(editor).get("items").size())
                .as("the author is not told of their own submission")
                .isZero();
        assertThat(mine(w.operatorA()).get("items").size())
                .as("not an approver")
                .isZero();

        // approver A switches submissions off; approver P rejects with a reason
        Api.Response off = approverA.put(
                "/api/v1/notifications/preferences",
                Map.of("kinds", List.of(Map.of("kind", "BULLETIN_SUBMITTED", "enabled", false, "byEmail", false))));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        Api.Response rejected =
                approverP.post("/api/v1/bulletins/" + id + "/reject", Map.of("reason", "Sai ngày tiêm"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        JsonNode toldEditor = mine(editor).get("items").get(0);
        assertThat(toldEditor.get("kind").asString()).isEqualTo("BULLETIN_REJECTED");
        assertThat(toldEditor.get("detail").asString()).isEqualTo("Sai ngày tiêm");

        submit(editor, id);
        assertThat(mine(approverA).get("items").size()).as("switched off").isEqualTo(1);
        assertThat(mine(approverP).get("unread").asLong()).isEqualTo(2);
        assertThat(approverP.post("/api/v1/bulletins/" + id + "/approve", "{}").status())
                .isEqualTo(200);
        assertThat(mine(editor).get("items").get(0).get("kind").asString()).isEqualTo("BULLETIN_APPROVED");
        assertThat(mine(approverB).get("items").size()).isZero();
    }

    @Test
    void onlyTheOwnerReadsAndMarksTheirNotifications() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        Api approver = TestWorld.user(admin, "ap" + w.suffix(), "APPROVER", w.communeAId());
        Api otherApprover = TestWorld.user(admin, "ap2" + w.suffix(), "APPROVER", w.communeAId());
        submit(editor, bulletinWithAudio(editor, "Họp dân " + w.suffix()));
        String id = mine(approver).get("items").get(0).get("id").asString();

        assertThat(otherApprover
                        .post("/api/v1/notifications/" + id + "/read", "{}")
                        .status())
                .as("another's notification does not exist for them")
                .isEqualTo(404);
        assertThat(admin.post("/api/v1/notifications/" + id + "/read", "{}").status())
                .as("not even for the national administrator")
                .isEqualTo(404);
        assertThat(mine(approver).get("unread").asLong()).isEqualTo(1);
        assertThat(approver.post("/api/v1/notifications/" + id + "/read", "{}").status())
                .isEqualTo(204);
        assertThat(approver.post("/api/v1/notifications/" + id + "/read", "{}").status())
                .as("again is harmless")
                .isEqualTo(204);
        JsonNode after = mine(approver);
        assertThat(after.get("unread").asLong()).isZero();
        assertThat(after.get("items").get(0).get("readAt").isNull()).isFalse();
        assertThat(mine(otherApprover).get("unread").asLong())
                .as("their own copy is untouched")
                .isEqualTo(1);
        assertThat(otherApprover.post("/api/v1/notifications/read-all", "{}").status())
                .isEqualTo(204);
        assertThat(mine(otherApprover).get("unread").asLong()).isZero();
        assertThat(approver.post("/api/v1/notifications/" + UUID.randomUUID() + "/read", "{}")
                        .status())
                .isEqualTo(404);
        assertThat(approver.post("/api/v1/notifications/not-an-id/read", "{}").status())
                .isEqualTo(400);
        assertThat(api.anonymous().get("/api/v1/notifications").status()).isEqualTo(401);
    }

    @Test
    void aCommunesOperatorsAreToldOfAnOfferAndOfTheirOwnBoxesGoingOffline() {
        TestWorld w = world();
        Api provinceOperator = TestWorld.user(admin, "pop" + w.suffix(), "OPERATOR", w.provinceId());
        String title = "Tiếp sóng VOV " + w.suffix();
        Map<String, Object> body =
                Scheduling.relaying("PT20M", List.of(w.communeAId()), Scheduling.once(Scheduling.at(1, "18:00")));
        body.put("title", title);
        Scheduling.create(w.provinceAdmin(), body);

        JsonNode offer = mine(w.operatorA()).get("items").get(0);
        assertThat(offer.get("kind").asString()).isEqualTo("OFFER_RECEIVED");
        assertThat(offer.get("link").asString()).isEqualTo("/broadcasts/inbox");
        assertThat(mine(w.adminA()).get("items").get(0).get("kind").asString()).isEqualTo("OFFER_RECEIVED");
        assertThat(mine(w.operatorB()).get("items").size())
                .as("not offered to commune B")
                .isZero();
        assertThat(mine(provinceOperator).get("items").size())
                .as("the province sent it")
                .isZero();

        String loaA = Scheduling.device(w.operatorA(), w.villageAId(), "Loa chợ " + w.suffix());
        String loaB = Scheduling.device(w.operatorB(), w.villageBId(), "Loa đình " + w.suffix());
        Instant longAgo = Instant.now().minusSeconds(3600);
        for (String device : List.of(loaA, loaB)) {
            jdbc.update(
                    "update device set last_seen_at = ? where id = ?",
                    Timestamp.from(longAgo),
                    UUID.fromString(device));
        }
        // what the offline job does on its next beat
        transaction.executeWithoutResult(s -> devices.markOffline(Instant.now()));
        transaction.executeWithoutResult(s -> devices.markOffline(Instant.now().plusSeconds(60)));

        List<JsonNode> offlineA = kinds(w.operatorA(), "DEVICE_OFFLINE");
        assertThat(offlineA).as("told once, not at every beat").hasSize(1);
        assertThat(offlineA.get(0).get("subjectId").asString()).isEqualTo(loaA);
        assertThat(offlineA.get(0).get("link").asString()).isEqualTo("/devices/" + loaA);
        List<JsonNode> offlineB = kinds(w.operatorB(), "DEVICE_OFFLINE");
        assertThat(offlineB).hasSize(1);
        assertThat(offlineB.get(0).get("subjectId").asString()).isEqualTo(loaB);
        assertThat(kinds(w.provinceAdmin(), "DEVICE_OFFLINE")).hasSize(2);
    }

    @Test
    void choicesAreCheckedAndRefusedWhole() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ed" + w.suffix(), "EDITOR", w.communeAId());
        JsonNode standard = editor.get("/api/v1/notifications/preferences").json();
        assertThat(standard.get("kinds").valueStream().map(k -> k.get("kind").asString()))
                .containsExactly("BULLETIN_APPROVED", "BULLETIN_REJECTED");
        assertThat(standard.get("mailConfigured").asBoolean())
                .as("no spring.mail.host here")
                .isFalse();

        Api.Response notMine = editor.put(
                "/api/v1/notifications/preferences",
                Map.of(
                        "email",
                        "bt@xa-an.gov.vn",
                        "kinds",
                        List.of(Map.of("kind", "DEVICE_OFFLINE", "enabled", false, "byEmail", false))));
        assertThat(notMine.status()).as(notMine.body()).isEqualTo(422);
        assertThat(notMine.body()).contains("kind");
        assertThat(editor.get("/api/v1/notifications/preferences")
                        .json()
                        .get("email")
                        .isNull())
                .as("nothing changed")
                .isTrue();

        Api.Response badEmail = editor.put("/api/v1/notifications/preferences", Map.of("email", "not an address"));
        assertThat(badEmail.status()).as(badEmail.body()).isEqualTo(422);
        assertThat(badEmail.body()).contains("\"email\"");
        Api.Response badKind = editor.put(
                "/api/v1/notifications/preferences", Map.of("kinds", List.of(Map.of("kind", "NOPE", "enabled", true))));
        assertThat(badKind.status()).as(badKind.body()).isEqualTo(400);

        Api.Response saved = editor.put(
                "/api/v1/notifications/preferences",
                Map.of(
                        "email",
                        "bt@xa-an.gov.vn",
                        "kinds",
                        List.of(Map.of("kind", "BULLETIN_REJECTED", "enabled", true, "byEmail", true))));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        JsonNode now = editor.get("/api/v1/notifications/preferences").json();
        assertThat(now.get("email").asString()).isEqualTo("bt@xa-an.gov.vn");
        assertThat(now.get("kinds").get(1).get("byEmail").asBoolean()).isTrue();
        assertThat(now.get("kinds").get(0).get("byEmail").asBoolean()).isFalse();
    }

    @Test
    void onlyAnAdministratorOfTheAreaSetsItsWebhook() {
        TestWorld w = world();
        String hook = "/api/v1/notifications/webhooks/" + w.communeAId();
        Map<String, Object> good = Map.of("url", "https://chat.example.vn/hook", "secret", "a-secret-of-20-chars");
        assertThat(w.operatorA().put(hook, good).status()).isEqualTo(403);
        assertThat(w.operatorB().put(hook, good).status())
                .as("outside their commune")
                .isEqualTo(404);
        assertThat(w.adminA()
                        .put("/api/v1/notifications/webhooks/" + w.communeBId(), good)
                        .status())
                .isEqualTo(404);
        Api.Response noSecret = w.adminA().put(hook, Map.of("url", "https://chat.example.vn/hook"));
        assertThat(noSecret.status()).isEqualTo(422);
        assertThat(noSecret.body()).contains("secret");
        Api.Response badUrl = w.adminA().put(hook, Map.of("url", "ftp://x", "secret", "a-secret-of-20-chars"));
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.body()).contains("url");
        assertThat(w.adminA().get(hook).json().get("url").isNull())
                .as("nothing was set")
                .isTrue();

        Api.Response set = w.adminA().put(hook, good);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).doesNotContain("a-secret-of-20-chars");
        assertThat(set.json().get("secretSet").asBoolean()).isTrue();
        Api.Response kept =
                w.provinceAdmin().put(hook, Map.of("url", "https://chat.example.vn/other", "enabled", false));
        assertThat(kept.status()).as("a blank secret keeps the one set").isEqualTo(200);
        assertThat(kept.json().get("enabled").asBoolean()).isFalse();
    }

    private static String bulletinWithAudio(Api editor, String title) {
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of("title", title, "category", "thong-bao-ubnd", "body", "Nội dung", "priority", "NORMAL"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        Api.Response upload = editor.upload(
                "/api/v1/bulletins/" + id + "/audio", "file", "tin.wav", TestAudio.toneWav(1.0, 0.1), "audio/wav");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        AudioJobs.succeeded(editor, upload.text("id"));
        return id;
    }

    private static void submit(Api editor, String id) {
        Api.Response submitted = editor.post("/api/v1/bulletins/" + id + "/submit", "{}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
    }

    static JsonNode mine(Api caller) {
        Api.Response response = caller.get("/api/v1/notifications");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<JsonNode> kinds(Api caller, String kind) {
        return mine(caller)
                .get("items")
                .valueStream()
                .filter(n -> n.get("kind").asString().equals(kind))
                .toList();
    }
}
