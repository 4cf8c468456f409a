package org.openloa.edge.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.ServerClock;
import org.openloa.edge.testing.Plans;
import org.openloa.edge.testing.StandInCms;

/** Polling against the stand-in cms: ETag, 304, bearer, long polls, and the stored copy. */
class ManifestPollerTest {

    @TempDir
    Path dir;

    StandInCms cms;
    CmsLink link;
    ManifestPoller poller;

    @BeforeEach
    void standInCms() throws IOException {
        cms = StandInCms.start().enrolled("d-1", "secret-1").manifest(Plans.manifest("v1", List.of(), List.of()));
        ServerClock clock = new ServerClock(Clock.systemUTC());
        link = new CmsLink(cms.url(), clock, Duration.ofSeconds(5), "test");
        link.authenticate("secret-1");
        poller = new ManifestPoller(link, clock);
    }

    @Test
    void aPollAnsweringAWakeAsksForRevalidationAndIsNotHeld() throws Exception {
        cms.holdPolls(true);
        poller.poll(null);
        ManifestPoller.Result result = poller.poll("\"v1\"", Duration.ofSeconds(30), true);
        assertThat(result).isEqualTo(new ManifestPoller.Unchanged(false));
        StandInCms.Request woken = cms.requests("/edge/v1/manifest").get(1);
        assertThat(woken.headers()).containsEntry("cache-control", "no-cache").doesNotContainKey("prefer");
        // An ordinary poll does not: the node may answer it from memory.
        poller.poll("\"v1\"");
        assertThat(cms.requests("/edge/v1/manifest").get(2).headers()).doesNotContainKey("cache-control");
    }

    @Test
    void aPollAnsweringAWakeThatNamedAPlanVersionSendsItBack() throws Exception {
        poller.poll(null);
        poller.poll("\"v1\"", Duration.ZERO, true, 42L);
        poller.poll("\"v1\"", Duration.ZERO, true, null);
        poller.poll("\"v1\"", Duration.ZERO, false, 43L);
        List<StandInCms.Request> polls = cms.requests("/edge/v1/manifest");
        assertThat(polls.get(1).headers())
                .containsEntry("cache-control", "no-cache")
                .containsEntry("openloa-plan-version", "42");
        assertThat(polls.get(2).headers())
                .containsEntry("cache-control", "no-cache")
                .doesNotContainKey("openloa-plan-version");
        // Only the poll that answers a wake names a version: an ordinary one is answered from memory anyway.
        assertThat(polls.get(3).headers()).doesNotContainKey("openloa-plan-version");
    }

