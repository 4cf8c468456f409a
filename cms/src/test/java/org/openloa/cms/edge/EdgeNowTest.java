package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.edge.progress.ItemProgress;
import org.openloa.cms.edge.withdrawal.Withdrawals;
import org.openloa.testing.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What issue 14 asks of the edge, through real HTTP as a box uses it: long polls answered the moment the
 * device's manifest changes (on this node, and when another node's change reaches device_plan), item events
 * stored once, withdrawn items with their reason.
 */
class EdgeNowTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LongPolls longPolls;

    @Autowired
    ManifestIndex index;

    @Autowired
    ItemProgress progress;

    @Autowired
    ManifestWarmer warmer;

    @Autowired
    Withdrawals withdrawals;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    // ---------------------------------------------------------------- long poll

    @Test
    void aHeldPollIsAnsweredWithTheNewItemAsSoonAsABroadcastReachesTheDevice() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = etagOf(box);
        int before = longPolls.held();

        CompletableFuture<HttpResponse<String>> poll = longPoll(box, etag, 60);
        Await.until("the box's poll held", Duration.ofSeconds(30), () -> longPolls.held() > before);
        assertThat(poll).isNotDone();

        JsonNode broadcast = create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(inHours(2))));

        HttpResponse<String> answer = poll.get(55, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=60");
        assertThat(answer.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        JsonNode items = JSON.readTree(answer.body()).get("items");
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("id").asString())
                .startsWith(broadcast.get("id").asString() + "@");
    }

    /**
     * A wave (an emergency to a commune): every held poll is answered from the warmer's batch build, which also
     * remembered what each box was told, instead of each poll building its own manifest against the database at
     * the same instant (which left 377 of 1,000 long-polling boxes without the emergency in 90 s in bench/fleet).
     */
    @Test
    void theHeldPollsOfAWaveAreAnsweredFromTheWarmersBuildWithWhatEachBoxWasToldRemembered() throws Exception {
        TestWorld w = world();
        int boxes = 12;
        List<Box> fleet = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        int before = longPolls.held();
        for (int i = 0; i < boxes; i++) {
            Box box = box(w.operatorA(), w.villageAId());
            fleet.add(box);
            polls.add(longPoll(box, etagOf(box), 60));
        }
        Await.until("every box's poll held", Duration.ofSeconds(30), () -> longPolls.held() >= before + boxes);
        long builtBefore = warmer.built.sum();

        JsonNode broadcast = create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(inHours(2))));

        for (int i = 0; i < boxes; i++) {
            HttpResponse<String> answer = polls.get(i).get(55, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            String item =
                    JSON.readTree(answer.body()).get("items").get(0).get("id").asString();
            assertThat(item).startsWith(broadcast.get("id").asString() + "@");
            assertThat(jdbc.queryForObject(
                            "select count(*) from device_plan_item where device_id = ? and item_id = ?",
                            Integer.class,
                            UUID.fromString(fleet.get(i).id()),
                            item))
                    .as("the item this box was sent is remembered")
                    .isEqualTo(1);
        }
        assertThat(warmer.built.sum() - builtBefore)
                .as("built ahead, in batches, not by each held poll")
                .isGreaterThanOrEqualTo(boxes);
    }

    @Test
    void aHeldPollWithNothingNewIsNotModifiedWhenTheWaitEnds() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = etagOf(box);

        HttpResponse<String> answer = longPoll(box, etag, 2).get(40, TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(304);
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=2");
        assertThat(answer.headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void aWaitLongerThanTheMaximumIsCutAndAnImmediateAnswerSaysThePollsAreHeld() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        HttpResponse<String> first = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/manifest"))
                        .header("Authorization", "Bearer " + box.credential())
                        .header("Prefer", "wait=600")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Preference-Applied")).contains("wait=60");
        HttpResponse<String> plain = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/manifest"))
                        .header("Authorization", "Bearer " + box.credential())
                        .header(
                                "If-None-Match",
                                first.headers().firstValue("ETag").orElseThrow())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(304);
        assertThat(plain.headers().firstValue("Preference-Applied")).isEmpty();
    }

    @Test
    void aWrongCredentialOnALongPollIsRefusedAtOnce() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = etagOf(box);
        // The request's own timeout is far shorter than the wait asked for: a held 401 would fail it.
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/manifest"))
                        .header("Authorization", "Bearer oled_not-a-real-credential-at-all-0000000000")
                        .header("If-None-Match", etag)
                        .header("Prefer", "wait=60")
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void aPollHeldOnTheOrdinaryPathIsAnsweredWhenAnotherNodesChangeReachesDevicePlan() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = etagOf(box);
        // This node has forgotten the device (a restart, a poll that came to another node before): the poll
        // goes down the ordinary path, which checks the credential against the database and then holds it.
        index.forget(UUID.fromString(box.id()));
        int before = longPolls.held();
        CompletableFuture<HttpResponse<String>> poll = longPoll(box, etag, 60);
        Await.until("the box's poll held", Duration.ofSeconds(30), () -> longPolls.held() > before);

        // Another node commits a change: this node learns of it only from device_plan, at its next look.
        jdbc.update(
                "update device_plan set version = version + 1, changed_at = ? where device_id = ?",
                Timestamp.from(Instant.now()),
                UUID.fromString(box.id()));

        HttpResponse<String> answer = poll.get(55, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=60");
    }

    @Test
    void aRetiredDevicesHeldPollIsRefused() throws Exception {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String etag = etagOf(box);
        int before = longPolls.held();
        CompletableFuture<HttpResponse<String>> poll = longPoll(box, etag, 60);
        Await.until("the box's poll held", Duration.ofSeconds(30), () -> longPolls.held() > before);

        assertThat(w.operatorA().delete("/api/v1/devices/" + box.id()).status()).isEqualTo(200);

        assertThat(poll.get(55, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- events

    @Test
    void itemEventsAreStoredOncePerIdAndRefusedForAnItemTheDeviceWasNeverSent() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        Box other = box(w.operatorB(), w.villageBId());
        String item = plannedItem(w, box);
        List<Map<String, Object>> batch =
                List.of(event(item, "RECEIVED", null), event(item, "READY", null), event(item, "STARTED", null));

        assertThat(box.edge().post("/edge/v1/events", batch).status()).isEqualTo(204);
        assertThat(box.edge().post("/edge/v1/events", batch).status()).isEqualTo(204);
        assertThat(eventsOf(item)).isEqualTo(3);

        Api.Response foreign = other.edge().post("/edge/v1/events", List.of(event(item, "RECEIVED", null)));
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(foreign.text("code")).isEqualTo("not-in-plan");
        Api.Response mixed =
                box.edge().post("/edge/v1/events", List.of(event(item, "ENDED", null), event(item + "9", "LATE", "x")));
        assertThat(mixed.status()).isEqualTo(422);
        assertThat(mixed.json().get("errors").get(0).get("field").asString()).isEqualTo("[1].itemId");
        assertThat(eventsOf(item)).isEqualTo(3);

        Map<String, Object> noType = event(item, "STARTED", null);
        noType.remove("type");
        assertThat(box.edge().post("/edge/v1/events", List.of(noType)).status()).isEqualTo(400);
        assertThat(box.edge()
                        .post("/edge/v1/events", List.of(event(item, "EXPLODED", null)))
                        .status())
                .isEqualTo(400);
        assertThat(box.edge().post("/edge/v1/events", "{\"not\": \"an array\"}").status())
                .isEqualTo(400);
        Map<String, Object> badId = event(item, "STARTED", null);
        badId.put("id", "not-a-uuid");
        assertThat(box.edge().post("/edge/v1/events", List.of(badId)).status()).isEqualTo(422);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(event(item, "RECEIVED", null));
        }
        assertThat(box.edge().post("/edge/v1/events", tooMany).status()).isEqualTo(413);
        assertThat(api.bearer("oled_not-a-real-credential-at-all-0000000000")
                        .post("/edge/v1/events", batch)
                        .status())
                .isEqualTo(401);
        assertThat(eventsOf(item)).isEqualTo(3);

        // The live board's read: sent by the server, then the box's steps, in order.
        ItemProgress.DeviceProgress mine = progress.of(List.of(UUID.fromString(item.substring(0, 36)))).stream()
                .filter(p -> p.deviceId().toString().equals(box.id()))
                .findFirst()
                .orElseThrow();
        assertThat(mine.steps().stream().map(ItemProgress.Reached::step))
                .containsExactly(
                        ItemProgress.Step.SENT,
                        ItemProgress.Step.RECEIVED,
                        ItemProgress.Step.READY,
                        ItemProgress.Step.STARTED);
    }

    /**
     * The wake job that a commit starts can run before that commit has dropped the devices' manifests and handed
     * them to the warmer: their wakes wait from the moment the change is made in its transaction until the commit
     * (or the rollback) is over.
     */
    @Test
    void aWakeWaitsForADeviceWhosePlanIsChangingUntilItsCommitIsOver() throws Exception {
        UUID device = UUID.randomUUID();
        java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        Thread change = new Thread(() -> transaction.executeWithoutResult(status -> {
            events.publishEvent(new org.openloa.cms.plan.PlanVersionsChanged(Set.of(device)));
            published.countDown();
            try {
                commit.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        change.start();
        assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(index.changing(device)).isTrue();

        List<List<UUID>> waves = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> woken =
                CompletableFuture.runAsync(() -> warmer.inWaves(List.of(device), Duration.ofSeconds(20), waves::add));
        Thread.sleep(500);
        assertThat(waves).as("woken while its change is not committed").isEmpty();

        commit.countDown();
        change.join(10_000);
        woken.get(5, TimeUnit.SECONDS);
        assertThat(waves).containsExactly(List.of(device));
        assertThat(index.changing(device)).isFalse();

        UUID another = UUID.randomUUID();
        transaction.executeWithoutResult(status -> {
            events.publishEvent(new org.openloa.cms.plan.PlanVersionsChanged(Set.of(another)));
            assertThat(index.changing(another)).isTrue();
            status.setRollbackOnly();
        });
        assertThat(index.changing(another)).as("after a rollback").isFalse();
    }

    /**
     * The events of a box whose manifest this node holds are stored without the security chain ({@link EventsFilter}),
     * by the same rules; what that path cannot tell (no manifest held, an item not in it) goes down the ordinary one,
     * its body given again, and is answered there.
     */
    @Test
    void itemEventsOfABoxWhoseManifestIsHeldAreStoredOnTheHotPathAndTheRestOnTheOrdinaryOne() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String item = plannedItem(w, box);
        assertThat(index.of(UUID.fromString(box.id())))
                .as("the box's manifest, held")
                .isNotNull();
        double before = eventsAnsweredFromMemory();

        assertThat(box.edge()
                        .post("/edge/v1/events", List.of(event(item, "RECEIVED", null)))
                        .status())
                .isEqualTo(204);
        assertThat(eventsOf(item)).isEqualTo(1);
        assertThat(eventsAnsweredFromMemory()).isEqualTo(before + 1);

        // an item not in the held manifest: read here, handed on whole, refused there with its reason
        Api.Response refused =
                box.edge().post("/edge/v1/events", List.of(event(item, "READY", null), event(item + "9", "LATE", "x")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("[1].itemId");
        assertThat(box.edge().post("/edge/v1/events", "[{\"id\": 1").status()).isEqualTo(400);
        assertThat(eventsOf(item)).isEqualTo(1);
        assertThat(eventsAnsweredFromMemory()).isEqualTo(before + 1);

        // not held on this node (as after a restart): the ordinary path finds the item where the box was sent it
        index.forget(UUID.fromString(box.id()));
        assertThat(box.edge()
                        .post("/edge/v1/events", List.of(event(item, "STARTED", null)))
                        .status())
                .isEqualTo(204);
        assertThat(eventsOf(item)).isEqualTo(2);
        assertThat(eventsAnsweredFromMemory()).isEqualTo(before + 1);
    }

    private double eventsAnsweredFromMemory() {
        return meters.get("openloa.edge.events.memory").functionCounter().count();
    }

    /**
     * A fleet's events at once (an emergency: every box posts RECEIVED, READY, STARTED in the same seconds) are
     * committed in groups: each post is answered once its events are stored, each event once however many times and
     * on however many connections it is sent.
     */
    @Test
    void itemEventsPostedAtOnceAreStoredWhenAnsweredAndEachOnce() throws Exception {
        TestWorld w = world();
        List<Box> fleet = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fleet.add(box(w.operatorA(), w.villageAId()));
        }
        String item = plannedItem(w, fleet.get(0));
        for (Box box : fleet) {
            Await.until(
                    "the item in the box's manifest",
                    Duration.ofSeconds(30),
                    () -> itemsOf(box).contains(item));
        }
        List<CompletableFuture<Void>> posts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Box box : fleet) {
            List<Map<String, Object>> batch =
                    List.of(event(item, "RECEIVED", null), event(item, "READY", null), event(item, "STARTED", null));
            batch.forEach(e -> ids.add((String) e.get("id")));
            for (int copy = 0; copy < 3; copy++) { // the outbox re-sends until acknowledged
                posts.add(HTTP.sendAsync(
                                HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/events"))
                                        .header("Authorization", "Bearer " + box.credential())
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .thenAccept(answer -> {
                            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
                            for (Map<String, Object> e : batch) {
                                assertThat(jdbc.queryForObject(
                                                "select count(*) from item_event where id = ?",
                                                Integer.class,
                                                UUID.fromString((String) e.get("id"))))
                                        .as("stored when answered")
                                        .isEqualTo(1);
                            }
                        }));
            }
        }
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(eventsOf(item)).isEqualTo(ids.size());
    }

    // ---------------------------------------------------------------- withdrawn

    @Test
    void anItemWhoseBroadcastIsDeletedIsListedAsWithdrawnAndTheVersionChanges() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String item = plannedItem(w, box);
        String broadcastId = item.substring(0, 36);
        String etag = etagOf(box);

        assertThat(w.operatorA().delete("/api/v1/broadcasts/" + broadcastId).status())
                .isEqualTo(204);

        Api.Response changed = box.edge().get("/edge/v1/manifest", "If-None-Match", etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        JsonNode manifest = changed.json();
        assertThat(manifest.get("items").size()).isZero();
        JsonNode withdrawn = manifest.get("withdrawn");
        assertThat(withdrawn.size()).isEqualTo(1);
        assertThat(withdrawn.get(0).get("itemId").asString()).isEqualTo(item);
        assertThat(withdrawn.get(0).get("reason").asString()).isEqualTo(Withdrawals.BY_OPERATOR);
        assertThat(withdrawn.get(0).get("at").asString()).endsWith("+07:00");
    }

    @Test
    void aReasonGivenThroughTheHookIsTheOneTheBoxesAreTold() {
        TestWorld w = world();
        Box box = box(w.operatorA(), w.villageAId());
        String item = plannedItem(w, box);
        UUID broadcastId = UUID.fromString(item.substring(0, 36));
        transaction.executeWithoutResult(
                s -> withdrawals.withdraw(broadcastId, "stopped by operator: false alarm", Instant.now()));

        assertThat(w.operatorA().delete("/api/v1/broadcasts/" + broadcastId).status())
                .isEqualTo(204);

        JsonNode withdrawn = box.edge().get("/edge/v1/manifest").json().get("withdrawn");
        assertThat(withdrawn.size()).isEqualTo(1);
        assertThat(withdrawn.get(0).get("reason").asString()).isEqualTo("stopped by operator: false alarm");
    }

    /**
     * The warmer reads a batch's versions, pending commands and withdrawals once for the whole batch: each box's
     * manifest built ahead still lists what was withdrawn from it and its own commands, and no other box's.
     */
    @Test
    void aBatchBuiltAheadGivesEachBoxItsOwnCommandsAndWithdrawals() {
        TestWorld w = world();
        Box first = box(w.operatorA(), w.villageAId());
        Box second = box(w.operatorA(), w.villageAId());
        String item = plannedItem(w, first);
        Await.until(
                "the item in the second box's manifest",
                Duration.ofSeconds(30),
                () -> itemsOf(second).contains(item));
        Api.Response issued = w.operatorA()
                .post("/api/v1/devices/" + first.id() + "/commands", Map.of("type", "SYNC_NOW", "args", Map.of()));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Await.until(
                "the command in the first box's manifest",
                Duration.ofSeconds(30),
                () -> first.edge()
                                .get("/edge/v1/manifest")
                                .json()
                                .get("commands")
                                .size()
                        == 1);
        etagOf(second); // both boxes' manifests are in memory: the change below drops both and warms them
        long builtBefore = warmer.built.sum();

        assertThat(w.operatorA()
                        .delete("/api/v1/broadcasts/" + item.substring(0, 36))
                        .status())
                .isEqualTo(204);

        Await.until(
                "both boxes' manifests rebuilt in memory",
                Duration.ofSeconds(30),
                () -> warmer.built.sum() >= builtBefore + 2
                        && index.of(UUID.fromString(first.id())) != null
                        && index.of(UUID.fromString(second.id())) != null);
        JsonNode one = first.edge().get("/edge/v1/manifest").json();
        JsonNode two = second.edge().get("/edge/v1/manifest").json();
        for (JsonNode manifest : List.of(one, two)) {
            assertThat(manifest.get("items").size()).isZero();
            assertThat(manifest.get("withdrawn").size()).isEqualTo(1);
            assertThat(manifest.get("withdrawn").get(0).get("itemId").asString())
                    .isEqualTo(item);
        }
        assertThat(one.get("commands").size()).isEqualTo(1);
        assertThat(one.get("commands").get(0).get("id").asString()).isEqualTo(issued.text("id"));
        assertThat(two.get("commands").size()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** The ids of the items in the box's manifest. */
    private static List<String> itemsOf(Box box) {
        List<String> ids = new ArrayList<>();
        box.edge()
                .get("/edge/v1/manifest")
                .json()
                .get("items")
                .forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    record Box(String id, String credential, Api edge) {}

    private Box box(Api operator, String areaId) {
        EnrolledDevice device = EnrolledDevice.enrol(operator, areaId, api);
        return new Box(device.id(), device.credential(), device.edge(api));
    }

    private static String etagOf(Box box) {
        Api.Response manifest = box.edge().get("/edge/v1/manifest");
        assertThat(manifest.status()).isEqualTo(200);
        return manifest.headers().firstValue("ETag").orElseThrow();
    }

    private CompletableFuture<HttpResponse<String>> longPoll(Box box, String etag, int wait) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/edge/v1/manifest"))
                        .header("Authorization", "Bearer " + box.credential())
                        .header("If-None-Match", etag)
                        .header("Prefer", "wait=" + wait)
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A relay starting within two minutes, as the box's manifest lists it: an item the box was really sent. */
    private String plannedItem(TestWorld w, Box box) {
        JsonNode broadcast = create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(inMinutes(2))));
        String[] item = new String[1];
        Await.until("an item in the box's manifest", Duration.ofSeconds(30), () -> {
            Api.Response r = box.edge().get("/edge/v1/manifest");
            if (r.status() != 200 || r.json().get("items").isEmpty()) {
                return false;
            }
            item[0] = r.json().get("items").get(0).get("id").asString();
            return true;
        });
        assertThat(item[0]).startsWith(broadcast.get("id").asString() + "@");
        return item[0];
    }

    private static Map<String, Object> event(String itemId, String type, String reason) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("itemId", itemId);
        event.put("type", type);
        event.put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
        event.put("reason", reason);
        return event;
    }

    private int eventsOf(String itemId) {
        Integer n = jdbc.queryForObject("select count(*) from item_event where item_id = ?", Integer.class, itemId);
        return n == null ? 0 : n;
    }

    private static String inMinutes(int minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7))
                .plusMinutes(minutes)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }

    private static String inHours(int hours) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7))
                .plusHours(hours)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
    }
}
