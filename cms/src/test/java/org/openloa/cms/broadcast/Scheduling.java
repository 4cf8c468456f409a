package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

/**
 * Builders for the scheduling tests: approved bulletins made through the real bulletin API (a short tone,
 * processed by the media pipeline, submitted by an editor and approved by an approver), devices, and the
 * broadcast JSON of the API.
 */
public final class Scheduling {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Scheduling() {}

    /** An approved bulletin of {@code areaId} whose delivery audio lasts about {@code seconds}. */
    public static String approvedBulletin(Api admin, String areaId, String title, double seconds, String priority) {
        String id = submittedBulletin(admin, areaId, title, seconds, priority);
        Api approver = TestWorld.user(admin, "pd" + unique(), "APPROVER", areaId);
        Api.Response approved = approver.post("/api/v1/bulletins/" + id + "/approve", "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return id;
    }

    /** A bulletin with audio, submitted but not approved. */
    public static String submittedBulletin(Api admin, String areaId, String title, double seconds, String priority) {
        Api editor = TestWorld.user(admin, "bt" + unique(), "EDITOR", areaId);
        Api.Response created = editor.post(
                "/api/v1/bulletins",
                Map.of(
                        "title",
                        title,
                        "category",
                        "thong-bao-ubnd",
                        "body",
                        "Nội dung " + title,
                        "areaId",
                        areaId,
                        "priority",
                        priority));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.text("id");
        Api.Response upload = editor.upload(
                "/api/v1/bulletins/" + id + "/audio",
                "file",
                "ban-tin.wav",
                TestAudio.toneWav(seconds, 0.1),
                "audio/wav");
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        AudioJobs.succeeded(editor, upload.text("id"));
        Api.Response submitted = editor.post("/api/v1/bulletins/" + id + "/submit", "{}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        return id;
    }

    public static String device(Api caller, String areaId, String name, String... tags) {
        Api.Response created =
                caller.post("/api/v1/devices", Map.of("name", name, "areaId", areaId, "tags", List.of(tags)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    /** A day {@code days} from today in Vietnam, as "2027-03-08". */
    public static String day(int days) {
        return java.time.LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"))
                .plusDays(days)
                .toString();
    }

    /** That day at a local time in Vietnam, with its offset: "2027-03-08T18:00:00+07:00". */
    public static String at(int days, String time) {
        return day(days) + "T" + time + ":00+07:00";
    }

    public static Map<String, Object> once(String at) {
        return Map.of("type", "ONCE", "at", at);
    }

    public static Map<String, Object> weekdays(String startDate, String endDate, String... times) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("type", "RECURRING");
        schedule.put("daysOfWeek", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"));
        schedule.put("times", List.of(times));
        schedule.put("startDate", startDate);
        schedule.put("endDate", endDate);
        return schedule;
    }

    /** A broadcast body; add or replace fields on the returned map. */
    public static Map<String, Object> playing(
            List<String> bulletinIds, List<String> areaIds, Map<String, Object> schedule) {
        Map<String, Object> body = new HashMap<>();
        body.put("bulletinIds", bulletinIds);
        body.put("targets", Map.of("areaIds", areaIds, "tags", List.of()));
        body.put("schedule", schedule);
        return body;
    }

    /** A relay of a stream for a slot. */
    public static Map<String, Object> relaying(String slot, List<String> areaIds, Map<String, Object> schedule) {
        Map<String, Object> body = new HashMap<>();
        body.put("streamUrl", "https://radio.example.vn/live.mp3");
        body.put("slotLength", slot);
        body.put("targets", Map.of("areaIds", areaIds, "tags", List.of()));
        body.put("schedule", schedule);
        return body;
    }

    public static JsonNode create(Api caller, Map<String, Object> body) {
        Api.Response created = caller.post("/api/v1/broadcasts", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    public static JsonNode plan(Api caller, String deviceId, String from, String to) {
        Api.Response plan = caller.get("/api/v1/devices/" + deviceId + "/plan?from=" + enc(from) + "&to=" + enc(to));
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        return plan.json();
    }

    public static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String unique() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36) + COUNTER.incrementAndGet();
    }
}
