package org.openloa.cms.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.TestDatabase;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/**
 * The deployment docs/deployment.md describes, small: two cms JVMs on one PostgreSQL and one S3 store, behind
 * Debian's nginx (round robin, no stickiness), and a real edge agent (its own JVM, the file sink) that polls,
 * reports and plays through nginx. Editors change the plan through either node; the box sees every change whichever
 * node answers its poll. Then one node is killed (SIGKILL) while the box is playing and about to report: the box
 * plays every slot, cms holds each play log exactly once (counted in the database), the change made through the
 * survivor after the kill reaches the box, and every broadcast-end trigger ran exactly once, the dead node's
 * included.
 */
@Tag("cluster")
class TwoNodesOneKilledTest {

    /** A start takes 20 s on an idle machine and minutes on a loaded one. */
    private static final Duration STARTS_WITHIN = Duration.ofMinutes(4);

    /** Under target/, so the logs of the nodes, nginx and the agent stay after a failure. */
    private final Path dir = Path.of("target", "cluster-kill", Long.toString(System.currentTimeMillis(), 36))
            .toAbsolutePath();

    private static final Pattern NEW_PLAN = Pattern.compile("new plan: manifest m-(\\d+)-");

    private final List<AutoCloseable> running = new ArrayList<>();
    private Process agent;
    private S3Proxy s3;
    private String jdbcUrl;

