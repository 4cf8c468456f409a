package org.openloa.cms.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.database.ClusterNodes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which running audio jobs a node takes over: those of nodes that are dead (silent, or a process on this host
 * that no longer runs), never those of a node that is alive, on this host or another. The jobs here are rows
 * owned by made-up nodes; the real crash is {@code acceptance.AudioJobCrashTest}.
 */
class InterruptedJobRecoveryTest extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ClusterNodes nodes;

    @Autowired
    AudioProcessing processing;

    /** The editor of the last job made by {@link #runningJob}. */
    private Api editor;

    @Test
    void aJobOfAnotherLiveNodeIsLeftRunning() {
        UUID other = node("another-host", 4242, Instant.now());
        UUID job = runningJob(other, 1);

        processing.recoverInterrupted();

        assertThat(state(job)).containsEntry("STATE", "RUNNING").containsEntry("NODE_ID", other);
    }

    @Test
    void aJobOfANodeSilentTooLongIsTakenOver() {
        UUID silent = node("another-host", 4242, Instant.now().minus(Duration.ofMinutes(2)));
        UUID job = runningJob(silent, 1);

        processing.recoverInterrupted();

        // One read: the job queued again may be claimed by this node's processing at any moment after the call.
        Map<String, Object> now = state(job);
        assertThat(now.get("NODE_ID")).isNotEqualTo(silent);
        assertThat(((Number) now.get("ATTEMPTS")).intValue() == 2 || "QUEUED".equals(now.get("STATE")))
                .as("queued again or started again: %s", now)
                .isTrue();
    }

    @Test
    void aJobOfAProcessOnThisHostThatNoLongerRunsIsTakenOverAtOnce() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        UUID earlier = node(thisHost(), ended.pid(), Instant.now());
        UUID job = runningJob(earlier, 2);

        processing.recoverInterrupted();

        assertThat(state(job)).containsEntry("STATE", "FAILED").containsEntry("ERROR_CODE", "INTERRUPTED");
    }

    @Test
    void aJobOfAProcessOnThisHostThatStillRunsIsLeftRunning() throws Exception {
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            UUID neighbour = node(thisHost(), alive.pid(), Instant.now());
            UUID job = runningJob(neighbour, 2);

            processing.recoverInterrupted();

            assertThat(state(job)).containsEntry("STATE", "RUNNING").containsEntry("NODE_ID", neighbour);
        } finally {
            alive.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJobCutOffTwiceFailsWithAReasonTheEditorReads() {
        UUID silent = node("another-host", 4242, Instant.now().minus(Duration.ofMinutes(2)));
        UUID job = runningJob(silent, 2);

        processing.recoverInterrupted();

        Api.Response vi = editor.get("/api/v1/jobs/" + job);
        assertThat(vi.text("state")).as(vi.body()).isEqualTo("FAILED");
        assertThat(vi.text("errorCode")).isEqualTo("INTERRUPTED");
        assertThat(vi.text("error")).contains("gián đoạn hai lần");
        assertThat(editor.language("en").get("/api/v1/jobs/" + job).text("error"))
                .contains("cut off twice");
    }

    private UUID node(String host, long pid, Instant seen) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into cms_node (id, host, pid, started_at, seen_at) values (?, ?, ?, ?, ?)",
                id,
                host,
                pid,
                Timestamp.from(seen.minus(Duration.ofHours(1))),
                Timestamp.from(seen));
        return id;
    }

    private String thisHost() {
        return jdbc.queryForObject("select host from cms_node where id = ?", String.class, nodes.self());
    }

    /** A running job of {@code node} on a fresh bulletin, started {@code attempts} times. */
    private UUID runningJob(UUID node, int attempts) {
        TestWorld world = world();
        editor = TestWorld.user(admin, "bt" + world.suffix(), "EDITOR", world.communeAId());
        Api.Response bulletin = editor.post(
                "/api/v1/bulletins",
                Map.of(
                        "title", "Bản tin " + world.suffix(),
                        "category", "thong-bao-ubnd",
                        "body", "Nội dung",
                        "areaId", world.communeAId(),
                        "priority", "NORMAL"));
        assertThat(bulletin.status()).as(bulletin.body()).isEqualTo(201);
        String areaPath = jdbc.queryForObject(
                "select area_path from bulletin where id = ?", String.class, UUID.fromString(bulletin.text("id")));
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update(
                "insert into media_job (id, bulletin_id, area_path, kind, state, progress, tts_voice, tts_rate,"
                        + " tts_text, created_by, created_at, updated_at, version, node_id, attempts)"
                        + " values (?, ?, ?, 'TTS', 'RUNNING', 0.5, 'vi', 175, 'Xin chào', 'admin', ?, ?, 0, ?, ?)",
                id,
                UUID.fromString(bulletin.text("id")),
                areaPath,
                now,
                now,
                node,
                attempts);
        return id;
    }

    private Map<String, Object> state(UUID job) {
        Map<String, Object> row = new java.util.HashMap<>();
        jdbc.queryForMap("select state, node_id, attempts, error_code from media_job where id = ?", job)
                .forEach((k, v) -> row.put(k.toUpperCase(java.util.Locale.ROOT), v));
        return row;
    }
}
