package org.openloa.edge.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.openloa.edge.events.ItemEvents;
import org.openloa.edge.support.Signal;
import org.openloa.protocol.Manifest.Media;

/**
 * The download loop: one file at a time (a 3G link gains nothing from parallel downloads, and the
 * soonest-needed file finishes first), sleeping until a new plan or a retry is due. An emergency's media
 * go first: a plan that brings one sets aside the download in flight (it resumes later from its .part
 * file). After each verified file it tells playback (an emergency waiting for its first file starts) and
 * reports READY for the items now complete.
 */
public final class Downloads implements Runnable {

    private static final Logger LOG = Logger.getLogger(Downloads.class.getName());
    private static final Duration IDLE = Duration.ofMinutes(1);

    private final MediaCache cache;
    private final MediaDownloader downloader;
    private final Clock clock;
    private final ItemEvents events;
    private final Runnable verified;
    private final Signal news = new Signal();
    private volatile boolean running = true;
    private volatile boolean planChanged = true;
    private volatile Media fetching;

    public Downloads(MediaCache cache, MediaDownloader downloader, Clock clock) {
        this(cache, downloader, clock, ItemEvents.none(), () -> {});
    }

    /**
     * @param verified called after each file verified, e.g. to let playback start an emergency waiting for it
     */
    public Downloads(MediaCache cache, MediaDownloader downloader, Clock clock, ItemEvents events, Runnable verified) {
        this.cache = cache;
        this.downloader = downloader;
        this.clock = clock;
        this.events = events;
        this.verified = verified;
    }

    /** A new plan: look for work now, setting aside a download that an emergency's media outrank. */
    public void wake() {
        planChanged = true;
        Media inFlight = fetching;
        if (inFlight != null && cache.outranked(inFlight, clock.instant())) {
            LOG.info(() -> "cache: setting media " + inFlight.id() + " aside for an emergency's media");
            downloader.setAside();
        }
        news.raise();
    }

    public void stop() {
        running = false;
        news.raise();
    }

    @Override
    public void run() {
        try {
            while (running) {
                if (planChanged) {
                    planChanged = false;
                    reportReady();
                }
                Optional<Media> next = cache.next(clock.instant());
                if (next.isPresent()) {
                    fetch(next.get());
                } else {
                    Instant now = clock.instant();
                    Duration wait = cache.nextRetry()
                            .map(at -> Duration.between(now, at))
                            .filter(d -> d.compareTo(IDLE) < 0)
                            .orElse(IDLE);
                    news.await(wait.isNegative() ? Duration.ZERO : wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fetch(Media media) throws InterruptedException {
        fetching = media;
        try {
            downloader.download(media);
            cache.succeeded(media);
            verified.run();
            reportReady();
        } catch (DownloadFailed e) {
            if (e.setAside()) {
                return;
            }
            cache.failed(media, e.getMessage(), e.resumable());
            LOG.warning(() -> "cache: media " + media.id() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            cache.failed(media, e.toString(), false);
            LOG.log(java.util.logging.Level.WARNING, "cache: media " + media.id() + " failed", e);
        } finally {
            fetching = null;
        }
    }

    /** READY for each unfinished item whose files are all verified (each is reported once, see ItemEvents). */
    private void reportReady() {
        for (org.openloa.protocol.Manifest.Item item : cache.readyItems(clock.instant())) {
            if (events.reports(item)) {
                events.ready(item);
            }
        }
    }
}
