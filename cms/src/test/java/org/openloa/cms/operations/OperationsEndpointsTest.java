package org.openloa.cms.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What an operator's monitoring reads (docs/operations.md): the liveness and readiness groups, public and UP with
 * the database in readiness; the Prometheus scrape, for a national ADMIN only, carrying the meters the Grafana
 * dashboard (docs/grafana/openloa.json) plots: polls by answer, upgrade reports by state, the exchange lag.
 */
class OperationsEndpointsTest extends ServerTest {

    @Autowired
    ExchangeLag exchangeLag;

    @Test
    void livenessAndReadinessArePublicAndUp() {
        Api.Response live = api.anonymous().get("/actuator/health/liveness");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().get("status").asString()).isEqualTo("UP");

        Api.Response ready = api.anonymous().get("/actuator/health/readiness");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void thePrometheusScrapeCarriesTheDashboardsMetersForANationalAdminOnly() {
        TestWorld w = world();
        Api.Response created = w.operatorA()
                .post("/api/v1/devices", Map.of("name", "Loa " + UUID.randomUUID(), "areaId", w.villageAId()));
        Api.Response enrolled = api.anonymous()
                .post(
                        "/edge/v1/enroll",
                        Map.of(
                                "enrollmentCode",
                                created.text("enrollmentCode"),
                                "hardwareId",
                                "hw-" + UUID.randomUUID(),
                                "agentVersion",
                                "0.1.0"));
        Api box = api.bearer(enrolled.text("credential"));
        String etag = box.get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        assertThat(box.get("/edge/v1/manifest", "If-None-Match", etag).status()).isEqualTo(304);
        Instant now = Instant.now();
        assertThat(box.post("/edge/v1/heartbeat", heartbeat(now, "UPGRADED")).status())
                .isEqualTo(204);
        exchangeLag.applied(now.minusSeconds(120));

        assertThat(w.provinceAdmin().get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        String scrape = admin.get("/actuator/prometheus").body();
        assertThat(value(scrape, "openloa_edge_manifest_memory_total\\{answer=\"304\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "openloa_agent_upgrade_reports_total\\{[^}]*state=\"UPGRADED\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "openloa_exchange_lag_seconds(\\{[^}]*})?")).isBetween(119.0, 3600.0);
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(scrape);
        // the value is the last group: a series pattern may have groups of its own
        assertThat(m.find()).as(series + " in the scrape").isTrue();
        return Double.parseDouble(m.group(m.groupCount()));
    }

    private static Map<String, Object> heartbeat(Instant at, String state) {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("id", UUID.randomUUID().toString());
        heartbeat.put("at", at.toString());
        heartbeat.put("volume", 80);
        heartbeat.put("freeBytes", 1000L);
        heartbeat.put("agentVersion", "0.2.0");
        heartbeat.put("uptimeS", 5);
        heartbeat.put("cacheComplete", true);
        heartbeat.put("clockSkewMs", 0);
        heartbeat.put("commandsDone", List.of());
        heartbeat.put("mediaErrors", List.of());
        heartbeat.put("upgrade", Map.of("state", state, "version", "0.2.0", "at", at.toString()));
        return heartbeat;
    }
}
