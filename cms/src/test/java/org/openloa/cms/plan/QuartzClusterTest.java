package org.openloa.cms.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.TestDatabase;
import org.openloa.testing.Await;

/**
 * Two cms JVMs on one real PostgreSQL, as a clustered deployment runs: each trigger fires exactly once across
 * the cluster, and when one node is killed (SIGKILL, no goodbye) the other fires what remains, including the
 * triggers the dead node had already taken. Counted from job_run, which a job writes in the transaction of its
 * work: a doubled run would leave two rows, a lost one none.
 *
 * <p>The nodes are started from the test classpath as separate processes (node 1 with its JVM in New York),
 * with fast cluster check-ins so the test takes about a minute. Node logs go to target/cluster/.
 */
@Tag("cluster")
class QuartzClusterTest {

    static final String PASSWORD = "cluster-secret-1234";
    static final Path LOGS = Path.of("target", "cluster");
    static final int ENDINGS = 10;

    static String database;
    static String jdbcUrl;
    static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void database() throws SQLException, IOException {
        EmbeddedPostgres postgres = TestDatabase.postgres();
        database = "cluster_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
        Files.createDirectories(LOGS);
    }

    @AfterAll
    static void stopNodes() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void eachTriggerFiresExactlyOnceAndAKilledNodeHandsItsWorkToTheOther() throws Exception {
        Node one = Node.start(1, "America/New_York");
        one.awaitHealthy(Duration.ofSeconds(120)); // it migrates the database and creates the administrator
        Node two = Node.start(2, "Asia/Ho_Chi_Minh");
        Api admin = one.api().as("admin", PASSWORD);
        String province = area(admin, "CL" + database, "Tỉnh Cụm", "province", null);
        String commune = area(admin, "CL" + database + "-X", "Xã Cụm", "commune", province);
        two.awaitHealthy(Duration.ofSeconds(120));

        // Broadcasts whose ends fall two seconds apart, each ending with its own one-shot trigger.
        Instant first = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ENDINGS; i++) {
            Api via = (i % 2 == 0 ? one : two).api().as("admin", PASSWORD);
            Map<String, Object> body = new HashMap<>();
            body.put("areaId", commune);
            body.put("streamUrl", "https://radio.example.vn/live.mp3");
            body.put("slotLength", "PT1S");
            body.put("targets", Map.of("areaIds", List.of(commune)));
            body.put(
                    "schedule",
                    Map.of(
                            "type",
                            "ONCE",
                            "at",
                            OffsetDateTime.ofInstant(first.plusSeconds(2L * i), ZoneOffset.ofHours(7))
                                    .toString()));
            Api.Response created = via.post("/api/v1/broadcasts", body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.text("id"));
        }

        // Once some have ended, kill a node that ended one: what it would have fired next falls to the other.
        Await.until(
                "three end jobs run", Duration.ofSeconds(60), () -> endRuns().size() >= 3);
        Map<String, String> byNode = endRuns();
        String victimInstance = byNode.values().iterator().next();
        Node victim = victimInstance.equals(one.instanceId()) ? one : two;
        Node survivor = victim == one ? two : one;
        victim.process.destroyForcibly().waitFor();
        Instant killedAt = Instant.now();

        Await.until("every end job run", Duration.ofSeconds(60), () -> endRuns().size() == ENDINGS);
        Map<String, String> ran = endRuns();
        assertThat(ran.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        ids.stream().map(id -> "broadcast-end-" + id).toList());
        assertThat(duplicates()).as("no trigger fire time ran twice").isEmpty();
        for (Map.Entry<String, Instant> scheduled : scheduledAt().entrySet()) {
            if (scheduled.getValue().isAfter(killedAt)) {
                assertThat(ran.get(scheduled.getKey()))
                        .as(scheduled.getKey() + " after the kill")
                        .isEqualTo(survivor.instanceId());
            }
        }
        assertThat(ran.values()).contains(survivor.instanceId());
        Api survivorAdmin = survivor.api().as("admin", PASSWORD);
        for (String id : ids) {
            assertThat(survivorAdmin.get("/api/v1/broadcasts/" + id).text("state"))
                    .isEqualTo("ENDED");
        }
        // The repeating jobs go on on the survivor, still once per fire time.
        Instant checked = Instant.now();
        Await.until(
                "the offline check run twice on the survivor",
                Duration.ofSeconds(20),
                () -> count("select count(*) from job_run where job_name = 'device-offline'" + " and instance_id = '"
                                + survivor.instanceId() + "' and scheduled_at > '" + checked + "'")
                        >= 2);
        assertThat(duplicates()).isEmpty();

