package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;

class ApiTokenTest extends ServerTest {

    @Test
    void aPersonalTokenActsAsItsOwnerUntilRevoked() {
        TestWorld w = world();
        Api.Response created = w.operatorA().post("/api/v1/tokens", Map.of("name", "script"));
        assertThat(created.status()).isEqualTo(201);
        String token = created.text("token");
        assertThat(token).startsWith("olt_");

        Api tokenCaller = api.bearer(token);
        assertThat(tokenCaller.get("/api/v1/users/me").text("username")).isEqualTo("opa" + w.suffix());
        assertThat(tokenCaller.get("/api/v1/areas/" + w.communeBId()).status()).isEqualTo(404);

        assertThat(w.operatorA().get("/api/v1/tokens").json().get(0).has("token"))
                .isTrue();
        assertThat(w.operatorA()
                        .get("/api/v1/tokens")
                        .json()
                        .get(0)
                        .get("token")
                        .isNull())
                .isTrue();

        assertThat(w.operatorA().delete("/api/v1/tokens/" + created.text("id")).status())
                .isEqualTo(204);
        Api.Response afterRevoke = tokenCaller.get("/api/v1/users/me");
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUnknownTokenIs401() {
        assertThat(api.bearer("olt_made-up").get("/api/v1/areas").status()).isEqualTo(401);
    }

    @Test
    void nobodyRevokesAnotherUsersToken() {
        TestWorld w = world();
        String id = w.operatorA().post("/api/v1/tokens", Map.of("name", "mine")).text("id");
        assertThat(w.operatorB().delete("/api/v1/tokens/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(404);
    }
}
