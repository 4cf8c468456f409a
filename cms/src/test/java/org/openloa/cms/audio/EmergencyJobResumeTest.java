package org.openloa.cms.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.cms.TwoNodes;
import org.openloa.testing.Await;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An emergency's audio job that is queued when cms stops keeps its urgency across the restart (issue 14): the
 * restarted cms, with one processing thread, runs it in the emergency lane at once, ahead of the bulletins' jobs
 * queued before it, rather than after them. The jobs are real ones, queued by a cms whose processing slots were all
 * busy and which was then stopped; the restart is a new cms on that database. On H2, and on PostgreSQL with the database tests.
 */
@Tag("database")
class EmergencyJobResumeTest {

    private static final String PASSWORD = "resume-secret-1234";
    private static final List<String> ONE_THREAD = List.of("--openloa.media.processing-threads=1");
    private static final int ROUTINE_JOBS = 3;

    @Test
    void anEmergencysJobQueuedAtAStopRunsAheadOfTheBulletinsAfterTheRestart() {
        String unique = "resume_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        List<String> database = TwoNodes.database(unique);
        List<UUID> routine = new ArrayList<>();
        UUID emergencyJob;
        String emergency;
        String operator;

        // 1. A cms whose processing is busy (every slot held, the emergencies' one too): the bulletins' recordings
        //    and then an emergency's are queued, in the database and in their lanes, when it stops.
        try (ConfigurableApplicationContext before = TwoNodes.node(1, unique, PASSWORD, database, ONE_THREAD)) {
            IngestSlots slots = before.getBean(IngestSlots.class);
            assertThat(slots.tryTake(Urgency.ROUTINE)).isEqualTo(IngestSlots.Slot.SHARED);
            assertThat(slots.tryTake(Urgency.EMERGENCY)).isEqualTo(IngestSlots.Slot.RESERVED);
            Api admin = new Api(TwoNodes.port(before)).as("admin", PASSWORD);
            JdbcTemplate jdbc = before.getBean(JdbcTemplate.class);
            String province = TestWorld.area(admin, "R" + unique, "Tỉnh Khởi Động Lại", "province", null);
            String commune = TestWorld.area(admin, "R" + unique + "-A", "Xã Khởi Động Lại", "commune", province);
            Api editor = TestWorld.user(admin, "bt" + unique, "EDITOR", commune);
            operator = "op" + unique;
            Api raiser = TestWorld.user(admin, operator, "OPERATOR", commune);
            byte[] longRecording = TestAudio.toneWav(120, 0.3);
            for (int i = 0; i < ROUTINE_JOBS; i++) {
                Api.Response bulletin = editor.post(
                        "/api/v1/bulletins",
                        Map.of(
                                "title", "Bản tin " + i + " " + unique,
                                "category", "thong-bao-ubnd",
                                "body", "Nội dung",
                                "areaId", commune,
                                "priority", "NORMAL"));
                assertThat(bulletin.status()).as(bulletin.body()).isEqualTo(201);
                Api.Response upload = editor.upload(
                        "/api/v1/bulletins/" + bulletin.text("id") + "/audio",
                        "file",
                        "ban-tin.wav",
                        longRecording,
                        "audio/wav");
                assertThat(upload.status()).as(upload.body()).isEqualTo(202);
                routine.add(UUID.fromString(upload.text("id")));
            }
            Api.Response raised = raiser.upload(
                    "/api/v1/emergencies?title=" + URLEncoder.encode("Lũ " + unique, StandardCharsets.UTF_8)
                            + "&areaIds=" + commune,
                    "file",
                    "lu.wav",
                    TestAudio.toneWav(3, 0.3),
                    "audio/wav");
            assertThat(raised.status()).as(raised.body()).isEqualTo(201);
            assertThat(raised.text("state")).isEqualTo("PREPARING");
            emergency = raised.text("id");
            // The database is this test's own: the one job stored as an emergency's is the one just raised.
            emergencyJob = jdbc.queryForObject("select id from media_job where urgency = 'EMERGENCY'", UUID.class);
            assertThat(jdbc.queryForList("select state from media_job", String.class))
                    .as("nothing ran")
                    .hasSize(ROUTINE_JOBS + 1)
                    .containsOnly("QUEUED");
        }

        // 3. The restart: the same node (its data folder holds the recordings), with one processing thread as before.
        try (ConfigurableApplicationContext after = TwoNodes.node(1, unique, PASSWORD, database, ONE_THREAD)) {
            JdbcTemplate jdbc = after.getBean(JdbcTemplate.class);
            Await.until("the emergency's job started", () -> !"QUEUED".equals(state(jdbc, emergencyJob)));
            // Routine work takes its turn on the one thread: the emergency's did not wait for it to end.
            assertThat(routine.stream().map(id -> state(jdbc, id)))
                    .as("the bulletins' jobs when the emergency's started")
                    .contains("QUEUED");
            Await.until(
                    "every resumed job ended",
                    Duration.ofMinutes(3),
                    () -> routine.stream().allMatch(id -> ended(state(jdbc, id))) && ended(state(jdbc, emergencyJob)));
            assertThat(state(jdbc, emergencyJob)).isEqualTo("SUCCEEDED");
            Api operatorAfter = new Api(TwoNodes.port(after)).as(operator, TestWorld.PASSWORD);
            Await.until(
                    "the emergency on air",
                    Await.PATIENCE,
                    () -> operatorAfter.get("/api/v1/emergencies/" + emergency).text("state"),
                    "ON_AIR"::equals);
        }
    }

    private static String state(JdbcTemplate jdbc, UUID job) {
        return jdbc.queryForObject("select state from media_job where id = ?", String.class, job);
    }

    private static boolean ended(String state) {
        return "SUCCEEDED".equals(state) || "FAILED".equals(state);
    }
}
