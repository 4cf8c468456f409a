package org.openloa.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.openloa.edge.testing.Plans.audio;
import static org.openloa.edge.testing.Plans.manifest;
import static org.openloa.edge.testing.Plans.media;
import static org.openloa.edge.testing.Plans.withPurge;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.link.CmsLink;
import org.openloa.edge.link.ServerClock;
import org.openloa.edge.testing.MutableClock;
import org.openloa.edge.testing.StandInCms;
import org.openloa.protocol.Manifest;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;

/** The cache and its downloads against a stand-in cms serving real bytes over HTTP with Range. */
class MediaCacheTest {

    static final Instant NOW = Instant.parse("2026-11-23T05:00:00Z");

    @TempDir
    Path dir;

    StandInCms cms;
    MutableClock clock = new MutableClock(NOW);
    CmsLink link;

    @BeforeEach
    void standInCms() throws IOException {
        cms = StandInCms.start().enrolled("d-1", "secret-1");
        link = new CmsLink(cms.url(), new ServerClock(clock), Duration.ofSeconds(5), "test");
        link.authenticate("secret-1");
    }

    @AfterEach
    void stop() {
        cms.close();
    }

    @Test
    void aDownloadAppearsUnderItsNameOnlyWhenWholeAndVerified() throws Exception {
        byte[] bytes = bytes(200_000, 1);
        Media news = media("news", bytes, 12_000);
        cms.media("news", bytes);
        MediaCache cache = cache(10_000_000, plan(news));

        downloader(cache).download(news);

        assertThat(cache.ready(news))
                .hasValueSatisfying(file -> assertThat(file).hasBinaryContent(bytes));
        assertThat(cache.partFile(news)).doesNotExist();
    }

    @Test
    void aDownloadCutMidFileResumesWithRangeFromWhereItStopped() throws Exception {
        byte[] bytes = bytes(300_000, 2);
        Media news = media("news", bytes, 12_000);
        cms.media("news", bytes).cutOnce("news", 120_000);
        MediaCache cache = cache(10_000_000, plan(news));
        MediaDownloader downloader = downloader(cache);

        DownloadFailed cut = catchThrowableOfType(DownloadFailed.class, () -> downloader.download(news));

        assertThat(cut.resumable()).isTrue();
        // The server cut after 120,000 bytes; the reset that ends the connection may drop some of what was
        // still in flight, so the box keeps what it really received and resumes from exactly there.
        long kept = Files.size(cache.partFile(news));
        assertThat(kept).isPositive().isLessThanOrEqualTo(120_000);
        assertThat(cache.ready(news)).as("a partial file is never ready").isEmpty();

        downloader.download(news);

        assertThat(cms.requests("/edge/v1/media/news"))
                .extracting(r -> r.headers().get("range"))
                .containsExactly(null, "bytes=" + kept + "-");
        assertThat(cache.ready(news))
                .hasValueSatisfying(file -> assertThat(file).hasBinaryContent(bytes));
    }

    @Test
    void aStalledDownloadIsDroppedAndResumedLater() throws Exception {
        byte[] bytes = bytes(200_000, 3);
        Media news = media("news", bytes, 12_000);
        cms.media("news", bytes).stallOnce("news", 50_000, Duration.ofSeconds(4));
        MediaCache cache = cache(10_000_000, plan(news));
        MediaDownloader downloader = new MediaDownloader(link, cache, Duration.ofMillis(500));

        DownloadFailed stalled = catchThrowableOfType(DownloadFailed.class, () -> downloader.download(news));
        downloader.download(news);

        assertThat(stalled).hasMessageContaining("nothing arrived");
        assertThat(cms.requests("/edge/v1/media/news").get(1).headers()).containsEntry("range", "bytes=50000-");
        assertThat(cache.ready(news)).isPresent();
    }

