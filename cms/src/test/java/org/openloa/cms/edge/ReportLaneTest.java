package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The boxes' reports wait their turn for the database ({@link ReportLane}), through real HTTP: a heartbeat sent
 * while the lane is full is held, stores nothing meanwhile, and is stored once the lane opens; one that waits past
 * the patience (lowered here to a second) is a 503 problem+json with Retry-After and stores nothing, so the box
 * sends it again. The manifest poll does not take the lane.
 */
@TestPropertySource(properties = "openloa.edge.report-patience=PT1S")
class ReportLaneTest extends ServerTest {

    @Autowired
    FilterRegistrationBean<ReportLane> lane;

    @Test
    void aReportWaitsItsTurnThenIsStoredAndOneThatWaitsTooLongIsRefusedWithNothingStored() throws Exception {
        TestWorld w = world();
        EnrolledDevice device = EnrolledDevice.enrol(w.operatorA(), w.villageAId(), api);
        Api box = device.edge(api);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        ReportLane reports = lane.getFilter();
        reports.close();
        try {
            Api.Response refused = box.post("/edge/v1/heartbeat", heartbeat(now, "2.0.0"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(refused.json().get("type").asString()).endsWith("edge-busy");
            assertThat(status(w, device).get("agentVersion").asString()).isEqualTo("0.1.0"); // as enrolled

            // The poll for the plan is not a report: it is answered while the lane is full.
            assertThat(box.get("/edge/v1/manifest").status()).isEqualTo(200);
        } finally {
            reports.open();
        }

        assertThat(box.post("/edge/v1/heartbeat", heartbeat(now, "2.0.0")).status())
                .isEqualTo(204);
        assertThat(status(w, device).get("agentVersion").asString()).isEqualTo("2.0.0");
    }

    @Test
    void aReportHeldWhileTheLaneIsFullIsStoredWhenItOpens() throws Exception {
        TestWorld w = world();
        EnrolledDevice device = EnrolledDevice.enrol(w.operatorA(), w.villageAId(), api);
        Api box = device.edge(api);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ReportLane reports = lane.getFilter();

        reports.close();
        CompletableFuture<Api.Response> held;
        try {
            held = CompletableFuture.supplyAsync(() -> box.post("/edge/v1/heartbeat", heartbeat(now, "2.1.0")));
            Await.until("the heartbeat waiting for the lane", Duration.ofSeconds(30), () -> reports.waiting() == 1);
            assertThat(status(w, device).get("agentVersion").asString()).isEqualTo("0.1.0"); // as enrolled
        } finally {
            reports.open();
        }
        Api.Response answer = held.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
        assertThat(status(w, device).get("agentVersion").asString()).isEqualTo("2.1.0");
    }

    private static JsonNode status(TestWorld w, EnrolledDevice device) {
        return w.operatorA().get("/api/v1/devices/" + device.id()).json().get("status");
    }

    private static Map<String, Object> heartbeat(Instant at, String agentVersion) {
        return EdgeProtocolTest.heartbeat(at, agentVersion, List.of());
    }
}