    @AfterEach
    void stopEverything() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    @Test
    void aNodeKilledWhileTheBoxPlaysLosesNoPlayLogNoChangeAndNoJob() throws Exception {
        Path nginxExecutable = RequiredTools.require("nginx", "nginx");
        Files.createDirectories(dir);
        RequiredTools.require("ffmpeg", "ffmpeg"); // the agent's file sink decodes with it
        List<String> shared = new ArrayList<>(database());
        shared.addAll(s3());

        ClusterNode one = node(1, shared).awaitHealthy(STARTS_WITHIN); // migrates, creates the administrator
        ClusterNode two = node(2, shared);
        Api admin = one.as("admin", ClusterNode.PASSWORD);
        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String province = TestWorld.area(admin, "CK" + s, "Tỉnh Hai Máy " + s, "province", null);
        String commune = TestWorld.area(admin, "CK" + s + "-A", "Xã Hai Máy " + s, "commune", province);
        Api operatorOnOne = TestWorld.user(admin, "vh" + s, "OPERATOR", commune);
        String bulletin = Scheduling.approvedBulletin(admin, commune, "Thông báo lịch cắt điện " + s, 3.0, "NORMAL");
        two.awaitHealthy(STARTS_WITHIN);
        Api operatorOnTwo = two.as("vh" + s, TestWorld.PASSWORD);
        Nginx nginx = Nginx.roundRobin(
                nginxExecutable, Files.createDirectories(dir.resolve("nginx")), List.of(one.port, two.port));
        running.add(nginx);

        // A box enrolled through nginx, made through node 1, seen online by node 2.
        Api.Response created = operatorOnOne.post(
                "/api/v1/devices", Map.of("name", "Loa cụm " + s, "areaId", commune, "tags", List.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String device = created.text("id");
        Api.Response tuned = operatorOnOne.patch("/api/v1/devices/" + device, Map.of("pollSeconds", 5, "volume", 100));
        assertThat(tuned.status()).as(tuned.body()).isEqualTo(200);
        Path sink = Files.createDirectories(dir.resolve("box/sink"));
        Path boxData = Files.createDirectories(dir.resolve("box/data"));
        agent = startAgent(nginx.url(), created.text("enrollmentCode"), boxData, sink);
        Await.until(
                "the box enrolled through nginx and reporting; see " + dir.resolve("agent.log"),
                Duration.ofSeconds(90),
                () -> "ONLINE"
                        .equals(operatorOnTwo
                                .get("/api/v1/devices/" + device)
                                .json()
                                .path("status")
                                .path("connection")
                                .asString()));

        // Editors' changes through both nodes: the box must hear of each, whichever node answers its polls.
        OffsetDateTime base =
                OffsetDateTime.now(ZoneOffset.ofHours(7)).plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        Map<String, OffsetDateTime> slots = new LinkedHashMap<>();
        slots.put(broadcast(operatorOnOne, bulletin, commune, base), base);
        slots.put(broadcast(operatorOnTwo, bulletin, commune, base.plusSeconds(15)), base.plusSeconds(15));
        slots.put(broadcast(operatorOnOne, bulletin, commune, base.plusSeconds(30)), base.plusSeconds(30));
        List<String> ids = new ArrayList<>(slots.keySet());
        for (String id : ids) {
            Await.until(
                    "the box's manifest holds " + id,
                    Duration.ofSeconds(20),
                    () -> read(boxData.resolve("manifest.json")).contains(id));
        }
        awaitPlay(sink, slots.get(ids.get(0)), Duration.ofSeconds(60));
        assertThat(edgeRequestsAnsweredBy(nginx, one))
                .as("round robin: node 1 answered the box")
                .isPositive();
        assertThat(edgeRequestsAnsweredBy(nginx, two))
                .as("round robin: node 2 answered the box")
                .isPositive();

        // kill -9 node 1 a second into the second slot: the box is playing, its play log not yet sent.
        sleepUntil(slots.get(ids.get(1)).toInstant().plusSeconds(1));
        one.kill();
        Instant killedAt = Instant.now();
        int linesBeforeKill = nginx.accessLog().size();

        // A change through the survivor after the kill reaches the box too.
        OffsetDateTime late =
                OffsetDateTime.now(ZoneOffset.ofHours(7)).plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        String lateId = broadcast(operatorOnTwo, bulletin, commune, late);
        slots.put(lateId, late);
        ids.add(lateId);

        for (OffsetDateTime slot : slots.values()) {
            Map<String, String> play = awaitPlay(sink, slot, Duration.ofSeconds(90));
            assertThat(play.get("result"))
                    .as("the slot at %s: %s; the box said: %s", slot, play, agentSaid(play.get("item")))
                    .isEqualTo("complete");
        }
        Await.until(
                "every play log reached the survivor",
                Duration.ofSeconds(90),
                () -> count("select count(*) from play_log where device_id = '" + device + "'") >= slots.size());
        Thread.sleep(Duration.ofSeconds(12).toMillis()); // two more heartbeat rounds: a doubled send would show now
        assertThat(count("select count(*) from play_log where device_id = '" + device + "'"))
                .as("one play log per play, none lost, none doubled")
                .isEqualTo(slots.size());
        for (String id : ids) {
            assertThat(count("select count(*) from play_log where device_id = '" + device + "' and item_id like '%" + id
                            + "%' and outcome = 'PLAYED'"))
                    .as("the play of " + id + " logged once")
                    .isEqualTo(1);
        }
        assertThat(Files.readAllLines(sink.resolve("plays.log")))
                .as("the box played each slot once")
                .hasSize(slots.size());

        // Behind round robin the box never went back to an older plan: a node that had not yet read another node's
        // change answered with the newer manifest the box held, not with its own older one.
        List<Long> versions = new ArrayList<>();
        for (String line : lines(dir.resolve("agent.log"))) {
            Matcher plan = NEW_PLAN.matcher(line);
            if (plan.find()) {
                versions.add(Long.parseLong(plan.group(1)));
            }
        }
        assertThat(versions).as("the plan versions the box took, in order").isSorted();

        // Quartz: each broadcast's end ran exactly once across the cluster, those due after the kill on the survivor.
        Await.until(
                "every broadcast-end trigger ran; job_run: "
                        + rows("select trigger_name, instance_id, scheduled_at,"
                                + " recovering from job_run where job_name = 'broadcast-end'"),
                Duration.ofSeconds(90),
                () -> ids.stream()
                        .allMatch(id ->
                                count("select count(*) from job_run where trigger_name = 'broadcast-end-" + id + "'")
                                        == 1));
        assertThat(count("select count(*) from (select trigger_name, scheduled_at from job_run"
                        + " group by trigger_name, scheduled_at having count(*) > 1) doubled"))
                .as("no trigger fire time ran twice")
                .isZero();
        for (String id : ids) {
            assertThat(operatorOnTwo.get("/api/v1/broadcasts/" + id).text("state"))
                    .as(id)
                    .isEqualTo("ENDED");
        }

        List<String> afterKill =
                nginx.accessLog().subList(linesBeforeKill, nginx.accessLog().size());
        long failedAsSeen = afterKill.stream()
                .filter(line -> line.contains(" /edge/v1"))
                .filter(line -> line.split(" ")[3].startsWith("5"))
                .count();
        System.out.printf(
                "Cluster test: node 1 killed at %s; after it the box made %d requests, %d answered 5xx (retried);"
                        + " node 2 answered %d edge requests in all%n",
                killedAt,
                afterKill.stream().filter(line -> line.contains(" /edge/v1")).count(),
                failedAsSeen,
                edgeRequestsAnsweredBy(nginx, two));
    }

    // ------------------------------------------------------------------ the parts

    private List<String> database() throws SQLException {
        EmbeddedPostgres postgres = TestDatabase.postgres();
        String database = "cluster_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database " + database);
            // as docs/deployment.md asks of a production server (the embedded one defaults to off)
            s.execute("alter database " + database + " set synchronous_commit = on");
        }
        jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
        return List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres");
    }

