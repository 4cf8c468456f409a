package org.openloa.cms.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.TestDatabase;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;

/**
 * A write the API has acknowledged is there after the process dies. A real cms JVM takes play-log batches
 * from several concurrent clients (fresh ids each), heartbeats and an approval, and is killed with SIGKILL
 * while they run; restarted on the same data, it holds every acknowledged play log exactly once, each
 * device's newest acknowledged heartbeat and the approval. On the embedded H2 file database and on
 * PostgreSQL.
 */
@Tag("crash")
class CrashDurabilityTest {

    private static final int DEVICES = 4;
    private static final int CLIENTS_PER_DEVICE = 2;
    private static final int BATCH = 50;

    /** Generous: a start takes 20 s on an idle machine, minutes on a shared, loaded one. */
    private static final Duration STARTS_WITHIN = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private CmsProcess cms;

    @AfterEach
    void stop() throws InterruptedException {
        if (cms != null) {
            cms.close();
        }
    }

    @Test
    void everyWriteAcknowledgedBeforeAKillIsThereAfterTheRestartOnH2() throws Exception {
        Path data = dir.resolve("cms-data");
        cms = CmsProcess.on(data, dir.resolve("cms.log"));
        Acknowledged acknowledged = loadAndKill();
        cms.start(STARTS_WITHIN);
        assertApprovalSurvived(acknowledged);
        cms.stop(); // H2 opens its file for one process only
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("openloa"), "openloa", "")) {
            assertEverythingStored(db, acknowledged);
        }
    }

    @Test
    void everyWriteAcknowledgedBeforeAKillIsThereAfterTheRestartOnPostgreSql() throws Exception {
        EmbeddedPostgres postgres = TestDatabase.postgres();
        String database = "crash_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
            // as docs/deployment.md asks of a production server (the embedded one defaults to off)
            s.execute("alter database " + database + " set synchronous_commit = on");
        }
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
        cms = CmsProcess.on(dir.resolve("cms-data"), dir.resolve("cms.log"))
                .with(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres");
        Acknowledged acknowledged = loadAndKill();
        cms.start(STARTS_WITHIN);
        assertApprovalSurvived(acknowledged);
        try (Connection db = DriverManager.getConnection(url, "postgres", "postgres")) {
            assertEverythingStored(db, acknowledged);
        }
    }

    /** What the server answered 2xx to before it died. */
    record Acknowledged(Set<UUID> playLogs, Map<UUID, Instant> newestHeartbeat, String approvedBulletin, Api admin) {}

    private Acknowledged loadAndKill() throws Exception {
        cms.start(STARTS_WITHIN);
        Api admin = cms.admin();
        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String province = TestWorld.area(admin, "K" + s, "Tỉnh Sập Nguồn " + s, "province", null);
        String commune = TestWorld.area(admin, "K" + s + "-A", "Xã Sập Nguồn " + s, "commune", province);
        Api operator = TestWorld.user(admin, "vh" + s, "OPERATOR", commune);
        Api approver = TestWorld.user(admin, "pd" + s, "APPROVER", commune);
        String bulletin = Scheduling.submittedBulletin(admin, commune, "Thông báo mất điện " + s, 2.0, "NORMAL");

        Map<UUID, Api> devices = new HashMap<>();
        for (int i = 0; i < DEVICES; i++) {
            EnrolledDevice enrolled = EnrolledDevice.enrol(
                    operator, Map.of("name", "Loa " + s + " " + i, "areaId", commune, "tags", List.of()), cms.api());
            devices.put(UUID.fromString(enrolled.id()), enrolled.edge(cms.api()));
        }

        // Play logs are accepted only for items the device was sent: one relay a few minutes ahead, in every
        // device's manifest, is what the clients report as played.
        Scheduling.create(
                operator,
                Scheduling.relaying(
                        "PT10M",
                        List.of(commune),
                        Scheduling.once(OffsetDateTime.now(ZoneOffset.ofHours(7))
                                .plusMinutes(2)
                                .truncatedTo(ChronoUnit.MINUTES)
                                .toString())));
        Map<UUID, PlannedItem> items = new HashMap<>();
        for (Map.Entry<UUID, Api> device : devices.entrySet()) {
            Await.until("the relay is in the device's manifest", Duration.ofSeconds(60), () -> {
                Api.Response manifest = device.getValue().get("/edge/v1/manifest");
                if (manifest.status() != 200 || manifest.json().get("items").isEmpty()) {
                    return false;
                }
                var item = manifest.json().get("items").get(0);
                items.put(
                        device.getKey(),
                        new PlannedItem(
                                item.get("id").asString(),
                                OffsetDateTime.parse(item.get("start").asString())));
                return true;
            });
        }

        Set<UUID> playLogs = ConcurrentHashMap.newKeySet();
        Map<UUID, Instant> heartbeats = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (Map.Entry<UUID, Api> device : devices.entrySet()) {
            for (int c = 0; c < CLIENTS_PER_DEVICE; c++) {
                Thread client = new Thread(
                        () -> post(
                                device.getKey(),
                                device.getValue(),
                                items.get(device.getKey()),
                                running,
                                playLogs,
                                heartbeats),
                        "client-" + device.getKey() + "-" + c);
                client.start();
                clients.add(client);
            }
        }
        Await.until("the clients are storing play logs", Duration.ofSeconds(60), () -> playLogs.size() >= 1000);
        Api.Response approved = approver.post("/api/v1/bulletins/" + bulletin + "/approve", "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        int atApproval = playLogs.size();
        // The approval and the writes around it are recent when the process dies.
        Await.until("more play logs after it", Duration.ofSeconds(60), () -> playLogs.size() >= atApproval + 1000);
        cms.kill();
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(60).toMillis());
        }
        assertThat(heartbeats).as("every device had a heartbeat acknowledged").hasSize(DEVICES);
        return new Acknowledged(Set.copyOf(playLogs), Map.copyOf(heartbeats), bulletin, admin);
    }

    /** An item a device was sent in its manifest. */
    record PlannedItem(String id, OffsetDateTime start) {}

    /** One box's sender: batches of fresh play logs, a heartbeat now and then, until the server is gone. */
    private static void post(
            UUID deviceId,
            Api device,
            PlannedItem planned,
            AtomicBoolean running,
            Set<UUID> acknowledged,
            Map<UUID, Instant> heartbeats) {
        String item = planned.id();
        for (int round = 0; running.get(); round++) {
            try {
                if (round % 10 == 0) {
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    Api.Response answer = device.post("/edge/v1/heartbeat", heartbeat(at));
                    if (answer.status() / 100 == 2) {
                        heartbeats.merge(deviceId, at, (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
                List<UUID> ids = new ArrayList<>();
                List<Map<String, Object>> batch = new ArrayList<>();
                OffsetDateTime started = planned.start();
                for (int i = 0; i < BATCH; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    batch.add(Map.of(
                            "id",
                            id.toString(),
                            "itemId",
                            item,
                            "mediaId",
                            "m-" + i,
                            "startedAt",
                            started.toString(),
                            "endedAt",
                            started.plusSeconds(10).toString(),
                            "outcome",
                            "PLAYED"));
                }
                Api.Response answer = device.post("/edge/v1/playlogs", batch);
                if (answer.status() / 100 == 2) {
                    acknowledged.addAll(ids);
                }
            } catch (RuntimeException serverGone) {
                // killed mid-request: that batch was never acknowledged
            }
        }
    }

    private static Map<String, Object> heartbeat(Instant at) {
        Map<String, Object> heartbeat = new HashMap<>();
        heartbeat.put("id", UUID.randomUUID().toString());
        heartbeat.put("at", at.toString());
        heartbeat.put("volume", 80);
        heartbeat.put("freeBytes", 1_000_000_000L);
        heartbeat.put("agentVersion", "crash-test");
        heartbeat.put("uptimeS", 60);
        heartbeat.put("cacheComplete", true);
        heartbeat.put("clockSkewMs", 0);
        heartbeat.put("commandsDone", List.of());
        heartbeat.put("mediaErrors", List.of());
        return heartbeat;
    }

    private static void assertApprovalSurvived(Acknowledged acknowledged) {
        Api.Response bulletin = acknowledged.admin().get("/api/v1/bulletins/" + acknowledged.approvedBulletin());
        assertThat(bulletin.status()).as(bulletin.body()).isEqualTo(200);
        assertThat(bulletin.text("status")).isEqualTo("APPROVED");
    }

    private static void assertEverythingStored(Connection db, Acknowledged acknowledged) throws SQLException {
        Set<UUID> stored = new HashSet<>();
        long rows = 0;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("select id from play_log")) {
            while (rs.next()) {
                stored.add(rs.getObject(1, UUID.class));
                rows++;
            }
        }
        Set<UUID> missing = new HashSet<>(acknowledged.playLogs());
        missing.removeAll(stored);
        assertThat(missing)
                .as(
                        "of %d acknowledged play logs, these are missing",
                        acknowledged.playLogs().size())
                .isEmpty();
        assertThat(rows).as("each play log once").isEqualTo(stored.size());
        for (Map.Entry<UUID, Instant> heartbeat : acknowledged.newestHeartbeat().entrySet()) {
            try (var query = db.prepareStatement("select last_seen_at from device where id = ?")) {
                query.setObject(1, heartbeat.getKey());
                try (ResultSet rs = query.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getTimestamp(1).toInstant())
                            .as("device %s keeps its newest acknowledged heartbeat", heartbeat.getKey())
                            .isAfterOrEqualTo(heartbeat.getValue());
                }
            }
        }
    }
}
