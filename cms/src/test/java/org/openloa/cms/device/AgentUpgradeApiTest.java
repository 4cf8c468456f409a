package org.openloa.cms.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import tools.jackson.databind.JsonNode;

/**
 * Remote upgrade on the cms side, over real HTTP: the catalogue of agent versions (national ADMIN), an UPGRADE
 * command for one device and a rollout to an area (role and area reach), what the box finds in its manifest, and
 * the box's report of how it went, kept newest-first and shown with the device.
 */
class AgentUpgradeApiTest extends ServerTest {

    static final String SHA = "a".repeat(64);

    @Test
    void aNationalAdminRegistersVersionsAndBadOnesChangeNothing() {
        TestWorld w = world();
        String version = "0.9." + w.suffix();

        Api.Response badSha = admin.post("/api/v1/agent-releases", release(version, "/agent/x.jar", "not-a-sha"));
        assertThat(badSha.status()).isEqualTo(422);
        assertThat(badSha.contentType()).startsWith("application/problem+json");
        assertThat(badSha.body()).contains("sha256");
        Api.Response badUrl = admin.post("/api/v1/agent-releases", release(version, "ftp://x/y.jar", SHA));
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.body()).contains("url");
        Api.Response badVersion = admin.post("/api/v1/agent-releases", release("../etc", "/agent/x.jar", SHA));
        assertThat(badVersion.status()).isEqualTo(422);
        assertThat(badVersion.body()).contains("version");
        assertThat(w.provinceAdmin()
                        .post("/api/v1/agent-releases", release(version, "/agent/x.jar", SHA))
                        .status())
                .as("a province ADMIN does not choose versions for the country")
                .isEqualTo(403);
        assertThat(versions(admin)).doesNotContain(version);

