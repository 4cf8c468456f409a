package org.openloa.cms.audio;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * How many ingests run their ffmpeg at once on this node ({@code openloa.media.processing-threads}): queued jobs
 * and streamed uploads take a slot alike, so a burst of streamed uploads cannot put more ffmpeg on the cores
 * than the jobs may. First come, first served: a streamed upload gets a slot at once only when no job waits for
 * one; otherwise it is received whole and queued behind them (see {@link AudioService#receiveStream}).
 */
@Component
class IngestSlots {

    private final int limit;
    private final Semaphore free;

    IngestSlots(MediaProperties properties) {
        this.limit = Math.max(1, properties.processingThreads());
        this.free = new Semaphore(limit, true);
    }

    /** A slot if one is free and nobody waits for one; false at once otherwise. */
    boolean tryTake() {
        try {
            // With a timeout, unlike tryAcquire(), the fair semaphore lets no one jump the queue.
            return free.tryAcquire(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for a slot, in turn. */
    void take() throws InterruptedException {
        free.acquire();
    }

    void release() {
        free.release();
    }

    /** Ingests running now. */
    int busy() {
        return limit - free.availablePermits();
    }

    /** Jobs and uploads waiting for a slot now. */
    int waiting() {
        return free.getQueueLength();
    }
}
