package org.openloa.cms.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;

class UserApiTest extends ServerTest {

    @Test
    void anAdminCreatesAUserWhoCanThenLogIn() {
        TestWorld w = world();
        Api.Response created = new NewUser(
                        "NguoiMoi" + w.suffix(),
                        "mat-khau-du-dai",
                        "Người Mới",
                        List.of("EDITOR", "APPROVER"),
                        w.communeBId())
                .createdBy(w.provinceAdmin());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.text("username")).isEqualTo("nguoimoi" + w.suffix());
        assertThat(created.json().has("password")).isFalse();
        assertThat(created.body()).doesNotContain("mat-khau-du-dai");

        Api.Response me = api.as("nguoimoi" + w.suffix(), "mat-khau-du-dai").get("/api/v1/users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("roles").valueStream().map(r -> r.asString()))
                .containsExactlyInAnyOrder("EDITOR", "APPROVER");
    }

    @Test
    void aTakenUserNameIs409() {
        TestWorld w = world();
        Api.Response response =
                NewUser.of("opa" + w.suffix(), "VIEWER", w.communeAId()).createdBy(w.provinceAdmin());
        assertThat(response.status()).isEqualTo(409);
    }

    @Test
    void aShortPasswordIs422InTheCallersLanguage() {
        TestWorld w = world();
        Api.Response response = NewUser.of("ngan" + w.suffix(), "VIEWER", w.communeAId())
                .withPassword("ngan")
                .createdBy(w.provinceAdmin().language("vi"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.text("detail")).isEqualTo("Mật khẩu cần ít nhất 10 ký tự.");
    }

    @Test
    void aUserOutsideTheCallersAreaIs404() {
        TestWorld w = world();
        String opB = idOf("opb" + w.suffix(), w.provinceAdmin());
        assertThat(w.adminA().get("/api/v1/users/" + opB).status()).isEqualTo(404);
        assertThat(w.adminA()
                        .patch("/api/v1/users/" + opB, Map.of("enabled", false))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aDisabledUserCannotLogIn() {
        TestWorld w = world();
        String opA = idOf("opa" + w.suffix(), w.adminA());
        assertThat(w.adminA()
                        .patch("/api/v1/users/" + opA, Map.of("enabled", false))
                        .status())
                .isEqualTo(200);
        assertThat(w.operatorA().get("/api/v1/areas").status()).isEqualTo(401);
    }

    @Test
    void anAdminCannotRemoveTheirOwnAdminRole() {
        TestWorld w = world();
        String self = w.adminA().get("/api/v1/users/me").text("id");
        assertThat(w.adminA()
                        .patch("/api/v1/users/" + self, Map.of("roles", List.of("VIEWER")))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void usersChangeTheirOwnPassword() {
        TestWorld w = world();
        assertThat(w.operatorB()
                        .post(
                                "/api/v1/users/me/password",
                                Map.of("currentPassword", "wrong", "newPassword", "another-long-password"))
                        .status())
                .isEqualTo(422);
        assertThat(w.operatorB()
                        .post(
                                "/api/v1/users/me/password",
                                Map.of("currentPassword", TestWorld.PASSWORD, "newPassword", "another-long-password"))
                        .status())
                .isEqualTo(204);
        assertThat(api.as("opb" + w.suffix(), "another-long-password")
                        .get("/api/v1/users/me")
                        .status())
                .isEqualTo(200);
    }

    /** The id of the user so named, as {@code admin} lists them. */
    private static String idOf(String username, Api admin) {
        return admin.get("/api/v1/users")
                .json()
                .valueStream()
                .filter(u -> u.get("username").asString().equals(username))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
    }
}
