package org.openloa.cms.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.edge.EdgeAgent;
import org.openloa.edge.config.AgentConfig;
import org.openloa.testing.Await;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v1/reports/summary against play logs made by a real edge agent (in this JVM, playing into a file
 * sink): a bulletin planned on a loudspeaker of commune A airs, and the report's planned and aired seconds,
 * compliance, bulletins and loudspeakers are what the plan and the play logs say, for the province and for
 * commune A, with commune B empty; the same report downloads as CSV, XLSX and PDF with Vietnamese intact. The
 * world and its agent are made once for the class (an airing takes a minute or two).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportApiTest extends ServerTest {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private TestWorld w;
    private String deviceId;
    private String day;
    private EdgeAgent agent;
    private Path dir;

    @org.springframework.beans.factory.annotation.Value("${local.server.port}")
    private int port;

    @BeforeAll
    void airABulletin() throws Exception {
        api = new Api(port);
        admin = api.as("admin", ADMIN_PASSWORD);
        w = world();
        Api.Response created = w.operatorA()
                .post(
                        "/api/v1/devices",
                        Map.of("name", "Loa chợ " + w.suffix(), "areaId", w.villageAId(), "tags", List.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        deviceId = created.text("id");
        assertThat(w.operatorA()
                        .patch("/api/v1/devices/" + deviceId, Map.of("pollSeconds", 20))
                        .status())
                .isEqualTo(200);
        dir = Files.createTempDirectory("report-agent");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("OPENLOA_SERVER_URL", baseUrl());
        settings.put("OPENLOA_ENROLLMENT_CODE", created.text("enrollmentCode"));
        settings.put(
                "OPENLOA_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString());
        settings.put("OPENLOA_PLAYER", "file:" + Files.createDirectories(dir.resolve("sink")));
        settings.put("OPENLOA_HARDWARE_ID", "report-test-" + w.suffix());
        settings.put("OPENLOA_POLL_SECONDS", "5");
        settings.put("OPENLOA_HEARTBEAT_SECONDS", "5");
        agent = EdgeAgent.startInProcess(AgentConfig.load(null, settings));

        String bulletin = Scheduling.approvedBulletin(admin, w.communeAId(), "Bản tin thử " + w.suffix(), 8, "NORMAL");
        OffsetDateTime at =
                OffsetDateTime.now(ZoneOffset.ofHours(7)).plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
        if (Duration.between(OffsetDateTime.now(), at).toSeconds() < 25) {
            at = at.plusMinutes(1);
        }
        day = at.atZoneSameInstant(VIETNAM).toLocalDate().toString();
        Map<String, Object> body = new HashMap<>(
                Scheduling.playing(List.of(bulletin), List.of(w.communeAId()), Scheduling.once(at.toString())));
        body.put("priority", "NORMAL");
        Scheduling.create(w.operatorA(), body);
        Await.until("the agent reports the bulletin played", Duration.ofMinutes(3), () -> played().size() >= 1);
    }

    @AfterAll
    void stopTheAgent() throws IOException {
        if (agent != null) {
            agent.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private List<JsonNode> played() {
        Api.Response logs = w.operatorA().get("/api/v1/playlogs?deviceId=" + deviceId);
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        logs.json().forEach(found::add);
        return found.stream()
                .filter(l -> l.get("outcome").asString().equals("PLAYED"))
                .toList();
    }

    @Test
    void theFiguresAreWhatThePlanAndThePlayLogsSay() {
        // What the plan sent the device, and what its play logs say it aired, clipped to each item's length.
        JsonNode plan = Scheduling.plan(w.operatorA(), deviceId, day + "T00:00:00+07:00", day + "T23:59:59+07:00");
        Map<String, Long> planned = new HashMap<>();
        for (JsonNode item : plan.get("items")) {
            planned.put(
                    item.get("id").asString(),
                    Duration.between(
                                    OffsetDateTime.parse(item.get("start").asString()),
                                    OffsetDateTime.parse(item.get("end").asString()))
                            .toSeconds());
        }
        Map<String, Long> aired = new HashMap<>();
        for (JsonNode log : played()) {
            aired.merge(
                    log.get("itemId").asString(),
                    Duration.between(
                                    Instant.parse(log.get("startedAt").asString()),
                                    Instant.parse(log.get("endedAt").asString()))
                            .toSeconds(),
                    Long::sum);
        }
        long plannedSeconds =
                planned.values().stream().mapToLong(Long::longValue).sum();
        long airedSeconds = planned.entrySet().stream()
                .mapToLong(e -> Math.min(e.getValue(), aired.getOrDefault(e.getKey(), 0L)))
                .sum();
        assertThat(plannedSeconds).as("the bulletin's item was planned").isGreaterThanOrEqualTo(7);
        assertThat(airedSeconds).as("and aired").isGreaterThan(0);

        Api.Response response = w.provinceAdmin()
                .get("/api/v1/reports/summary?areaId=" + w.provinceId() + "&from=" + day + "&to=" + day);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("zone").asString()).isEqualTo("Asia/Ho_Chi_Minh");
        JsonNode total = report.get("total");
        assertThat(total.get("plannedSeconds").asLong()).isEqualTo(plannedSeconds);
        assertThat(total.get("airedSeconds").asLong()).isEqualTo(airedSeconds);
        assertThat(total.get("compliance").asDouble())
                .isCloseTo((double) airedSeconds / plannedSeconds, org.assertj.core.data.Offset.offset(0.0001));
        assertThat(total.get("bulletins").get("total").asLong()).isEqualTo(1);
        assertThat(total.get("bulletins").get("byStatus").get("APPROVED").asLong())
                .isEqualTo(1);
        assertThat(total.get("bulletins")
                        .get("byCategory")
                        .get("thong-bao-ubnd")
                        .asLong())
                .isEqualTo(1);
        assertThat(total.get("bulletins").get("byPriority").get("NORMAL").asLong())
                .isEqualTo(1);
        assertThat(total.get("airedMinutesByCategory").get("thong-bao-ubnd").asDouble())
                .isEqualTo(Math.round(airedSeconds / 6.0) / 10.0);
        assertThat(total.get("devicesInstalled").asLong()).isEqualTo(1);
        assertThat(total.get("devicesWorkingNow").asLong()).isEqualTo(1);
        assertThat(total.get("onlineRate").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
        assertThat(total.get("missedPlays").asLong()).isZero();

        Map<String, JsonNode> children = new HashMap<>();
        report.get("children").forEach(c -> children.put(c.get("area").get("id").asString(), c.get("figures")));
        assertThat(children).containsOnlyKeys(w.communeAId(), w.communeBId());
        JsonNode a = children.get(w.communeAId());
        assertThat(a.get("airedSeconds").asLong()).isEqualTo(airedSeconds);
        assertThat(a.get("devicesInstalled").asLong()).isEqualTo(1);
        JsonNode b = children.get(w.communeBId());
        assertThat(b.get("plannedSeconds").asLong()).isZero();
        assertThat(b.get("devicesInstalled").asLong()).isZero();
        assertThat(b.get("compliance").isNull()).isTrue();
        assertThat(b.get("onlineRate").isNull()).isTrue();

        JsonNode today = report.get("days").get(0);
        assertThat(today.get("date").asString()).isEqualTo(day);
        assertThat(today.get("airedMinutes").asDouble())
                .isEqualTo(total.get("airedMinutes").asDouble());
    }

    @Test
    void eachCallerSeesOnlyTheirReachAndBadInputNamesTheField() {
        Api.Response outside =
                w.operatorB().get("/api/v1/reports/summary?areaId=" + w.communeAId() + "&from=" + day + "&to=" + day);
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.contentType()).startsWith("application/problem+json");
        Api.Response own = w.operatorB().get("/api/v1/reports/summary?from=" + day + "&to=" + day);
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("area").get("id").asString()).isEqualTo(w.communeBId());
        assertThat(own.json().get("total").get("devicesInstalled").asLong()).isZero();
        assertThat(api.anonymous().get("/api/v1/reports/summary").status()).isEqualTo(401);

        assertField(w.operatorA().get("/api/v1/reports/summary?from=01/03/2027"), 400, "from");
        assertField(w.operatorA().get("/api/v1/reports/summary?from=2027-03-08&to=2027-03-01"), 422, "to");
        assertField(w.operatorA().get("/api/v1/reports/summary?from=2026-01-01&to=2027-03-01"), 422, "to");
        assertField(w.operatorA().get("/api/v1/reports/summary?format=docx"), 400, "format");
    }

    @Test
    void theReportDownloadsAsCsvXlsxAndPdfWithVietnameseIntact() throws Exception {
        String path = "/api/v1/reports/summary?areaId=" + w.provinceId() + "&from=" + day + "&to=" + day;
        String communeA = "Xã An " + w.suffix();

        HttpResponse<byte[]> csv = download(path + "&format=csv", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).contains("Bản tin", "Số phút đã phát", communeA, "Thông báo của UBND");

        HttpResponse<byte[]> xlsx = download(path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        List<String> cells = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                try (Stream<Row> rows = sheet.openStream()) {
                    rows.forEach(r -> r.forEach(c -> cells.add(c == null ? "" : c.getText())));
                }
            }
        }
        assertThat(cells).contains("Bản tin", communeA, "Báo cáo phát thanh cơ sở — Tỉnh Thử " + w.suffix());

        HttpResponse<byte[]> pdf = download(path + "&format=pdf", null);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            // (a table's header may wrap inside its cell: the words are compared, not the line breaks)
            String extracted = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(extracted).contains("Bản tin", communeA, "Tỷ lệ thực hiện", "Thông báo của UBND");
        }

        HttpResponse<byte[]> english = download(path + "&format=csv", null, "Accept-Language", "en");
        assertThat(new String(english.body(), StandardCharsets.UTF_8)).contains("Aired minutes", communeA);
    }

    private HttpResponse<byte[]> download(String path, String accept, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("padmin" + w.suffix() + ":" + TestWorld.PASSWORD)
                                                .getBytes(StandardCharsets.UTF_8)));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @org.springframework.beans.factory.annotation.Autowired
    private org.quartz.Scheduler scheduler;

    @Test
    void theMonthlyJobKeepsLastMonthsReportOfEachAreaOnceAndItDownloads() throws Exception {
        scheduler.triggerJob(MonthlyReportSchedule.JOB);
        String lastMonth =
                java.time.YearMonth.now(VIETNAM).minusMonths(1).atDay(1).toString();
        List<JsonNode> kept = new ArrayList<>();
        Await.until(
                "the monthly job made the reports of the province, its communes and villages",
                Duration.ofSeconds(60),
                () -> {
                    kept.clear();
                    w.provinceAdmin().get("/api/v1/reports/monthly").json().forEach(kept::add);
                    return kept.size() >= 5;
                });
        assertThat(kept).allSatisfy(m -> assertThat(m.get("month").asString()).isEqualTo(lastMonth));
        assertThat(kept.stream().map(m -> m.get("areaName").asString()))
                .contains("Tỉnh Thử " + w.suffix(), "Xã An " + w.suffix(), "Xã Bình " + w.suffix());

        // Again: nothing new (one per area and month).
        scheduler.triggerJob(MonthlyReportSchedule.JOB);
        Thread.sleep(3000);
        assertThat(w.provinceAdmin().get("/api/v1/reports/monthly").json().size())
                .isEqualTo(kept.size());

        // Commune B's operator lists only commune B's; commune A's report is 404 to them.
        List<String> bs = new ArrayList<>();
        w.operatorB()
                .get("/api/v1/reports/monthly")
                .json()
                .forEach(m -> bs.add(m.get("areaName").asString()));
        assertThat(bs).contains("Xã Bình " + w.suffix()).doesNotContain("Xã An " + w.suffix());
        String communeA = kept.stream()
                .filter(m -> m.get("areaName").asString().equals("Xã An " + w.suffix()))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        assertThat(w.operatorB().get("/api/v1/reports/monthly/" + communeA).status())
                .isEqualTo(404);

        Api.Response one = w.operatorA().get("/api/v1/reports/monthly/" + communeA);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().get("from").asString()).isEqualTo(lastMonth);
        HttpResponse<byte[]> pdf = download("/api/v1/reports/monthly/" + communeA + "?format=pdf", null);
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(document)).contains("Xã An " + w.suffix(), "Bản tin");
        }
    }

    private static void assertField(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }
}