        // The killed node comes back: it registers nothing twice and the cluster still fires each time once.
        Node back = Node.start(3, "Asia/Ho_Chi_Minh");
        back.awaitHealthy(Duration.ofSeconds(120));
        Instant rejoined = Instant.now();
        Await.until(
                "the offline check run on the rejoined cluster",
                Duration.ofSeconds(20),
                () -> count("select count(*) from job_run where job_name = 'device-offline'" + " and scheduled_at > '"
                                + rejoined + "'")
                        >= 4);
        assertThat(count("select count(*) from qrtz_triggers where trigger_group = 'openloa'"))
                .isEqualTo(4);
        assertThat(count("select count(*) from qrtz_triggers where trigger_group = 'broadcast-end'"))
                .isZero();
        assertThat(duplicates()).isEmpty();
        System.out.println("Cluster runs per instance: " + runsPerInstance());
    }

    static Map<String, Long> runsPerInstance() {
        Map<String, Long> runs = new HashMap<>();
        query(
                "select instance_id, count(*) from job_run group by instance_id",
                row -> runs.put(row[0], Long.parseLong(row[1])));
        return runs;
    }

    /** Trigger name to the instance that ran it, for the broadcast ends. */
    static Map<String, String> endRuns() {
        Map<String, String> runs = new HashMap<>();
        query(
                "select trigger_name, instance_id from job_run where job_name = 'broadcast-end'",
                row -> runs.put(row[0], row[1]));
        return runs;
    }

    static Map<String, Instant> scheduledAt() {
        Map<String, Instant> times = new HashMap<>();
        query(
                "select trigger_name, cast(extract(epoch from scheduled_at) * 1000 as bigint) from job_run"
                        + " where job_name = 'broadcast-end'",
                row -> times.put(row[0], Instant.ofEpochMilli(Long.parseLong(row[1]))));
        return times;
    }

    static List<String> duplicates() {
        List<String> found = new ArrayList<>();
        query(
                "select trigger_name, cast(scheduled_at as varchar), count(*) from job_run group by trigger_name, scheduled_at"
                        + " having count(*) > 1",
                row -> found.add(String.join(" ", row)));
        return found;
    }

    static long count(String sql) {
        long[] result = new long[1];
        query(sql, row -> result[0] = Long.parseLong(row[0]));
        return result[0];
    }

    static void query(String sql, java.util.function.Consumer<String[]> rows) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.accept(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String area(Api admin, String code, String name, String kind, String parentId) {
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "name", name, "kind", kind));
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        Api.Response created = admin.post("/api/v1/areas", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    /** One cms JVM: this test's classpath, the shared PostgreSQL, its own port and log. */
    record Node(int number, int port, Process process) {

        static Node start(int number, String zone) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Duser.timezone=" + zone,
                    "-cp",
                    classpath,
                    "org.openloa.cms.OpenLoaApplication",
                    "--server.port=" + port,
                    "--spring.datasource.url=" + jdbcUrl,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    "--openloa.admin.username=admin",
                    "--openloa.admin.password=" + PASSWORD,
                    "--openloa.data-dir=" + LOGS.resolve("node" + number + "-data"),
                    "--spring.quartz.properties.org.quartz.scheduler.instanceId=node" + number + "-"
                            + UUID.randomUUID(),
                    "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000",
                    "--spring.quartz.properties.org.quartz.jobStore.misfireThreshold=5000",
                    "--spring.quartz.properties.org.quartz.scheduler.idleWaitTime=1000",
                    "--openloa.jobs.device-offline=PT2S",
                    "--openloa.jobs.plan-notify=PT5S",
                    "--spring.main.banner-mode=off");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(LOGS.resolve("node" + number + ".log").toFile())
                    .start();
            processes.add(process);
            return new Node(number, port, process);
        }

        Api api() {
            return new Api(port);
        }

        String instanceId() {
            String[] id = new String[1];
            query(
                    "select instance_name from qrtz_scheduler_state where instance_name like 'node" + number + "-%'",
                    row -> id[0] = row[0]);
            if (id[0] == null) {
                // A killed node's row is removed once the other recovers it; its runs keep the name.
                query(
                        "select distinct instance_id from job_run where instance_id like 'node" + number + "-%'",
                        row -> id[0] = row[0]);
            }
            return id[0];
        }

        void awaitHealthy(Duration limit) throws InterruptedException {
            String log = "target/cluster/node" + number + ".log";
            Await.until("node " + number + " healthy; see " + log, limit, () -> {
                assertThat(process.isAlive())
                        .as("node " + number + " died; see " + log)
                        .isTrue();
                try {
                    return api().get("/actuator/health").status() == 200;
                } catch (RuntimeException notYet) {
                    return false; // not listening yet
                }
            });
        }
    }
}
