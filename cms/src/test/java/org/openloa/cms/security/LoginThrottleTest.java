package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;

class LoginThrottleTest extends ServerTest {

    @Test
    void repeatedFailedLoginsAreThrottledEvenWithTheRightPasswordAfterwards() {
        TestWorld w = world();
        Api wrong = api.as("opa" + w.suffix(), "wrong-password");
        for (int i = 0; i < 5; i++) {
            assertThat(wrong.get("/api/v1/areas").status()).isEqualTo(401);
        }
        Api.Response throttled = api.as("opa" + w.suffix(), TestWorld.PASSWORD).get("/api/v1/areas");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.text("code")).isEqualTo("login-throttled");

        // Another user from the same address is not affected.
        assertThat(w.operatorB().get("/api/v1/areas").status()).isEqualTo(200);
    }

    @Test
    void failedAndThrottledLoginsAreAudited() {
        TestWorld w = world();
        Api wrong = api.as("opb" + w.suffix(), "wrong-password");
        for (int i = 0; i < 6; i++) {
            wrong.get("/api/v1/areas");
        }
        var events = w.provinceAdmin()
                .get("/api/v1/audit?actor=opb" + w.suffix())
                .json()
                .get("events");
        assertThat(events.valueStream().map(e -> e.get("action").asString()).toList())
                .contains("LOGIN_FAILED", "LOGIN_THROTTLED");
        assertThat(events.get(0).get("remoteAddress").asString()).isEqualTo("127.0.0.1");
    }
}