    @Test
    void aChecksumMismatchIsDeletedNeverReadyReportedAndFetchedAgainLater() throws Exception {
        byte[] good = bytes(100_000, 4);
        byte[] tampered = good.clone();
        tampered[5_000] ^= 1;
        Media news = media("news", good, 6_000);
        cms.media("news", tampered);
        MediaCache cache = cache(10_000_000, plan(news));
        MediaDownloader downloader = downloader(cache);

        DownloadFailed mismatch = catchThrowableOfType(DownloadFailed.class, () -> downloader.download(news));
        cache.failed(news, mismatch.getMessage(), mismatch.resumable());

        assertThat(mismatch).hasMessageContaining("sha256 mismatch");
        assertThat(mismatch.resumable()).isFalse();
        assertThat(cache.ready(news)).isEmpty();
        assertThat(cache.partFile(news)).doesNotExist();
        assertThat(cache.errors()).singleElement().satisfies(e -> {
            assertThat(e.mediaId()).isEqualTo("news");
            assertThat(e.reason()).contains("sha256 mismatch");
        });
        assertThat(cache.next(clock.instant())).as("waits before trying again").isEmpty();

        cms.media("news", good);
        clock.advance(Duration.ofSeconds(31));
        assertThat(cache.next(clock.instant())).contains(news);
        downloader.download(news);
        cache.succeeded(news);

        assertThat(cache.ready(news)).isPresent();
        assertThat(cache.errors()).isEmpty();
    }

    @Test
    void theSoonestNeededMediaIsFetchedFirstAndMediaOfEndedItemsNotAtAll() throws IOException {
        Media later = media("later", bytes(10, 5), 1000);
        Media sooner = media("sooner", bytes(10, 6), 1000);
        Media listedOnly = media("listed-only", bytes(10, 7), 1000);
        Media ended = media("ended", bytes(10, 8), 1000);
        Manifest manifest = manifest(
                "v1",
                List.of(
                        audio("b@07", NOW.plusSeconds(7200), NOW.plusSeconds(7300), Priority.NORMAL, "later"),
                        audio("a@06", NOW.plusSeconds(3600), NOW.plusSeconds(3700), Priority.NORMAL, "sooner"),
                        audio("z@04", NOW.minusSeconds(3600), NOW.minusSeconds(3500), Priority.NORMAL, "ended")),
                List.of(later, sooner, listedOnly, ended));
        MediaCache cache = cache(10_000_000, manifest);

        assertThat(cache.next(NOW)).contains(sooner);
        cache.failed(sooner, "test", false);
        assertThat(cache.next(NOW)).contains(later);
        cache.failed(later, "test", false);
        assertThat(cache.next(NOW)).contains(listedOnly);
        cache.failed(listedOnly, "test", false);
        assertThat(cache.next(NOW)).isEmpty();
    }

