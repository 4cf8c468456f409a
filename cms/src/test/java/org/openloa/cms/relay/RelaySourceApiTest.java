package org.openloa.cms.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class RelaySourceApiTest extends ServerTest {

    private static final String PATH = "/api/v1/relay-sources";

    @Test
    void aSourceIsSeenInItsAreasSubtreeAndKeptOnlyByAnAdminReachingIt() {
        TestWorld w = world();
        String vov = created(w.provinceAdmin(), w.provinceId(), "VOV1 " + w.suffix(), "https://vov1.example.vn/live");
        String own = created(w.adminA(), w.communeAId(), "Đài xã An " + w.suffix(), "http://dai-an.example.vn:8000/a");

        // The province's source reaches both communes; the commune's own stays in it (and is seen from above).
        assertThat(names(w.operatorA())).contains("VOV1 " + w.suffix(), "Đài xã An " + w.suffix());
        assertThat(names(w.operatorB())).contains("VOV1 " + w.suffix()).doesNotContain("Đài xã An " + w.suffix());
        assertThat(w.operatorB().get(PATH + "/" + own).status()).isEqualTo(404);
        JsonNode fromAbove = w.provinceAdmin().get(PATH + "/" + own).json();
        assertThat(fromAbove.get("changeable").asBoolean()).isTrue();
        assertThat(fromAbove.get("areaName").asString()).isEqualTo("Xã An " + w.suffix());
        JsonNode fromBelow = w.adminA().get(PATH + "/" + vov).json();
        assertThat(fromBelow.get("url").asString()).isEqualTo("https://vov1.example.vn/live");
        assertThat(fromBelow.get("changeable").asBoolean()).isFalse();

        // A commune admin cannot change the province's source; an operator cannot add one; nobody adds outside reach.
        assertThat(w.adminA()
                        .put(PATH + "/" + vov, body(null, "VOV1", "https://evil.example/x"))
                        .status())
                .isEqualTo(403);
        assertThat(w.adminA().delete(PATH + "/" + vov).status()).isEqualTo(403);
        assertThat(w.operatorA()
                        .post(PATH, body(w.communeAId(), "Kênh X", "https://x.example/x"))
                        .status())
                .isEqualTo(403);
        assertThat(w.adminA()
                        .post(PATH, body(w.communeBId(), "Kênh Y", "https://y.example/y"))
                        .status())
                .isEqualTo(404);
        assertThat(names(w.provinceAdmin())).doesNotContain("Kênh X", "Kênh Y");
        assertThat(w.provinceAdmin().get(PATH + "/" + vov).json().get("url").asString())
                .isEqualTo("https://vov1.example.vn/live");

        // Its admin changes and deletes it.
        Api.Response changed =
                w.adminA().put(PATH + "/" + own, body(null, "Đài xã An " + w.suffix(), "https://dai-an.example.vn/b"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.text("url")).isEqualTo("https://dai-an.example.vn/b");
        assertThat(w.adminA().delete(PATH + "/" + own).status()).isEqualTo(204);
        assertThat(w.adminA().get(PATH + "/" + own).status()).isEqualTo(404);
    }

    @Test
    void aUrlThatIsNotHttpOrHttpsIs422NamingTheFieldAndStoresNothing() {
        TestWorld w = world();
        for (String url : List.of(
                "ftp://radio.example.vn/live",
                "javascript:alert(1)",
                "rtsp://radio.example.vn/live",
                "radio.example.vn/live",
                "https://",
                "https://user:secret@radio.example.vn/live",
                " ")) {
            Api.Response refused = w.provinceAdmin().post(PATH, body(w.provinceId(), "Kênh " + w.suffix(), url));
            assertThat(refused.status()).as(url + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .as(url)
                    .isEqualTo("url");
        }
        Api.Response blankName = w.provinceAdmin().post(PATH, body(w.provinceId(), " ", "https://ok.example/live"));
        assertThat(blankName.status()).isEqualTo(422);
        assertThat(blankName.json().get("errors").get(0).get("field").asString())
                .isEqualTo("name");
        // The national administrator has no area of their own: the area must be named.
        Api.Response noArea = admin.post(PATH, body(null, "Kênh " + w.suffix(), "https://ok.example/live"));
        assertThat(noArea.status()).as(noArea.body()).isEqualTo(422);
        assertThat(noArea.json().get("errors").get(0).get("field").asString()).isEqualTo("areaId");
        assertThat(names(w.provinceAdmin())).noneMatch(n -> n.contains(w.suffix()));

        // A change to a bad URL keeps the good one.
        String id = created(w.provinceAdmin(), w.provinceId(), "VOV2 " + w.suffix(), "https://vov2.example.vn/live");
        Api.Response refused =
                w.provinceAdmin().put(PATH + "/" + id, body(null, "VOV2 " + w.suffix(), "file:///etc/passwd"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(w.provinceAdmin().get(PATH + "/" + id).json().get("url").asString())
                .isEqualTo("https://vov2.example.vn/live");
        // And a second source of the same name in the same area is refused.
        Api.Response twin =
                w.provinceAdmin().post(PATH, body(w.provinceId(), "vov2 " + w.suffix(), "https://other.example/"));
        assertThat(twin.status()).isEqualTo(422);
        assertThat(twin.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    private static String created(Api admin, String areaId, String name, String url) {
        Api.Response created = admin.post(PATH, body(areaId, name, url));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private static Map<String, Object> body(String areaId, String name, String url) {
        Map<String, Object> body = new HashMap<>();
        if (areaId != null) {
            body.put("areaId", areaId);
        }
        body.put("name", name);
        body.put("url", url);
        return body;
    }

    private static List<String> names(Api caller) {
        Api.Response list = caller.get(PATH);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().valueStream().map(s -> s.get("name").asString()).toList();
    }
}
