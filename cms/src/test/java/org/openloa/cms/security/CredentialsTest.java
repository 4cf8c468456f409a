package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class CredentialsTest extends ServerTest {

    /** 200 characters, every one of them a Vietnamese letter with diacritics or a space: about 400 bytes. */
    static final String LONG_PASSPHRASE =
            ("Trời hôm nay nắng đẹp, bà con nhớ phơi lúa sớm. ".repeat(5)).substring(0, 200);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aTwoHundredCharacterVietnamesePassphraseWorksByFormAndByBasic() {
        assertThat(LONG_PASSPHRASE).hasSize(200);
        assertThat(LONG_PASSPHRASE.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(72);
        TestWorld w = world();
        String username = "dai" + w.suffix();
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        LONG_PASSPHRASE,
                        "roles",
                        List.of("VIEWER"),
                        "areaId",
                        w.communeAId()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertThat(api.as(username, LONG_PASSPHRASE).get("/api/v1/users/me").status())
                .isEqualTo(200);
        assertThat(FormLogin.redirectAfter(baseUrl(), username, LONG_PASSPHRASE))
                .isEqualTo("/");
        // The whole passphrase counts: bcrypt would have taken any text sharing its first 72 bytes.
        assertThat(api.as(username, LONG_PASSPHRASE.substring(0, 199) + "x")
                        .get("/api/v1/users/me")
                        .status())
                .isEqualTo(401);
        assertThat(FormLogin.redirectAfter(baseUrl(), username, LONG_PASSPHRASE.substring(0, 199) + "x"))
                .isEqualTo("/login?error");
    }

    @Test
    void newPasswordsAreStoredWithArgon2() {
        TestWorld w = world();
        assertThat(hashOf("opa" + w.suffix())).startsWith("{argon2}$argon2id$");
    }

    @Test
    void aPasswordHashedWithBcryptStillLogsInAndIsHashedAgainWithArgon2() {
        TestWorld w = world();
        String username = "opb" + w.suffix();
        String bcrypt = new BCryptPasswordEncoder().encode(TestWorld.PASSWORD);
        jdbc.update("update app_user set password_hash = ? where username = ?", "{bcrypt}" + bcrypt, username);

        assertThat(api.as(username, "x".repeat(100)).get("/api/v1/users/me").status())
                .as("longer than bcrypt reads: a plain refusal, not an error")
                .isEqualTo(401);
        assertThat(w.operatorB().get("/api/v1/users/me").status()).isEqualTo(200);
        assertThat(hashOf(username)).startsWith("{argon2}");
        assertThat(w.operatorB().get("/api/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void aBareBcryptHashWithoutPrefixStillLogsIn() {
        TestWorld w = world();
        String username = "opb" + w.suffix();
        jdbc.update(
                "update app_user set password_hash = ? where username = ?",
                new BCryptPasswordEncoder().encode(TestWorld.PASSWORD),
                username);
        assertThat(FormLogin.redirectAfter(baseUrl(), username, TestWorld.PASSWORD))
                .isEqualTo("/");
        assertThat(hashOf(username)).startsWith("{argon2}");
    }

    @Test
    void aPasswordResetByAnAdministratorRevokesTheUsersApiTokens() {
        TestWorld w = world();
        String token =
                w.operatorA().post("/api/v1/tokens", Map.of("name", "script")).text("token");
        assertThat(api.bearer(token).get("/api/v1/users/me").status()).isEqualTo(200);
        String id = w.operatorA().get("/api/v1/users/me").text("id");

        Api.Response reset = w.adminA().patch("/api/v1/users/" + id, Map.of("password", "a-brand-new-password"));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);

        assertThat(api.bearer(token).get("/api/v1/users/me").status()).isEqualTo(401);
        Api.Response tokens = api.as("opa" + w.suffix(), "a-brand-new-password").get("/api/v1/tokens");
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.json().get(0).get("revokedAt").isNull()).isFalse();
    }

    @Test
    void changingOnesOwnPasswordKeepsOnesApiTokens() {
        TestWorld w = world();
        String token =
                w.operatorA().post("/api/v1/tokens", Map.of("name", "script")).text("token");
        assertThat(w.operatorA()
                        .post(
                                "/api/v1/users/me/password",
                                Map.of("currentPassword", TestWorld.PASSWORD, "newPassword", "my-own-new-password"))
                        .status())
                .isEqualTo(204);
        assertThat(api.bearer(token).get("/api/v1/users/me").status()).isEqualTo(200);
    }

    private String hashOf(String username) {
        return jdbc.queryForObject("select password_hash from app_user where username = ?", String.class, username);
    }
}
