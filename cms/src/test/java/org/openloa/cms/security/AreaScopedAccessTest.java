package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.user.NewUser;
import tools.jackson.databind.JsonNode;

class AreaScopedAccessTest extends ServerTest {

    @Test
    void withoutCredentialsTheApiAnswers401AsProblemJson() {
        Api.Response response = api.get("/api/v1/areas");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo("unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("Basic"));
    }

    @Test
    void wrongPasswordIs401() {
        assertThat(api.as("admin", "not-the-password").get("/api/v1/areas").status())
                .isEqualTo(401);
    }

    @Test
    void operatorOfCommuneSeesOnlyTheirSubtree() {
        TestWorld w = world();
        List<String> ids = ids(w.operatorA().get("/api/v1/areas").json());
        assertThat(ids).containsExactlyInAnyOrder(w.communeAId(), w.villageAId());
    }

    @Test
    void operatorOfCommuneGets404ForAnotherCommune() {
        TestWorld w = world();
        Api.Response response = w.operatorA().get("/api/v1/areas/" + w.communeBId());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(w.operatorA().get("/api/v1/areas/" + w.provinceId()).status())
                .isEqualTo(404);
        assertThat(w.operatorA().get("/api/v1/areas/" + w.villageAId()).status())
                .isEqualTo(200);
    }

    @Test
    void operatorCannotCreateUsers() {
        TestWorld w = world();
        Api.Response response =
                NewUser.of("x" + w.suffix(), "VIEWER", w.communeAId()).createdBy(w.operatorA());
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text("code")).isEqualTo("forbidden");
        assertThat(w.operatorA().get("/api/v1/users").status()).isEqualTo(403);
    }

    @Test
    void operatorCannotCreateAreas() {
        TestWorld w = world();
        assertThat(w.operatorA()
                        .post(
                                "/api/v1/areas",
                                Map.of(
                                        "code",
                                        "Z" + w.suffix(),
                                        "name",
                                        "Thôn Z",
                                        "kind",
                                        "village",
                                        "parentId",
                                        w.communeAId()))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void nationalAdminSeesEveryArea() {
        TestWorld w = world();
        List<String> ids = ids(admin.get("/api/v1/areas").json());
        assertThat(ids).contains(w.provinceId(), w.communeAId(), w.villageAId(), w.communeBId(), w.villageBId());
    }

    @Test
    void provinceAdminSeesTheProvinceButNotAnotherProvince() {
        TestWorld w = world();
        TestWorld other = world();
        List<String> ids = ids(w.provinceAdmin().get("/api/v1/areas").json());
        assertThat(ids)
                .contains(w.provinceId(), w.communeAId(), w.communeBId())
                .doesNotContain(other.provinceId(), other.communeAId());
    }

    @Test
    void communeAdminCannotGrantAnAreaOutsideTheirCommune() {
        TestWorld w = world();
        Api.Response response =
                NewUser.of("y" + w.suffix(), "OPERATOR", w.communeBId()).createdBy(w.adminA());
        assertThat(response.status()).isEqualTo(404);
        Api.Response own =
                NewUser.of("z" + w.suffix(), "OPERATOR", w.villageAId()).createdBy(w.adminA());
        assertThat(own.status()).isEqualTo(201);
    }

    @Test
    void communeAdminListsOnlyUsersOfTheirCommune() {
        TestWorld w = world();
        List<String> names = w.adminA()
                .get("/api/v1/users")
                .json()
                .valueStream()
                .map(u -> u.get("username").asString())
                .toList();
        assertThat(names)
                .contains("opa" + w.suffix(), "adma" + w.suffix())
                .doesNotContain("opb" + w.suffix(), "padmin" + w.suffix(), "admin");
    }

    @Test
    void malformedJsonIs400ProblemInVietnamese() {
        Api.Response response = admin.language("vi").post("/api/v1/areas", "{\"code\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo("malformed-request");
        assertThat(response.text("detail")).contains("không phải JSON hợp lệ");
    }

    @Test
    void problemsAreInEnglishWhenAsked() {
        Api.Response response = admin.language("en-US,en;q=0.9").post("/api/v1/areas", "not json");
        assertThat(response.text("detail")).contains("not valid JSON");
    }

    @Test
    void problemsAreVietnameseByDefault() {
        assertThat(admin.post("/api/v1/areas", "[").text("detail")).contains("JSON");
        assertThat(admin.post("/api/v1/areas", "[").text("title")).isEqualTo("Yêu cầu không hợp lệ");
    }

    @Test
    void missingFieldsAreNamed() {
        Api.Response response = admin.language("en").post("/api/v1/areas", Map.of("name", "Xã thiếu mã"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString())
                        .toList())
                .contains("code", "kind");
    }

    private static List<String> ids(JsonNode areas) {
        return areas.valueStream().map(a -> a.get("id").asString()).toList();
    }
}
