package org.openloa.cms.audio;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * How many ingests run their ffmpeg at once on this node ({@code openloa.media.processing-threads}): queued jobs
 * and streamed uploads take a slot alike, so a burst of streamed uploads cannot put more ffmpeg on the cores
 * than the jobs may. Routine work is first come, first served: a streamed upload gets a slot at once only when no
 * job waits for one; otherwise it is received whole and queued behind them (see {@link AudioService#receiveStream}).
 *
 * <p>An emergency's audio never waits behind routine work (issue 14): it takes a free slot ahead of any routine
 * work waiting for one, and when every slot is busy it takes the one slot kept beyond the limit for emergencies
 * alone. So at most limit + 1 ingests run at once, and an emergency waits only for another emergency's ingest.
 */
@Component
class IngestSlots {

    private final int limit;
    private final Semaphore free;
    private final Semaphore reserve = new Semaphore(1, true);

    IngestSlots(MediaProperties properties) {
        this.limit = Math.max(1, properties.processingThreads());
        this.free = new Semaphore(limit, true);
    }

    /** A slot held; give it back once with {@link #release}. */
    enum Slot {
        SHARED,
        RESERVED
    }

    /** A slot at once, or null: routine work only when nobody waits for one, an emergency whenever one is free. */
    Slot tryTake(Urgency urgency) {
        if (urgency == Urgency.EMERGENCY) {
            // tryAcquire() without a timeout goes ahead of the routine work waiting in the fair queue.
            return free.tryAcquire() ? Slot.SHARED : reserve.tryAcquire() ? Slot.RESERVED : null;
        }
        try {
            // With a timeout, unlike tryAcquire(), the fair semaphore lets no one jump the queue.
            return free.tryAcquire(0, TimeUnit.SECONDS) ? Slot.SHARED : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits for a slot: routine work in turn, an emergency only for the reserved slot when none is free. */
    Slot take(Urgency urgency) throws InterruptedException {
        if (urgency == Urgency.EMERGENCY) {
            if (free.tryAcquire()) {
                return Slot.SHARED;
            }
            reserve.acquire();
            return Slot.RESERVED;
        }
        free.acquire();
        return Slot.SHARED;
    }

    void release(Slot slot) {
        (slot == Slot.RESERVED ? reserve : free).release();
    }

    /** Ingests running now. */
    int busy() {
        return limit - free.availablePermits() + 1 - reserve.availablePermits();
    }

    /** Jobs and uploads waiting for a slot now. */
    int waiting() {
        return free.getQueueLength() + reserve.getQueueLength();
    }
}
