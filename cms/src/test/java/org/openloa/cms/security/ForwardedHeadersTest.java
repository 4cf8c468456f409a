package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

/** The test client is on loopback, which Tomcat's default would trust as a proxy; here no one is. */
class ForwardedHeadersTest extends ServerTest {

    @Test
    void aForgedXForwardedForChangesNeitherTheThrottledAddressNorTheAuditedOne() {
        TestWorld w = world();
        String username = "opa" + w.suffix();
        Api wrong = api.as(username, "wrong-password");
        for (int i = 0; i < 5; i++) {
            assertThat(wrong.get("/api/v1/areas", "X-Forwarded-For", "203.0.113." + i)
                            .status())
                    .isEqualTo(401);
        }
        // Each attempt claimed another address; had it been believed, the right password would pass.
        assertThat(api.as(username, TestWorld.PASSWORD)
                        .get("/api/v1/areas", "X-Forwarded-For", "198.51.100.7")
                        .status())
                .isEqualTo(429);

        JsonNode events = admin.get("/api/v1/audit?actor=" + username).json().get("events");
        assertThat(events.valueStream()
                        .filter(e -> e.get("action").asString().startsWith("LOGIN_"))
                        .map(e -> e.get("remoteAddress").asString())
                        .distinct()
                        .toList())
                .containsExactly("127.0.0.1");
    }

    @Test
    void aForgedXForwardedForDoesNotChangeTheAddressOfAFailedEnrolment() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/enroll"))
                                .header("Content-Type", "application/json")
                                .header("X-Forwarded-For", "203.0.113.9")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"enrollmentCode\":\"ZZZZ-ZZZZ-ZZZZ\",\"hardwareId\":\"machine-id:x\",\"agentVersion\":\"1.0\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(404);
        JsonNode events =
                admin.get("/api/v1/audit?action=ENROLL_FAILED&size=500").json().get("events");
        assertThat(events.valueStream()
                        .map(e -> e.get("remoteAddress").asString())
                        .distinct()
                        .toList())
                .contains("127.0.0.1")
                .doesNotContain("203.0.113.9");
    }
}
