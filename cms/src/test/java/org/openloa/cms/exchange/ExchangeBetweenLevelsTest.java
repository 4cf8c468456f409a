package org.openloa.cms.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.OpenLoaApplication;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.cms.push.Mosquitto;
import org.openloa.testing.Await;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two real cms instances in one JVM, each with its own H2 database and port: a "centre" and a "province" whose
 * upstream it is. The province pulls what the centre addressed to it (audio checked by SHA-256) and applies
 * Circular 39; a withdrawal at the centre follows down; figures go up through the outbox, and survive the centre
 * being stopped for a while (it comes back on the same port and database).
 */
class ExchangeBetweenLevelsTest {

    static final String PASSWORD = "exchange-secret-1234";
    static final String S = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    static final String CODE = "PX" + S;

    static Mosquitto broker;
    static int centrePort;
    static String centreDb;
    static ConfigurableApplicationContext centre;
    static ConfigurableApplicationContext province;
    static Api centreAdmin;
    static Api provinceAdmin;
    static String centreCountry;
    static String centreProvince;
    static String localProvince;
    static String localCommuneA;

    @BeforeAll
    static void start() throws IOException {
        // The centre's broker: it wakes the centre's boxes and, on its wake topic, the province's pull.
        broker = new Mosquitto(Mosquitto.freePort());
        broker.start();
        centrePort = freePort();
        centreDb = "jdbc:h2:mem:centre-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        centre = startCentre();
        centreAdmin = new Api(centrePort).as("admin", PASSWORD);
        centreCountry = TestWorld.area(centreAdmin, "VN" + S, "Trung ương " + S, "country", null);
        centreProvince = TestWorld.area(centreAdmin, CODE, "Tỉnh Trao Đổi " + S, "province", centreCountry);
        Api provinceUser = TestWorld.user(centreAdmin, "tinh" + S, "ADMIN", centreProvince);
        Api.Response token = provinceUser.post("/api/v1/tokens", Map.of("name", "province instance"));
        assertThat(token.status()).as(token.body()).isEqualTo(201);

        int provincePort = freePort();
        List<String> args = new java.util.ArrayList<>(
                List.of(common(provincePort, "jdbc:h2:mem:province-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
        args.addAll(List.of(
                "--openloa.upstream.url=http://localhost:" + centrePort,
                "--openloa.upstream.token=" + token.text("token"),
                "--openloa.upstream.pull-interval=PT1H",
                "--openloa.upstream.push-sweep=PT0.3S",
                "--openloa.upstream.retry-first=PT0.5S",
                "--openloa.upstream.retry-max=PT1S",
                "--openloa.upstream.mqtt-url=" + broker.url()));
        province = new SpringApplicationBuilder(OpenLoaApplication.class).run(args.toArray(String[]::new));
        provinceAdmin = new Api(provincePort).as("admin", PASSWORD);
        localProvince = TestWorld.area(provinceAdmin, CODE, "Tỉnh Trao Đổi", "province", null);
        localCommuneA = TestWorld.area(provinceAdmin, CODE + "-A", "Xã Một", "commune", localProvince);
        TestWorld.area(provinceAdmin, CODE + "-B", "Xã Hai", "commune", localProvince);
    }

    static ConfigurableApplicationContext startCentre() {
        List<String> args = new java.util.ArrayList<>(List.of(common(centrePort, centreDb)));
        args.add("--openloa.mqtt.url=" + broker.url());
        return new SpringApplicationBuilder(OpenLoaApplication.class).run(args.toArray(String[]::new));
    }

    /** Command-line arguments: they win over application.properties, as an operator's would. */
    static String[] common(int port, String db) {
        return new String[] {
            "--server.port=" + port,
            "--spring.datasource.url=" + db,
            "--spring.quartz.scheduler-name=exchange-"
                    + UUID.randomUUID().toString().substring(0, 8),
            "--openloa.admin.username=admin",
            "--openloa.admin.password=" + PASSWORD,
            "--openloa.data-dir=target/test-data/exchange-" + port
        };
    }

    @AfterAll
    static void stop() {
        if (province != null) {
            province.close();
        }
        if (centre != null) {
            centre.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aDispatchApprovedAtTheCentreWakesTheProvincesPull() {
        // The province pulls every hour here (it pulled once at start): only the wake can bring this over now.
        String bulletin =
                Scheduling.approvedBulletin(centreAdmin, centreCountry, "Tin đánh thức " + S, 1.5, "PRIORITY");
        Map<String, Object> urgent = Scheduling.playing(
                List.of(bulletin),
                List.of(centreProvince),
                Scheduling.weekdays(Scheduling.day(1), Scheduling.day(8), "11:00"));
        urgent.put("areaId", centreCountry);
        urgent.put("priority", "PRIORITY");
        urgent.put("title", "Đánh thức " + S);
        Scheduling.create(centreAdmin, urgent);
        JsonNode here = Await.until(
                "the centre's urgent broadcast pulled into the province",
                Duration.ofSeconds(60),
                () -> broadcastTitled(provinceAdmin, "Đánh thức " + S),
                Objects::nonNull);
        assertThat(here.get("priority").asString()).isEqualTo("PRIORITY");
    }

    @Test
    void theCentresReportShowsWhatDownstreamInstancesPushedAsChildAreas() {
        // A second province instance, by hand through the API it would use: two days of its own figures and of one
        // of its communes (which the centre does not have).
        String code = "PS" + S;
        String other = TestWorld.area(centreAdmin, code, "Tỉnh Số Liệu " + S, "province", centreCountry);
        Api pusher = TestWorld.user(centreAdmin, "solieu" + S, "OPERATOR", other);
        String d1 = "2026-01-05";
        String d2 = "2026-01-06";
        Map<String, Object> first = figures(3, 6000, 5400, 2, 10, 9, 0.9);
        // v1.1 of the figures: live and relay minutes and incidents (the second day sends only some, as v1.0 none)
        first.putAll(Map.of(
                "liveMinutes", 12.5,
                "relayMinutes", 30.0,
                "outages", 2,
                "failedPlays", 1,
                "relayLosses", 1,
                "missedEmergencies", 1));
        put(pusher, code, d1, null, null, first);
        Map<String, Object> second = figures(1, 4000, 4000, 1, 12, 11, 0.5);
        second.put("outages", 1);
        put(pusher, code, d2, null, null, second);
        put(pusher, code + "-X", d1, "Xã Xa", code, figures(2, 3000, 3000, 0, 4, 4, 1.0));
        put(pusher, code + "-X", d2, "Xã Xa", code, figures(0, 1000, 500, 1, 5, 5, 0.8));

        JsonNode country = centreAdmin
                .get("/api/v1/reports/summary?areaId=" + centreCountry + "&from=" + d1 + "&to=" + d2)
                .json();
        JsonNode child = childWithCode(country, code);
        JsonNode f = child.get("figures");
        // Summed over the days; the commune's rows are inside the province's and not counted twice.
        assertThat(f.get("bulletins").get("total").asLong()).isEqualTo(4);
        assertThat(f.get("plannedSeconds").asLong()).isEqualTo(10000);
        assertThat(f.get("airedSeconds").asLong()).isEqualTo(9400);
        assertThat(f.get("compliance").asDouble()).isEqualTo(0.94);
        assertThat(f.get("missedPlays").asLong()).isEqualTo(3);
        // Loudspeakers: the latest day's; the online rate weighted by loudspeakers and days.
        assertThat(f.get("devicesInstalled").asLong()).isEqualTo(12);
        assertThat(f.get("devicesWorkingNow").asLong()).isEqualTo(11);
        assertThat(f.get("onlineRate").asDouble()).isEqualTo(0.6818); // (10·0.9 + 12·0.5) / 22
        assertThat(f.get("liveMinutes").asDouble()).isEqualTo(12.5);
        assertThat(f.get("relayMinutes").asDouble()).isEqualTo(30.0);
        assertThat(f.get("incidents").get("outages").asLong()).isEqualTo(3);
        assertThat(f.get("incidents").get("total").asLong()).isEqualTo(3 + 1 + 1 + 1);
        assertThat(child.get("downstream").get("days").asInt()).isEqualTo(2);
        assertThat(child.get("downstream").get("lastReceived").isNull()).isFalse();
        // The country's total holds them too.
        assertThat(country.get("total").get("plannedSeconds").asLong()).isGreaterThanOrEqualTo(10000);
        assertThat(country.get("downstream").get("days").asInt()).isEqualTo(2);

        // The province's own report at the centre: the commune only the downstream has is a child area of it.
        JsonNode province = centreAdmin
                .get("/api/v1/reports/summary?areaId=" + other + "&from=" + d1 + "&to=" + d2)
                .json();
        assertThat(province.get("total").get("plannedSeconds").asLong()).isEqualTo(10000);
        JsonNode commune = childWithCode(province, code + "-X");
        assertThat(commune.get("area").get("name").asString()).isEqualTo("Xã Xa");
        assertThat(commune.get("area").get("id").isNull()).isTrue();
        assertThat(commune.get("figures").get("plannedSeconds").asLong()).isEqualTo(4000);
        assertThat(commune.get("figures").get("devicesInstalled").asLong()).isEqualTo(5);
        assertThat(commune.get("downstream").get("days").asInt()).isEqualTo(2);

        // The downloads show them, marked as from downstream (the page: ReportsInTheBrowserTest).
        Api.Response csv = centreAdmin.get(
                "/api/v1/reports/summary?areaId=" + other + "&from=" + d1 + "&to=" + d2 + "&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("Xã Xa (do hệ thống cấp dưới gửi lên, 2 ngày");

        // A user of another area sees none of it.
        Api.Response outside = pusher.get("/api/v1/reports/summary?areaId=" + centreProvince);
        assertThat(outside.status()).isEqualTo(404);
    }

    @Test
    void theFiguresPushedByTheProvinceShowInTheCentresSummary() {
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).minusDays(1);
        String day = yesterday.toString();
        Api.Response queued =
                provinceAdmin.post("/api/v1/exchange/figures/push", Map.of("areaId", localProvince, "day", day));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        // Delivered (an earlier test may have pushed the same day: these replace those).
        noPushWaiting(provinceAdmin, "the figures pushed (none waiting)");
        JsonNode pushed = centreAdmin
                .get("/api/v1/exchange/figures?areaId=" + centreProvince + "&from=" + day + "&to=" + day)
                .json();
        assertThat(pushed.size()).isEqualTo(3);
        JsonNode own = null;
        for (JsonNode row : pushed) {
            if (row.get("areaCode").asString().equals(CODE)) {
                own = row;
            }
        }
        JsonNode atProvince = provinceAdmin
                .get("/api/v1/reports/summary?areaId=" + localProvince + "&from=" + day + "&to=" + day)
                .json()
                .get("total");
        JsonNode atCentre = childWithCode(
                centreAdmin
                        .get("/api/v1/reports/summary?areaId=" + centreCountry + "&from=" + day + "&to=" + day)
                        .json(),
                CODE);
        assertThat(atCentre.get("downstream")).isNotNull();
        assertThat(atCentre.get("figures").get("devicesInstalled").asLong())
                .isEqualTo(own.get("figures").get("devicesInstalled").asLong())
                .isEqualTo(atProvince.get("devicesInstalled").asLong());
        assertThat(atCentre.get("figures").get("plannedSeconds").asLong())
                .isEqualTo(atProvince.get("plannedSeconds").asLong());
        assertThat(atCentre.get("figures").get("bulletins").get("total").asLong())
                .isEqualTo(atProvince.get("bulletins").get("total").asLong());
        // Its communes, which the centre does not have, are the province's child areas at the centre.
        JsonNode provinceAtCentre = centreAdmin
                .get("/api/v1/reports/summary?areaId=" + centreProvince + "&from=" + day + "&to=" + day)
                .json();
        assertThat(childWithCode(provinceAtCentre, CODE + "-A")
                        .get("area")
                        .get("name")
                        .asString())
                .isEqualTo("Xã Một");
        assertThat(childWithCode(provinceAtCentre, CODE + "-B")).isNotNull();
    }

    static Map<String, Object> figures(
            int bulletins, long planned, long aired, int missed, int installed, int working, double online) {
        Map<String, Object> f = new java.util.HashMap<>();
        f.put("bulletinsProduced", bulletins);
        f.put("plannedSeconds", planned);
        f.put("airedSeconds", aired);
        f.put("missedPlays", missed);
        f.put("devicesInstalled", installed);
        f.put("devicesWorking", working);
        f.put("onlineRate", online);
        return f;
    }

    static void put(Api caller, String code, String day, String name, String parentCode, Map<String, Object> f) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (name != null) {
            body.put("name", name);
            body.put("parentCode", parentCode);
        }
        body.put("figures", f);
        Api.Response r = caller.put("/api/v1/exchange/figures/" + code + "/" + day, body);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    static JsonNode childWithCode(JsonNode summary, String code) {
        for (JsonNode c : summary.get("children")) {
            if (code.equals(c.get("area").get("code").asString())) {
                return c;
            }
        }
        throw new AssertionError("no child " + code + " in " + summary);
    }

    @Test
    void priorityAirsAtOnceNormalWaitsInTheInboxAndAWithdrawalFollows() {
        String tomorrow = Scheduling.day(1);
        String priorityBulletin =
                Scheduling.approvedBulletin(centreAdmin, centreCountry, "Cảnh báo lũ " + S, 1.5, "PRIORITY");
        String normalBulletin =
                Scheduling.approvedBulletin(centreAdmin, centreCountry, "Thông tin tiêm chủng " + S, 1.5, "NORMAL");
        Map<String, Object> urgent = Scheduling.playing(
                List.of(priorityBulletin),
                List.of(centreProvince),
                Scheduling.weekdays(tomorrow, Scheduling.day(8), "09:00"));
        urgent.put("areaId", centreCountry);
        urgent.put("priority", "PRIORITY");
        urgent.put("title", "Lũ khẩn " + S);
        JsonNode urgentAtCentre = Scheduling.create(centreAdmin, urgent);
        Map<String, Object> normal = Scheduling.playing(
                List.of(normalBulletin),
                List.of(centreProvince),
                Scheduling.weekdays(tomorrow, Scheduling.day(8), "10:00"));
        normal.put("areaId", centreCountry);
        normal.put("title", "Tiêm chủng " + S);
        Scheduling.create(centreAdmin, normal);

        // A device in a commune of the province, so its plan can be read.
        String device = Scheduling.device(provinceAdmin, localCommuneA, "Loa chợ");

        assertThat(provinceAdmin.post("/api/v1/exchange/pull", "{}").status()).isEqualTo(202);
        JsonNode urgentHere = Await.until(
                "the urgent broadcast pulled",
                Duration.ofSeconds(60),
                () -> broadcastTitled(provinceAdmin, "Lũ khẩn " + S),
                Objects::nonNull);
        JsonNode normalHere = Await.until(
                "the normal broadcast pulled",
                Duration.ofSeconds(60),
                () -> broadcastTitled(provinceAdmin, "Tiêm chủng " + S),
                Objects::nonNull);

        // PRIORITY: in the plan at once, with its audio received intact.
        assertThat(urgentHere.get("priority").asString()).isEqualTo("PRIORITY");
        JsonNode plan = Scheduling.plan(
                provinceAdmin, device, tomorrow + "T00:00:00+07:00", Scheduling.day(9) + "T00:00:00+07:00");
        assertThat(plan.get("items").toString()).contains(urgentHere.get("id").asString());
        // The NORMAL one is known to the plan only as not placed: no commune accepted it yet.
        assertThat(plan.get("items").toString())
                .doesNotContain(normalHere.get("id").asString());
        assertThat(plan.toString()).contains("NOT_ACCEPTED");
        String localBulletin =
                urgentHere.get("content").get("items").get(0).get("bulletinId").asString();
        Api.Response sent = centreAdmin.get("/api/v1/bulletins/" + priorityBulletin + "/audio");
        Api.Response here = provinceAdmin.get("/api/v1/bulletins/" + localBulletin + "/audio");
        assertThat(here.status()).isEqualTo(200);
        assertThat(here.headers().firstValue("ETag").orElse(null))
                .isEqualTo(sent.headers().firstValue("ETag").orElse(null));
        JsonNode bulletin =
                provinceAdmin.get("/api/v1/bulletins/" + localBulletin).json();
        assertThat(bulletin.get("status").asString()).isEqualTo("APPROVED");
        assertThat(bulletin.get("title").asString()).isEqualTo("Cảnh báo lũ " + S);

        // NORMAL: offered to each commune's inbox (Circular 39), not aired until accepted.
        Api communeOperator = TestWorld.user(provinceAdmin, "xa" + S, "OPERATOR", localCommuneA);
        JsonNode inbox =
                communeOperator.get("/api/v1/broadcasts/inbox?state=PENDING").json();
        assertThat(inbox.toString()).contains(normalHere.get("id").asString());

        // Pulling again changes nothing: the cursor holds.
        int before = provinceAdmin.get("/api/v1/broadcasts").json().get("total").asInt();
        assertThat(provinceAdmin.post("/api/v1/exchange/pull", "{}").status()).isEqualTo(202);
        sleep(1500);
        assertThat(provinceAdmin.get("/api/v1/broadcasts").json().get("total").asInt())
                .isEqualTo(before);

        // A withdrawal at the centre (its only bulletin archived) follows down.
        Api.Response archived = centreAdmin.post("/api/v1/bulletins/" + priorityBulletin + "/archive", "{}");
        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        assertThat(centreAdmin
                        .get("/api/v1/broadcasts/" + urgentAtCentre.get("id").asString())
                        .text("state"))
                .isEqualTo("ENDED");
        assertThat(provinceAdmin.post("/api/v1/exchange/pull", "{}").status()).isEqualTo(202);
        String localId = urgentHere.get("id").asString();
        Await.until(
                "the pulled broadcast ended as the centre ended it",
                Duration.ofSeconds(60),
                () -> {
                    JsonNode b =
                            provinceAdmin.get("/api/v1/broadcasts/" + localId).json();
                    return "ENDED".equals(b.get("state").asString()) ? b : null;
                },
                Objects::nonNull);
    }

    @Test
    void figuresGoUpAndACentreAwayForAWhileLosesNothing() {
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).minusDays(1);
        centre.close();
        Api.Response queued = provinceAdmin.post(
                "/api/v1/exchange/figures/push", Map.of("areaId", localProvince, "day", yesterday.toString()));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        assertThat(queued.json().get("queued").asInt()).isEqualTo(3); // the province and its two communes
        // The centre is away: the pushes fail and wait.
        Await.until(
                "three pushes waiting while the centre is away",
                Duration.ofSeconds(60),
                () -> {
                    JsonNode status =
                            provinceAdmin.get("/api/v1/exchange/status").json();
                    return status.get("pushes").get("waiting").asInt() >= 3 ? status : null;
                },
                Objects::nonNull);
        sleep(2000);
        assertThat(provinceAdmin
                        .get("/api/v1/exchange/status")
                        .json()
                        .get("pushes")
                        .get("waiting")
                        .asInt())
                .isGreaterThanOrEqualTo(3);

        centre = startCentre();
        String day = yesterday.toString();
        JsonNode figures = Await.until(
                "the three areas' figures at the centre",
                Duration.ofSeconds(60),
                () -> {
                    JsonNode rows = centreAdmin
                            .get("/api/v1/exchange/figures?areaId=" + centreProvince + "&from=" + day + "&to=" + day)
                            .json();
                    return rows.size() == 3 ? rows : null;
                },
                Objects::nonNull);
        assertThat(figures.toString()).contains(CODE + "-A", CODE + "-B", "Xã Một");
        JsonNode own = null;
        for (JsonNode row : figures) {
            if (row.get("areaCode").asString().equals(CODE)) {
                own = row;
            }
        }
        assertThat(own).isNotNull();
        assertThat(own.get("areaId").asString()).isEqualTo(centreProvince);
        assertThat(own.get("figures").get("plays").asInt()).isZero();
        // v1.1: streams and incidents travel with the rest (counted, so not null, even when none)
        assertThat(own.get("figures").get("outages").isNull()).isFalse();
        assertThat(own.get("figures").get("relayMinutes").isNull()).isFalse();

        // The same push again is one row, and a user of another province cannot push for this one.
        assertThat(provinceAdmin
                        .post("/api/v1/exchange/figures/push", Map.of("areaId", localProvince, "day", day))
                        .status())
                .isEqualTo(202);
        noPushWaiting(provinceAdmin, "the figures pushed again (none waiting)");
        assertThat(centreAdmin
                        .get("/api/v1/exchange/figures?areaId=" + centreProvince + "&from=" + day + "&to=" + day)
                        .json()
                        .size())
                .isEqualTo(3);
        String other = TestWorld.area(centreAdmin, "PO" + S, "Tỉnh Khác " + S, "province", centreCountry);
        Api otherUser = TestWorld.user(centreAdmin, "khac" + S, "ADMIN", other);
        Api.Response refused =
                otherUser.put("/api/v1/exchange/figures/" + CODE + "/" + day, Map.of("figures", Map.of("plays", 1)));
        assertThat(refused.status()).isEqualTo(404);
        Api.Response negative = otherUser.put(
                "/api/v1/exchange/figures/" + "PO" + S + "/" + day, Map.of("figures", Map.of("plays", -1)));
        assertThat(negative.status()).isEqualTo(422);
    }

    static JsonNode broadcastTitled(Api caller, String title) {
        for (JsonNode b : caller.get("/api/v1/broadcasts").json().get("broadcasts")) {
            if (title.equals(b.get("title").asString())) {
                return caller.get("/api/v1/broadcasts/" + b.get("id").asString())
                        .json();
            }
        }
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void noPushWaiting(Api admin, String what) {
        Await.until(
                what,
                Duration.ofSeconds(60),
                () -> admin.get("/api/v1/exchange/status")
                                .json()
                                .get("pushes")
                                .get("waiting")
                                .asInt()
                        == 0);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
