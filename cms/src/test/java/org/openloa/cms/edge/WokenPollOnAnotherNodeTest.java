package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.TestWorld;
import org.openloa.cms.TwoNodes;
import org.openloa.cms.broadcast.Scheduling;
import org.openloa.cms.edge.fast.FastListener;

/**
 * A box woken for a change polls whichever node the load balancer picks, and that node may not have read the
 * change yet: its index drops other nodes' changes only at its next refresh. The woken poll says so with
 * {@code Cache-Control: no-cache}, and the node then checks the device's plan version in the database before it
 * answers, on cms's own port and on the fast listener. Node two here refreshes once an hour, so only that check
 * can give the box the change made through node one.
 */
class WokenPollOnAnotherNodeTest {

    static final String S = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    static TwoNodes nodes;
    static Api adminOne;
    static Api nodeTwo;
    static Api fastTwo;
    static String commune;

    @BeforeAll
    static void start() {
        nodes = TwoNodes.start(
                "woken",
                "woken-poll-secret-1234",
                List.of(),
                List.of("--openloa.edge.refresh-interval=PT1H", "--openloa.edge.fast-port=0"));
        adminOne = nodes.admin(nodes.one);
        nodeTwo = new Api(TwoNodes.port(nodes.two));
        fastTwo = new Api(nodes.two.getBean(FastListener.class).port());
        String province = TestWorld.area(adminOne, "WK" + S, "Tỉnh Thức " + S, "province", null);
        commune = TestWorld.area(adminOne, "WK" + S + "-A", "Xã Thức", "commune", province);
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aWokenPollGetsTheChangeFromANodeThatHasNotRefreshed() {
        for (Api port : List.of(nodeTwo, fastTwo)) {
            // Each round its own hour: two relays at one time in one commune would conflict, and one not air.
            String at = port == nodeTwo ? "07:00" : "09:00";
            String credential = enrolledBox("Loa " + (port == nodeTwo ? "chợ" : "đình"));
            Api box = port.bearer(credential);
            Api.Response first = box.get("/edge/v1/manifest");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(box.get("/edge/v1/manifest", "If-None-Match", etag).status())
                    .isEqualTo(304);

            // The change commits through node one; node two's index will not read it for an hour.
            Map<String, Object> body = new LinkedHashMap<>(Scheduling.relaying(
                    "PT5M", List.of(commune), Scheduling.weekdays(Scheduling.day(1), Scheduling.day(3), at)));
            body.put("areaId", commune);
            body.put("title", "Tiếp sóng " + S);
            String broadcast = Scheduling.create(adminOne, body).get("id").asString();

            Api.Response woken = box.get("/edge/v1/manifest", "If-None-Match", etag, "Cache-Control", "no-cache");
            assertThat(woken.status()).as(woken.body()).isEqualTo(200);
            assertThat(woken.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
            assertThat(woken.body()).contains(broadcast);
            // The node now holds the new manifest: the box's next ordinary poll is a 304 on the new tag.
            String newTag = woken.headers().firstValue("ETag").orElseThrow();
            assertThat(box.get("/edge/v1/manifest", "If-None-Match", newTag).status())
                    .isEqualTo(304);
        }
    }

    /**
     * The wake names the plan version its change committed, and the woken poll sends it back
     * ({@code OpenLoa-Plan-Version}): a node that holds that version answers from memory without reading the
     * database, and one that holds an older version reads it first, as for any woken poll. So a wake from a change
     * node two has not seen still gets the change there, and an old wake (a version node two holds) is answered at
     * once, with what node two holds.
     */
    @Test
    void aWokenPollNamingAVersionTheNodeHoldsIsAnsweredFromMemoryAndANewerOneIsRead() {
        for (Api port : List.of(nodeTwo, fastTwo)) {
            String at = port == nodeTwo ? "11:00" : "13:00";
            EnrolledDevice device =
                    EnrolledDevice.enrol(adminOne, Map.of("name", "Loa " + at, "areaId", commune), nodeTwo);
            Api box = port.bearer(device.credential());
            Api.Response first = box.get("/edge/v1/manifest");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            long held = planVersion(device);

            Map<String, Object> body = new LinkedHashMap<>(Scheduling.relaying(
                    "PT5M", List.of(commune), Scheduling.weekdays(Scheduling.day(1), Scheduling.day(3), at)));
            body.put("areaId", commune);
            body.put("title", "Tiếp sóng " + at + " " + S);
            String broadcast = Scheduling.create(adminOne, body).get("id").asString();
            long committed = planVersion(device);
            assertThat(committed).isGreaterThan(held);

            // A wake of the version node two holds: answered from its memory, which has not seen the new change.
            Api.Response old = woken(box, etag, held);
            assertThat(old.status()).as(old.body()).isEqualTo(304);

            // The wake of the new change: node two holds an older version, so it reads the database first.
            Api.Response woken = woken(box, etag, committed);
            assertThat(woken.status()).as(woken.body()).isEqualTo(200);
            assertThat(woken.body()).contains(broadcast);
            String newTag = woken.headers().firstValue("ETag").orElseThrow();

            // Now it holds it: the same wake again (MQTT may deliver it twice) is answered from memory.
            assertThat(woken(box, newTag, committed).status()).isEqualTo(304);
            // A version that is not a number is ignored: the poll revalidates as without it.
            Api.Response odd =
                    box.get("/edge/v1/manifest", "Cache-Control", "no-cache", "OpenLoa-Plan-Version", "-1; drop table");
            assertThat(odd.status()).as(odd.body()).isEqualTo(200);
            assertThat(odd.body()).contains(broadcast);
        }
    }

    /**
     * Behind round robin, a box's polls alternate between the nodes. After a change through node one, the box gets the
     * new manifest from node one; its next poll reaches node two, which has not read the change. That node must not
     * answer with the older manifest it holds in memory: the box would take it, poll again at once (a new plan), get
     * the new one from node one, and flip between the two until node two refreshed (hundreds of polls a second,
     * docs/edge-protocol.md). The box's ETag names a newer plan version than node two holds, so node two reads the
     * database instead, and the box gets a 304. An ETag with a version that does not exist yet costs the box that read
     * and gets it the current manifest.
     */
    @Test
    void aNodeBehindNeverSendsABoxBackToAnOlderManifest() {
        Api nodeOne = new Api(TwoNodes.port(nodes.one));
        for (Api port : List.of(nodeTwo, fastTwo)) {
            String at = port == nodeTwo ? "15:00" : "17:00";
            EnrolledDevice device =
                    EnrolledDevice.enrol(adminOne, Map.of("name", "Loa " + at, "areaId", commune), nodeTwo);
            Api onTwo = port.bearer(device.credential());
            Api onOne = nodeOne.bearer(device.credential());
            Api.Response first = onTwo.get("/edge/v1/manifest");
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            String old = first.headers().firstValue("ETag").orElseThrow();

            Map<String, Object> body = new LinkedHashMap<>(Scheduling.relaying(
                    "PT5M", List.of(commune), Scheduling.weekdays(Scheduling.day(1), Scheduling.day(3), at)));
            body.put("areaId", commune);
            body.put("title", "Tiếp sóng " + at + " " + S);
            String broadcast = Scheduling.create(adminOne, body).get("id").asString();
            Api.Response fromOne = onOne.get("/edge/v1/manifest", "If-None-Match", old);
            assertThat(fromOne.status()).as(fromOne.body()).isEqualTo(200);
            assertThat(fromOne.body()).contains(broadcast);
            String current = fromOne.headers().firstValue("ETag").orElseThrow();
            assertThat(current).isNotEqualTo(old);

            for (int poll = 0; poll < 3; poll++) {
                Api.Response fromTwo = onTwo.get("/edge/v1/manifest", "If-None-Match", current);
                assertThat(fromTwo.status())
                        .as("poll %d on node two, which has not refreshed: %s", poll, fromTwo.body())
                        .isEqualTo(304);
                assertThat(fromTwo.headers().firstValue("ETag")).contains(current);
            }
            // The box that polls with the old ETag still gets the change, from node two's memory now.
            Api.Response behind = onTwo.get("/edge/v1/manifest", "If-None-Match", old);
            assertThat(behind.status()).as(behind.body()).isEqualTo(200);
            assertThat(behind.body()).contains(broadcast);

            String madeUp = current.replaceFirst("m-\\d+-", "m-999999999-");
            Api.Response ahead = onTwo.get("/edge/v1/manifest", "If-None-Match", madeUp);
            assertThat(ahead.status()).as(ahead.body()).isEqualTo(200);
            assertThat(ahead.headers().firstValue("ETag")).contains(current);
        }
    }

    /** The poll that answers a wake which named {@code version}. */
    private static Api.Response woken(Api box, String etag, long version) {
        return box.get(
                "/edge/v1/manifest",
                "If-None-Match",
                etag,
                "Cache-Control",
                "no-cache",
                "OpenLoa-Plan-Version",
                Long.toString(version));
    }

    private static long planVersion(EnrolledDevice device) {
        return nodes.one
                .getBean(org.springframework.jdbc.core.JdbcTemplate.class)
                .queryForObject(
                        "select version from device_plan where device_id = ?",
                        Long.class,
                        java.util.UUID.fromString(device.id()));
    }

    private static String enrolledBox(String name) {
        return EnrolledDevice.enrol(adminOne, Map.of("name", name, "areaId", commune), nodeTwo)
                .credential();
    }
}
