package org.openloa.edge.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.openloa.edge.support.Signal;
import org.openloa.protocol.Manifest.Media;

/**
 * The download loop: one file at a time (a 3G link gains nothing from parallel downloads, and the
 * soonest-needed file finishes first), sleeping until a new plan or a retry is due.
 */
public final class Downloads implements Runnable {

    private static final Logger LOG = Logger.getLogger(Downloads.class.getName());
    private static final Duration IDLE = Duration.ofMinutes(1);

    private final MediaCache cache;
    private final MediaDownloader downloader;
    private final Clock clock;
    private final Signal news = new Signal();
    private volatile boolean running = true;

    public Downloads(MediaCache cache, MediaDownloader downloader, Clock clock) {
        this.cache = cache;
        this.downloader = downloader;
        this.clock = clock;
    }

    /** A new plan: look for work now. */
    public void wake() {
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
        try {
            downloader.download(media);
            cache.succeeded(media);
        } catch (DownloadFailed e) {
            cache.failed(media, e.getMessage(), e.resumable());
            LOG.warning(() -> "cache: media " + media.id() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            cache.failed(media, e.toString(), false);
            LOG.log(java.util.logging.Level.WARNING, "cache: media " + media.id() + " failed", e);
        }
    }
}
