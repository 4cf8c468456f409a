package org.openloa.cms.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class DeviceApiTest extends ServerTest {

    static String device(Api caller, String areaId, String name, List<String> tags) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("areaId", areaId);
        body.put("tags", tags);
        Api.Response created = caller.post("/api/v1/devices", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    @Test
    void anOperatorCreatesADeviceInTheirVillageWithNormalisedTagsAndDefaultSettings() {
        TestWorld w = world();
        Api.Response created = w.operatorA()
                .post(
                        "/api/v1/devices",
                        Map.of(
                                "name",
                                "Cụm loa chợ thôn 1",
                                "areaId",
                                w.villageAId(),
                                "tags",
                                List.of(" Chợ ", "TRƯỜNG học", "chợ"),
                                "lat",
                                16.75,
                                "lon",
                                107.18));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode device = created.json();
        assertThat(created.headers().firstValue("Location"))
                .hasValue("/api/v1/devices/" + device.get("id").asString());
        assertThat(device.get("tags").valueStream().map(JsonNode::asString)).containsExactly("chợ", "trường-học");
        assertThat(device.get("volume").asInt()).isEqualTo(80);
        assertThat(device.get("pollSeconds").asInt()).isEqualTo(60);
        assertThat(device.get("areaName").asString()).isEqualTo("Thôn 1 An " + w.suffix());
        assertThat(device.get("status").get("connection").asString()).isEqualTo("NEVER_SEEN");
        assertThat(device.get("status").get("enrolled").asBoolean()).isFalse();
    }

    @Test
    void aCommuneOperatorNeverSeesAnotherCommunesDevices() {
        TestWorld w = world();
        String a = device(w.operatorA(), w.villageAId(), "Loa A", List.of());
        String b = device(w.operatorB(), w.villageBId(), "Loa B", List.of());

        assertThat(ids(w.operatorA().get("/api/v1/devices"))).containsExactly(a);
        assertThat(w.operatorA().get("/api/v1/devices/" + b).status()).isEqualTo(404);
        assertThat(w.operatorA().get("/api/v1/devices?areaId=" + w.communeBId()).status())
                .isEqualTo(404);
        assertThat(w.operatorA()
                        .patch("/api/v1/devices/" + b, Map.of("name", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(w.operatorA().delete("/api/v1/devices/" + b).status()).isEqualTo(404);
        assertThat(w.operatorA().get("/api/v1/devices/" + b).text("code")).isEqualTo("not-found");
        assertThat(ids(w.provinceAdmin().get("/api/v1/devices"))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aDeviceCannotBePlacedOutsideTheCallersAreas() {
        TestWorld w = world();
        Api.Response response = w.operatorA().post("/api/v1/devices", Map.of("name", "Loa", "areaId", w.villageBId()));
        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void aViewerMayReadButNotCreateDevices() {
        TestWorld w = world();
        Api viewer = TestWorld.user(admin, "xem" + w.suffix(), "VIEWER", w.communeAId());
        String a = device(w.operatorA(), w.villageAId(), "Loa A", List.of());
        assertThat(ids(viewer.get("/api/v1/devices"))).containsExactly(a);
        assertThat(viewer.post("/api/v1/devices", Map.of("name", "Loa", "areaId", w.villageAId()))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.patch("/api/v1/devices/" + a, Map.of("volume", 10)).status())
                .isEqualTo(403);
    }

    @Test
    void badSettingsAre422WithTheFieldNamedInVietnamese() {
        TestWorld w = world();
        String a = device(w.operatorA(), w.villageAId(), "Loa A", List.of());
        Api.Response volume = w.operatorA().patch("/api/v1/devices/" + a, Map.of("volume", 130));
        assertThat(volume.status()).isEqualTo(422);
        assertThat(volume.text("code")).isEqualTo("invalid-volume");
        assertThat(volume.json().get("errors").get(0).get("field").asString()).isEqualTo("volume");
        assertThat(volume.text("detail")).isEqualTo("Âm lượng phải từ 0 đến 100.");
        Api.Response poll = w.operatorA().language("en").patch("/api/v1/devices/" + a, Map.of("pollSeconds", 1));
        assertThat(poll.status()).isEqualTo(422);
        assertThat(poll.text("detail")).isEqualTo("The poll interval must lie between 5 and 3600 seconds.");
        Api.Response tag = w.operatorA()
                .post("/api/v1/devices", Map.of("name", "Loa", "areaId", w.villageAId(), "tags", List.of("chợ/đêm")));
        assertThat(tag.status()).isEqualTo(422);
        assertThat(tag.text("code")).isEqualTo("invalid-tag");
    }

    @Test
    void settingsChangeAndRetiringRevokesButKeepsTheDeviceListed() {
        TestWorld w = world();
        String a = device(w.operatorA(), w.villageAId(), "Loa A", List.of("chợ"));
        JsonNode changed = w.operatorA()
                .patch(
                        "/api/v1/devices/" + a,
                        Map.of("volume", 35, "pollSeconds", 30, "tags", List.of("trường"), "name", "Loa trường"))
                .json();
        assertThat(changed.get("volume").asInt()).isEqualTo(35);
        assertThat(changed.get("pollSeconds").asInt()).isEqualTo(30);
        assertThat(changed.get("name").asString()).isEqualTo("Loa trường");
        assertThat(changed.get("tags").valueStream().map(JsonNode::asString)).containsExactly("trường");

        Api.Response retired = w.operatorA().delete("/api/v1/devices/" + a);
        assertThat(retired.status()).isEqualTo(200);
        assertThat(retired.json().get("status").get("connection").asString()).isEqualTo("RETIRED");
        assertThat(ids(w.operatorA().get("/api/v1/devices"))).isEmpty();
        assertThat(ids(w.operatorA().get("/api/v1/devices?includeRetired=true")))
                .containsExactly(a);
        assertThat(w.operatorA()
                        .patch("/api/v1/devices/" + a, Map.of("volume", 50))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void devicesAreListedByTagAndStatus() {
        TestWorld w = world();
        String market = device(w.operatorA(), w.villageAId(), "Loa chợ", List.of("chợ"));
        device(w.operatorA(), w.communeAId(), "Loa UBND", List.of());
        assertThat(ids(w.operatorA().get("/api/v1/devices?tag=Chợ"))).containsExactly(market);
        assertThat(ids(w.operatorA().get("/api/v1/devices?status=ONLINE"))).isEmpty();
        assertThat(ids(w.operatorA().get("/api/v1/devices?status=NEVER_SEEN&areaId=" + w.villageAId())))
                .containsExactly(market);
    }

    @Test
    void theOpenApiDocumentListsTheDevicePaths() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        assertThat(paths.propertyNames())
                .contains("/api/v1/devices", "/api/v1/devices/{id}", "/api/v1/devices/{id}/plan");
    }

    static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().valueStream().map(d -> d.get("id").asString()).toList();
    }
}
