package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class RefusalAuditTest extends ServerTest {

    @Test
    void aForbiddenRequestIsAuditedWithTheCallerAndTheAddress() {
        TestWorld w = world();
        assertThat(w.operatorA().get("/api/v1/users").status()).isEqualTo(403);

        List<JsonNode> denied = events(w, "opa" + w.suffix(), "ACCESS_DENIED");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("detail").asString()).isEqualTo("GET /api/v1/users");
        assertThat(denied.get(0).get("remoteAddress").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void aRequestForAnotherAreasObjectIsAudited() {
        TestWorld w = world();
        assertThat(w.operatorA().get("/api/v1/areas/" + w.communeBId()).status())
                .isEqualTo(404);

        List<JsonNode> hidden = events(w, "opa" + w.suffix(), "NOT_FOUND");
        assertThat(hidden).hasSize(1);
        assertThat(hidden.get(0).get("detail").asString()).isEqualTo("GET /api/v1/areas/" + w.communeBId());
    }

    @Test
    void aForbiddenActuatorEndpointIsAudited() {
        TestWorld w = world();
        assertThat(w.adminA().get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(events(w, "adma" + w.suffix(), "ACCESS_DENIED")).hasSize(1);
    }

    @Test
    void aFloodOfRefusalsLeavesAtMostTenRecordsAndOneSummaryPerMinute() {
        TestWorld w = world();
        for (int i = 0; i < 30; i++) {
            assertThat(w.operatorB().get("/api/v1/users").status()).isEqualTo(403);
        }
        String actor = "opb" + w.suffix();
        int recorded = events(w, actor, "ACCESS_DENIED").size();
        int summaries = events(w, actor, "REFUSALS_SUPPRESSED").size();
        // A minute boundary within the loop may start a second allowance; never more.
        assertThat(recorded).isBetween(10, 20);
        assertThat(summaries).isBetween(1, 2);
        assertThat(recorded + summaries).isLessThan(30);
    }

    @Test
    void aFailedEnrolmentIsAuditedWithTheAddress() {
        assertThat(api.anonymous()
                        .post(
                                "/edge/v1/enroll",
                                Map.of(
                                        "enrollmentCode",
                                        "ZZZZ-ZZZZ-ZZZZ",
                                        "hardwareId",
                                        "machine-id:x",
                                        "agentVersion",
                                        "1.0"))
                        .status())
                .isEqualTo(404);
        JsonNode events = admin.get("/api/v1/audit?action=ENROLL_FAILED").json().get("events");
        assertThat(events.valueStream().map(e -> e.get("detail").asString())).contains("enrollment-code-unknown");
        assertThat(events.valueStream().map(e -> e.get("remoteAddress").asString()))
                .containsOnly("127.0.0.1");
    }

    /** Read by the province's administrator: a commune user's refusals are within the province's log. */
    private List<JsonNode> events(TestWorld w, String actor, String action) {
        return w.provinceAdmin()
                .get("/api/v1/audit?actor=" + actor + "&action=" + action + "&size=500")
                .json()
                .get("events")
                .valueStream()
                .toList();
    }
}