    /** S3Proxy in this JVM, the real S3 protocol: the nodes share the media through it, as through MinIO. */
    private List<String> s3() throws Exception {
        Path blobs = Files.createDirectories(dir.resolve("s3"));
        s3 = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(blobs.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "openloa", "openloa-secret-key")
                .build();
        s3.start();
        Await.until("S3Proxy started", Duration.ofSeconds(30), () -> "STARTED".equals(s3.getState()));
        return List.of(
                "--openloa.media.store=s3",
                "--openloa.media.s3.endpoint=http://127.0.0.1:" + s3.getPort(),
                "--openloa.media.s3.access-key=openloa",
                "--openloa.media.s3.secret-key=openloa-secret-key",
                "--openloa.media.s3.bucket=openloa-cluster");
    }

    private ClusterNode node(int number, List<String> shared) throws IOException {
        ClusterNode node = ClusterNode.start(number, dir, shared);
        running.add(node);
        return node;
    }

    private Process startAgent(String url, String code, Path data, Path sink) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classpath,
                        "org.openloa.edge.EdgeAgent")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("agent.log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("OPENLOA_"));
        builder.environment().put("OPENLOA_SERVER_URL", url);
        builder.environment().put("OPENLOA_ENROLLMENT_CODE", code);
        builder.environment().put("OPENLOA_DATA_DIR", data.toString());
        builder.environment().put("OPENLOA_PLAYER", "file:" + sink);
        builder.environment().put("OPENLOA_POLL_SECONDS", "5");
        builder.environment().put("OPENLOA_HEARTBEAT_SECONDS", "5");
        return builder.start();
    }

    private static String broadcast(Api operator, String bulletin, String areaId, OffsetDateTime at) {
        Map<String, Object> body =
                new HashMap<>(Scheduling.playing(List.of(bulletin), List.of(areaId), Scheduling.once(at.toString())));
        body.put("priority", "NORMAL");
        // A short allowed delay: the broadcast (and its end trigger) is over seconds after its slot, within the test.
        body.put("maxDelay", "PT5S");
        return Scheduling.create(operator, body).path("id").asString();
    }

    // ------------------------------------------------------------------ what happened

    private static long edgeRequestsAnsweredBy(Nginx nginx, ClusterNode node) throws IOException {
        return nginx.accessLog().stream()
                .filter(line -> line.contains(" /edge/v1"))
                .filter(line -> {
                    String[] fields = line.split(" ", 5);
                    return fields.length == 5 && fields[4].startsWith(node.address() + " ");
                })
                .count();
    }

    /** The plays.log line of the play that started nearest to {@code at}. */
    private Map<String, String> awaitPlay(Path sink, OffsetDateTime at, Duration limit) throws InterruptedException {
        List<Map<String, String>> found = new ArrayList<>();
        Await.until("the box plays the slot at " + at + "; see " + dir.resolve("agent.log"), limit, () -> {
            for (String line : lines(sink.resolve("plays.log"))) {
                Map<String, String> play = fields(line);
                if (play.containsKey("started")
                        && Duration.between(at.toInstant(), Instant.parse(play.get("started")))
                                        .abs()
                                        .compareTo(Duration.ofSeconds(5))
                                < 0) {
                    found.add(play);
                    return true;
                }
            }
            return false;
        });
        return found.get(0);
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> rows(String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String part : line.split(" (?=[a-z0-9]+=)")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    /** What the agent logged about an item (its plays, stops and skips), or about stopping at all. */
    private String agentSaid(String item) {
        int at = item == null ? -1 : item.indexOf('@');
        String id = at > 0 ? item.substring(0, at) : String.valueOf(item);
        return lines(dir.resolve("agent.log")).stream()
                .filter(line -> line.contains(id) || line.contains("stopped item"))
                .reduce("", (all, line) -> all + "\n  " + line);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