    @Test
    void aHeldPollAnswersTheMomentThePlanChangesAndSaysItWasHeld() throws Exception {
        cms.holdPolls(true);
        poller.poll(null);
        java.util.concurrent.CompletableFuture<ManifestPoller.Result> held =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return poller.poll("\"v1\"", Duration.ofSeconds(30));
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        org.openloa.testing.Await.until("the poll held", Duration.ofSeconds(10), () -> cms.pollsHeld() == 1);
        assertThat(held).isNotDone();

        cms.manifest(Plans.manifest("v2", List.of(), List.of()));

        ManifestPoller.Result result = held.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result).isInstanceOfSatisfying(ManifestPoller.Changed.class, changed -> {
            assertThat(changed.parsed().manifest().version()).isEqualTo("v2");
            assertThat(changed.held()).isTrue();
        });
        assertThat(cms.requests("/edge/v1/manifest").get(1).headers()).containsEntry("prefer", "wait=30");
    }

    @Test
    void aHeldPollsServerTimeDoesNotMoveTheClock() throws Exception {
        // The stand-in stamps serverTime when it answers: at the end of the hold. Taken as the middle of the
        // round trip, it would set the clock ahead by half the hold.
        cms.holdPolls(true);
        ServerClock clock = new ServerClock(Clock.systemUTC());
        ManifestPoller poller = new ManifestPoller(link, clock);
        poller.poll(null);
        long timed = clock.skewMillis();
        java.util.concurrent.CompletableFuture<ManifestPoller.Result> held =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return poller.poll("\"v1\"", Duration.ofSeconds(30));
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        org.openloa.testing.Await.until("the poll held", Duration.ofSeconds(10), () -> cms.pollsHeld() == 1);
        Thread.sleep(3_000);

        cms.manifest(Plans.manifest("v2", List.of(), List.of()));

        assertThat(held.get(20, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(ManifestPoller.Changed.class);
        assertThat(Math.abs(clock.skewMillis() - timed))
                .as("the skew moved by the hold's 3 s / 2")
                .isLessThan(500);
    }

    @Test
    void aHoldLongerThanTheUsualTimeoutDoesNotTimeOut() throws Exception {
        cms.holdPolls(true);
        ServerClock clock = new ServerClock(Clock.systemUTC());
        CmsLink impatient = new CmsLink(cms.url(), clock, Duration.ofSeconds(1), "test");
        impatient.authenticate("secret-1");
        ManifestPoller poller = new ManifestPoller(impatient, clock);

        ManifestPoller.Result result = poller.poll("\"v1\"", Duration.ofSeconds(3));

        assertThat(result).isEqualTo(new ManifestPoller.Unchanged(true));
    }

    @Test
    void aServerThatDoesNotHoldPollsAnswersAtOnceAndThePollIsNotHeld() throws Exception {
        ManifestPoller.Result result = poller.poll("\"v1\"", Duration.ofSeconds(30));

        assertThat(result).isEqualTo(new ManifestPoller.Unchanged(false));
        assertThat(cms.requests("/edge/v1/manifest").get(0).headers()).containsEntry("prefer", "wait=30");
    }

    @Test
    void withoutAnEtagOrWithTheWaitOffNothingAsksToBeHeld() throws Exception {
        cms.holdPolls(true);
        poller.poll(null, Duration.ofSeconds(30));
        poller.poll("\"v1\"", Duration.ZERO);

        assertThat(cms.requests("/edge/v1/manifest"))
                .allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("prefer"));
    }

    @AfterEach
    void stop() {
        cms.close();
    }

    @Test
    void anUnchangedPlanCostsA304() throws Exception {
        ManifestPoller.Changed first = (ManifestPoller.Changed) poller.poll(null);

        ManifestPoller.Result second = poller.poll(first.etag());

        assertThat(first.etag()).isEqualTo("\"v1\"");
        assertThat(second).isInstanceOf(ManifestPoller.Unchanged.class);
        assertThat(cms.requests("/edge/v1/manifest"))
                .extracting(r -> r.headers().get("if-none-match"))
                .containsExactly(null, "\"v1\"");
        assertThat(cms.requests("/edge/v1/manifest"))
                .allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer secret-1"));
    }

    @Test
    void aChangedPlanArrivesWithItsNewEtag() throws Exception {
        poller.poll(null);
        cms.manifest(Plans.manifest("v2", List.of(), List.of()));

        ManifestPoller.Result result = poller.poll("\"v1\"");

        assertThat(result).isInstanceOfSatisfying(ManifestPoller.Changed.class, changed -> {
            assertThat(changed.parsed().manifest().version()).isEqualTo("v2");
            assertThat(changed.etag()).isEqualTo("\"v2\"");
        });
    }

    @Test
    void aRefusedCredentialIsToldApartFromAnOutage() throws Exception {
        link.authenticate("revoked");

        assertThatThrownBy(() -> poller.poll(null))
                .isInstanceOf(CredentialRejected.class)
                .hasMessageContaining("401");

        cms.close();
        assertThatThrownBy(() -> poller.poll(null))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(CredentialRejected.class);
    }

    @Test
    void theStoredManifestComesBackAfterARestartWithItsEtag() throws Exception {
        ManifestPoller.Changed changed = (ManifestPoller.Changed) poller.poll(null);
        new ManifestStore(dir).save(changed.body(), changed.etag());

        ManifestStore.Stored stored = new ManifestStore(dir).load().orElseThrow();

        assertThat(stored.parsed().manifest().version()).isEqualTo("v1");
        assertThat(stored.etag()).isEqualTo("\"v1\"");
    }
}
