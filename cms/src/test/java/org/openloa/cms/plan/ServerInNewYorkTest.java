package org.openloa.cms.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.approvedBulletin;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.device;
import static org.openloa.cms.broadcast.Scheduling.plan;
import static org.openloa.cms.broadcast.Scheduling.playing;
import static org.openloa.cms.broadcast.Scheduling.relaying;
import static org.openloa.cms.broadcast.Scheduling.weekdays;

import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Schedules keep Vietnam's time whatever the server's own zone: checked from outside with the server's JVM in
 * another time zone, New York, whose clocks change on 14 March 2027, in the middle of the fortnight.
 *
 * <p>The JVM's default zone is set before this class's own server starts (a distinct test context, made
 * distinct by a marker property), and restored afterwards. Server code never reads the default zone: a scan
 * ({@link NoHiddenZoneTest}) keeps it that way, and this test shows the outcome.
 */
@TestPropertySource(properties = "openloa.test.context=server-in-new-york")
class ServerInNewYorkTest extends ServerTest {

    private static TimeZone original;
    private static long zoneSetAt;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void moveTheServerToNewYork() {
        original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        zoneSetAt = System.currentTimeMillis();
    }

    @AfterAll
    static void bringItBack() {
        TimeZone.setDefault(original);
    }

    @Test
    void weekdaysAt0600And1730InHoChiMinhGiveExactlyTwentyItemsAtPlus0700() {
        assertThat(TimeZone.getDefault().getID()).isEqualTo("America/New_York");
        assertThat(context.getStartupDate())
                .as("the server started after the zone was set")
                .isGreaterThanOrEqualTo(zoneSetAt);
        TestWorld w = world();
        String loudspeaker = device(w.operatorA(), w.villageAId(), "Loa thôn 1");
        String news = approvedBulletin(admin, w.communeAId(), "Bản tin thời sự", 3, "NORMAL");
        JsonNode broadcast = create(
                w.operatorA(),
                playing(
                        List.of(news),
                        List.of(w.communeAId()),
                        weekdays("2027-03-08", "2027-03-19", "06:00", "17:30")));
        assertThat(broadcast.get("nextOccurrences").get(0).get("at").asString()).isEqualTo("2027-03-08T06:00:00+07:00");

        JsonNode plan = plan(w.operatorA(), loudspeaker, "2027-03-08", "2027-03-20");
        assertThat(plan.get("timeZone").asString()).isEqualTo("Asia/Ho_Chi_Minh");
        JsonNode items = plan.get("items");
        assertThat(items.size()).isEqualTo(20);
        for (JsonNode item : items) {
            String start = item.get("start").asString();
            assertThat(start).matches("2027-03-\\d\\dT(06:00|17:30):00\\+07:00");
            assertThat(OffsetDateTime.parse(start).getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        }
        assertThat(items.valueStream()
                        .map(i -> i.get("start").asString())
                        .distinct()
                        .count())
                .isEqualTo(20);
        assertThat(plan.get("unplaced").size()).isZero();

        // The same through the calendar, and the instants stay put on either side of New York's change.
        JsonNode calendar = w.operatorA()
                .get("/api/v1/areas/" + w.communeAId() + "/calendar?from=2027-03-12&to=2027-03-16")
                .json();
        assertThat(calendar.get("groups")
                        .get(0)
                        .get("items")
                        .valueStream()
                        .map(i -> i.get("start").asString()))
                .containsExactly(
                        "2027-03-12T06:00:00+07:00",
                        "2027-03-12T17:30:00+07:00",
                        "2027-03-15T06:00:00+07:00",
                        "2027-03-15T17:30:00+07:00");
    }

    @Test
    void anAreaInNewYorkAirsItsLocalTimesAcrossTheClockChange() {
        TestWorld w = world();
        Api.Response area = admin.post(
                "/api/v1/areas",
                Map.of(
                        "code",
                        "NY" + w.suffix(),
                        "name",
                        "Queens " + w.suffix(),
                        "kind",
                        "village",
                        "parentId",
                        w.communeAId(),
                        "timeZone",
                        "America/New_York"));
        assertThat(area.status()).as(area.body()).isEqualTo(201);
        String queens = area.text("id");
        String loudspeaker = device(w.operatorA(), queens, "Loa Queens");
        Map<String, Object> daily = relaying(
                "PT10M",
                List.of(queens),
                Map.of(
                        "type",
                        "RECURRING",
                        "times",
                        List.of("02:30", "09:00"),
                        "startDate",
                        "2027-03-13",
                        "endDate",
                        "2027-03-15"));
        create(w.operatorA(), daily);

        JsonNode items =
                plan(w.operatorA(), loudspeaker, "2027-03-13", "2027-03-16").get("items");
        // 02:30 does not exist on 14 March in New York: it airs at 03:30 EDT; 09:00 keeps its local time.
        assertThat(items.valueStream().map(i -> i.get("start").asString()).toList())
                .containsExactly(
                        "2027-03-13T02:30:00-05:00",
                        "2027-03-13T09:00:00-05:00",
                        "2027-03-14T03:30:00-04:00",
                        "2027-03-14T09:00:00-04:00",
                        "2027-03-15T02:30:00-04:00",
                        "2027-03-15T09:00:00-04:00");
    }
}
