package org.openloa.cms.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What an operator's monitoring reads (docs/operations.md): the liveness and readiness groups, public and UP with
 * the database in readiness; the Prometheus scrape, for a national ADMIN only, carrying the meters the Grafana
 * dashboard (docs/grafana/openloa.json) plots: polls by answer, upgrade reports by state, the exchange lag.
 */
class OperationsEndpointsTest extends ServerTest {

    @Autowired
    ExchangeLag exchangeLag;

    @Autowired
    org.quartz.Scheduler scheduler;

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
    void thePrometheusScrapeCarriesTheDashboardsMetersForANationalAdminOnly() throws Exception {
        TestWorld w = world();
        Api box = EnrolledDevice.enrol(w.operatorA(), w.villageAId(), api).edge(api);
        String etag = box.get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        assertThat(box.get("/edge/v1/manifest", "If-None-Match", etag).status()).isEqualTo(304);
        Instant now = Instant.now();
        assertThat(box.post("/edge/v1/heartbeat", heartbeat(now, "UPGRADED")).status())
                .isEqualTo(204);
        exchangeLag.applied(now.minusSeconds(120));
        // A relay the box is really sent (a play log must name one), and its proof of play.
        String start = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7))
                .plusMinutes(2)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString();
        org.openloa.cms.broadcast.Scheduling.create(
                w.operatorA(),
                org.openloa.cms.broadcast.Scheduling.relaying(
                        "PT10M", List.of(w.villageAId()), org.openloa.cms.broadcast.Scheduling.once(start)));
        String itemId = null;
        Instant planned = Instant.now().plusSeconds(30);
        while (itemId == null) {
            for (tools.jackson.databind.JsonNode item :
                    box.get("/edge/v1/manifest").json().get("items")) {
                itemId = item.get("id").asString();
            }
            assertThat(Instant.now()).as("the relay reached the box's manifest").isBefore(planned);
        }
        Map<String, Object> played = new LinkedHashMap<>();
        played.put("id", UUID.randomUUID().toString());
        played.put("itemId", itemId);
        played.put("mediaId", null);
        played.put("startedAt", start);
        played.put(
                "endedAt", java.time.OffsetDateTime.parse(start).plusSeconds(10).toString());
        played.put("outcome", "PLAYED");
        played.put("reason", null);
        assertThat(box.post("/edge/v1/playlogs", List.of(played)).status()).isEqualTo(200);
        // The same batch again (a box that lost the answer) stores and counts nothing more.
        assertThat(box.post("/edge/v1/playlogs", List.of(played)).status()).isEqualTo(200);

        assertThat(w.provinceAdmin().get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        String scrape = admin.get("/actuator/prometheus").body();
        assertThat(value(scrape, "openloa_edge_manifest_memory_total\\{answer=\"304\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "openloa_agent_upgrade_reports_total\\{[^}]*state=\"UPGRADED\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "openloa_exchange_lag_seconds(\\{[^}]*})?")).isBetween(119.0, 3600.0);
        double plays = value(scrape, "openloa_plays_total\\{[^}]*outcome=\"PLAYED\"[^}]*}");
        assertThat(plays).isGreaterThanOrEqualTo(1);
        // An upload ingested by this server is timed by kind and outcome.
        Api editor = TestWorld.user(admin, "bientap-" + UUID.randomUUID(), "EDITOR", w.villageAId());
        Api.Response draft = editor.post(
                "/api/v1/bulletins",
                Map.of("title", "Đo thời gian", "category", "thong-bao-ubnd", "body", "Tin", "priority", "NORMAL"));
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        Api.Response upload = editor.upload(
                "/api/v1/bulletins/" + draft.text("id") + "/audio",
                "file",
                "tin.wav",
                org.openloa.cms.TestAudio.toneWav(1, 0.2),
                "audio/wav");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        AudioJobs.succeeded(editor, upload.text("id"));
        // (timed once the job has ended, a moment after its state is committed)
        assertThat(value(
                        awaitSeries(
                                "openloa_audio_ingest_seconds_count\\{[^}]*kind=\"UPLOAD\"[^}]*outcome=\"SUCCEEDED\"[^}]*}"),
                        "openloa_audio_ingest_seconds_count\\{[^}]*kind=\"UPLOAD\"[^}]*outcome=\"SUCCEEDED\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "openloa_audio_ingest_queue(\\{[^}]*})?")).isGreaterThanOrEqualTo(0);

        // One more play log: the counter moves by exactly one (other tests of this server may post their own, so
        // the check is on a fresh log posted here, scraped before and after).
        played.put("id", UUID.randomUUID().toString());
        assertThat(box.post("/edge/v1/playlogs", List.of(played)).status()).isEqualTo(200);
        assertThat(box.post("/edge/v1/playlogs", List.of(played)).status()).isEqualTo(200);
        String after = admin.get("/actuator/prometheus").body();
        assertThat(value(after, "openloa_plays_total\\{[^}]*outcome=\"PLAYED\"[^}]*}"))
                .isEqualTo(plays + 1);

        // Quartz job runs, by the job's class: the housekeeping sweep fired now shows once it has run.
        scheduler.triggerJob(org.quartz.JobKey.jobKey("expiry-sweep", "openloa"));
        String series = "openloa_jobs_runs_seconds_count\\{[^}]*job=\"ExpirySweepJob\"[^}]*outcome=\"ok\"[^}]*}";
        assertThat(value(awaitSeries(series), series)).isGreaterThanOrEqualTo(1);
    }

    /** The scrape once it carries the series (a meter registered by work that ends after the call that began it). */
    private String awaitSeries(String series) {
        return Await.until(
                series + " in the scrape",
                Duration.ofSeconds(30),
                () -> admin.get("/actuator/prometheus").body(),
                scrape ->
                        Pattern.compile("(?m)^" + series + " ").matcher(scrape).find());
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