    @Test
    void purgedMediaGoAtOnceAndUnlistedOnesMakeRoomOldestFirst() throws Exception {
        Media first = media("first", bytes(100_000, 9), 1000);
        Media second = media("second", bytes(100_000, 10), 1000);
        Media third = media("third", bytes(100_000, 11), 1000);
        for (Media m : List.of(first, second, third)) {
            cms.media(m.id(), bytes(100_000, 9 + List.of(first, second, third).indexOf(m)));
        }
        Manifest one = plan(first, second);
        MediaCache cache = cache(250_000, one);
        downloader(cache).download(first);
        Files.setLastModifiedTime(
                cache.file(first), java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        downloader(cache).download(second);

        Manifest two = plan(third);
        cache.plan(two, one);
        assertThat(cache.next(NOW))
                .as("room made by evicting the oldest unlisted file")
                .contains(third);
        assertThat(cache.ready(first)).isEmpty();
        assertThat(cache.ready(second)).isPresent();

        cache.plan(withPurge(two, "v3", "second"), two);
        assertThat(cache.ready(second)).isEmpty();
    }

    @Test
    void theCredentialGoesToTheCmsOriginOnlyNeverToAPresignedUrl() throws Exception {
        byte[] bytes = bytes(1_000, 12);
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer objectStore = objectStore(bytes, authorizations);
        try {
            String presigned =
                    "http://127.0.0.1:" + objectStore.getAddress().getPort() + "/bucket/news?X-Amz-Signature=abc";
            Media news = new Media(
                    "news", org.openloa.edge.testing.Audio.sha256(bytes), bytes.length, "audio/mpeg", 100, presigned);
            MediaCache cache = cache(10_000_000, plan(news));

            downloader(cache).download(news);

            assertThat(authorizations).containsExactly("null");
            assertThat(cache.ready(news)).isPresent();
        } finally {
            objectStore.stop(0);
        }
    }

    @Test
    void aRedirectFromCmsToAnObjectStoreIsFollowedWithoutTheCredential() throws Exception {
        byte[] bytes = bytes(1_000, 14);
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer objectStore = objectStore(bytes, authorizations);
        try {
            cms.redirect(
                    "news",
                    java.net.URI.create("http://127.0.0.1:"
                            + objectStore.getAddress().getPort() + "/bucket/news?X-Amz-Signature=abc"));
            Media news = media("news", bytes, 100);
            MediaCache cache = cache(10_000_000, plan(news));

            downloader(cache).download(news);

            assertThat(cms.requests("/edge/v1/media/news"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer secret-1"));
            assertThat(authorizations).containsExactly("null");
            assertThat(cache.ready(news)).isPresent();
        } finally {
            objectStore.stop(0);
        }
    }

    /** An object store answering presigned GETs, recording the Authorization header each one carried. */
    private static HttpServer objectStore(byte[] bytes, List<String> authorizations) throws IOException {
        HttpServer objectStore = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        objectStore.createContext("/bucket/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        objectStore.start();
        return objectStore;
    }

    @Test
    void theCacheIsCompleteOnlyWhenEveryMediaStillNeededIsVerified() throws Exception {
        byte[] bytes = bytes(1_000, 13);
        Media news = media("news", bytes, 100);
        cms.media("news", bytes);
        MediaCache cache = cache(10_000_000, plan(news));

        assertThat(cache.complete(NOW)).isFalse();
        downloader(cache).download(news);
        assertThat(cache.complete(NOW)).isTrue();
    }

    @Test
    void anEmergencysMediaIsFetchedFirstEvenWhenItIsNeededLater() throws IOException {
        Media bulletin = media("bulletin", bytes(10, 9), 1000);
        Media siren = media("siren", bytes(10, 10), 1000);
        Manifest manifest = manifest(
                "v1",
                List.of(
                        audio("normal", NOW.plusSeconds(60), NOW.plusSeconds(120), Priority.NORMAL, "bulletin"),
                        audio("flood", NOW.plusSeconds(3600), NOW.plusSeconds(3700), Priority.EMERGENCY, "siren")),
                List.of(bulletin, siren));
        MediaCache cache = cache(10_000_000, manifest);

        assertThat(cache.next(NOW)).contains(siren);
        assertThat(cache.outranked(bulletin, NOW))
                .as("a bulletin's download gives way")
                .isTrue();
        assertThat(cache.outranked(siren, NOW)).isFalse();
        assertThat(cache.readyItems(NOW)).isEmpty();

        Files.write(dir.resolve("media").resolve(siren.sha256()), bytes(10, 10));

        assertThat(cache.next(NOW)).contains(bulletin);
        assertThat(cache.outranked(bulletin, NOW)).isFalse();
        assertThat(cache.readyItems(NOW)).extracting(Manifest.Item::id).containsExactly("flood");
    }

    @Test
    void aDownloadSetAsideForAnEmergencyKeepsItsPartAndResumesLater() throws Exception {
        byte[] bytes = bytes(200_000, 11);
        Media news = media("news", bytes, 12_000);
        cms.media("news", bytes).holdMedia("news");
        MediaCache cache = cache(10_000_000, plan(news));
        MediaDownloader downloader = downloader(cache);
        java.util.concurrent.CompletableFuture<Throwable> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> catchThrowableOfType(DownloadFailed.class, () -> downloader.download(news)));
        org.openloa.testing.Await.until(
                "the download under way",
                Duration.ofSeconds(10),
                () -> !cms.requests("/edge/v1/media/news").isEmpty());

        downloader.setAside();

        Throwable aside = first.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(aside).isInstanceOfSatisfying(DownloadFailed.class, e -> {
            assertThat(e.setAside()).isTrue();
            assertThat(e.resumable()).isTrue();
        });
        assertThat(cache.ready(news)).isEmpty();

        cms.release("news");
        downloader.download(news);

        assertThat(cache.ready(news))
                .hasValueSatisfying(file -> assertThat(file).hasBinaryContent(bytes));
    }

    private MediaCache cache(long quota, Manifest manifest) throws IOException {
        MediaCache cache = new MediaCache(dir.resolve("media"), quota, clock);
        cache.plan(manifest, null);
        return cache;
    }

    private MediaDownloader downloader(MediaCache cache) {
        return new MediaDownloader(link, cache, Duration.ofSeconds(30));
    }

    /** One item an hour from now playing the given media. */
    private static Manifest plan(Media... media) {
        return manifest(
                "v-" + media.length + media[0].id(),
                List.of(audio(
                        "i@06",
                        NOW.plusSeconds(3600),
                        NOW.plusSeconds(3700),
                        Priority.NORMAL,
                        java.util.Arrays.stream(media).map(Media::id).toArray(String[]::new))),
                List.of(media));
    }

    private static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