        Api.Response added = admin.post("/api/v1/agent-releases", release(version, "/agent/x.jar", SHA.toUpperCase()));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.text("sha256")).isEqualTo(SHA);
        assertThat(admin.post("/api/v1/agent-releases", release(version, "/agent/y.jar", SHA))
                        .status())
                .isEqualTo(409);
        assertThat(versions(w.operatorA())).contains(version);
    }

    @Test
    void anUpgradeReachesTheBoxWithItsUrlShaAndTrialAndTheBoxReportIsShown() {
        TestWorld w = world();
        String version = "1.0." + w.suffix();
        assertThat(admin.post("/api/v1/agent-releases", release(version, "https://dl.example.vn/a.jar", SHA))
                        .status())
                .isEqualTo(201);
        Box box = box(w.operatorA(), w.villageAId());
        String etag =
                box.edge().get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();

        Api.Response unknown = command(w.operatorA(), box.id(), Map.of("version", "0.0.0-nowhere"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("args.version");
        assertThat(command(w.operatorB(), box.id(), Map.of("version", version)).status())
                .isEqualTo(404);
        Api viewer = TestWorld.user(admin, "vwu" + w.suffix(), "VIEWER", w.communeAId());
        assertThat(command(viewer, box.id(), Map.of("version", version)).status())
                .isEqualTo(403);

        Api.Response issued = command(w.operatorA(), box.id(), Map.of("version", version));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode upgrade = eventually(box, etag).json().get("commands").get(0);
        assertThat(upgrade.get("type").asString()).isEqualTo("UPGRADE");
        assertThat(upgrade.get("args").get("version").asString()).isEqualTo(version);
        assertThat(upgrade.get("args").get("url").asString()).isEqualTo("https://dl.example.vn/a.jar");
        assertThat(upgrade.get("args").get("sha256").asString()).isEqualTo(SHA);
        assertThat(upgrade.get("args").get("trialSeconds").asString()).isEqualTo("300");

        Instant now = Instant.now();
        assertThat(box.edge()
                        .post(
                                "/edge/v1/heartbeat",
                                heartbeat(now, "0.1.0", "ROLLED_BACK", version, "no good poll within 300 s", now))
                        .status())
                .isEqualTo(204);
        // A heartbeat queued during the upgrade arrives late: it does not undo the rollback.
        assertThat(box.edge()
                        .post(
                                "/edge/v1/heartbeat",
                                heartbeat(
                                        now.minusSeconds(60),
                                        "0.1.0",
                                        "UPGRADING",
                                        version,
                                        null,
                                        now.minusSeconds(60)))
                        .status())
                .isEqualTo(204);
        JsonNode status =
                w.operatorA().get("/api/v1/devices/" + box.id()).json().get("status");
        assertThat(status.get("agentVersion").asString()).isEqualTo("0.1.0");
        assertThat(status.get("upgrade").get("state").asString()).isEqualTo("ROLLED_BACK");
        assertThat(status.get("upgrade").get("version").asString()).isEqualTo(version);
        assertThat(status.get("upgrade").get("detail").asString()).contains("no good poll");
    }

    @Test
    void aRolloutUpgradesTheDevicesOfAnAreaInReachOnly() {
        TestWorld w = world();
        String version = "2.0." + w.suffix();
        assertThat(admin.post("/api/v1/agent-releases", release(version, "/agent/b.jar", SHA))
                        .status())
                .isEqualTo(201);
        Box a1 = box(w.operatorA(), w.villageAId());
        Box a2 = box(w.operatorA(), w.communeAId());
        Box b = box(w.operatorB(), w.villageBId());

        assertThat(rollout(w.operatorB(), version, w.communeAId()).status()).isEqualTo(404);
        assertThat(rollout(w.operatorA(), "9.9.9-none", w.communeAId()).status())
                .isEqualTo(422);
        assertThat(rollout(w.operatorA(), version, null).status()).isEqualTo(422);
        Api viewer = TestWorld.user(admin, "vwr" + w.suffix(), "VIEWER", w.communeAId());
        assertThat(rollout(viewer, version, w.communeAId()).status()).isEqualTo(403);
        assertThat(pendingUpgrades(w.operatorA(), a1.id())).isZero();

        Api.Response done = rollout(w.operatorA(), version, w.communeAId());
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("devices").asInt()).isEqualTo(2);
        assertThat(pendingUpgrades(w.operatorA(), a1.id())).isEqualTo(1);
        assertThat(pendingUpgrades(w.operatorA(), a2.id())).isEqualTo(1);
        assertThat(pendingUpgrades(w.operatorB(), b.id())).isZero();
    }

    // ---------------------------------------------------------------- helpers

    record Box(String id, Api edge) {}

    private Box box(Api operator, String areaId) {
        EnrolledDevice device = EnrolledDevice.enrol(operator, areaId, api);
        return new Box(device.id(), device.edge(api));
    }

    private static Map<String, Object> release(String version, String url, String sha256) {
        return Map.of("version", version, "url", url, "sha256", sha256);
    }

    private static List<String> versions(Api caller) {
        return caller.get("/api/v1/agent-releases")
                .json()
                .valueStream()
                .map(r -> r.get("version").asString())
                .toList();
    }

    private static Api.Response command(Api caller, String deviceId, Map<String, String> args) {
        return caller.post("/api/v1/devices/" + deviceId + "/commands", Map.of("type", "UPGRADE", "args", args));
    }

    private static Api.Response rollout(Api caller, String version, String areaId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("areaId", areaId);
        return caller.post("/api/v1/agent-releases/" + version + "/rollouts", body);
    }

    private static long pendingUpgrades(Api caller, String deviceId) {
        return caller.get("/api/v1/devices/" + deviceId + "/commands")
                .json()
                .valueStream()
                .filter(c -> c.get("type").asString().equals("UPGRADE")
                        && c.get("acknowledgedAt").isNull())
                .count();
    }

    private static Map<String, Object> heartbeat(
            Instant at, String agentVersion, String state, String version, String detail, Instant upgradeAt) {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("id", UUID.randomUUID().toString());
        heartbeat.put("at", at.toString());
        heartbeat.put("playingItemId", null);
        heartbeat.put("volume", 80);
        heartbeat.put("freeBytes", 123456789L);
        heartbeat.put("agentVersion", agentVersion);
        heartbeat.put("uptimeS", 42);
        heartbeat.put("cacheComplete", true);
        heartbeat.put("clockSkewMs", 0);
        heartbeat.put("manifestVersion", null);
        heartbeat.put("commandsDone", List.of());
        heartbeat.put("mediaErrors", List.of());
        Map<String, Object> upgrade = new LinkedHashMap<>();
        upgrade.put("state", state);
        upgrade.put("version", version);
        upgrade.put("detail", detail);
        upgrade.put("at", upgradeAt.toString());
        heartbeat.put("upgrade", upgrade);
        return heartbeat;
    }

    private static Api.Response eventually(Box box, String etag) {
        return Await.until(
                "a new manifest",
                Duration.ofSeconds(30),
                () -> box.edge().get("/edge/v1/manifest", "If-None-Match", etag),
                answer -> answer.status() == 200);
    }
}
