package org.openloa.edge.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A flag one thread raises to wake another out of a timed wait: a loop waits for its next deadline
 * or for news (an MQTT wake, a new plan, a finished play), whichever comes first. Raising it while
 * nobody waits is remembered, so no news is lost between two waits.
 */
public final class Signal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition raised = lock.newCondition();
    private boolean up;

    public void raise() {
        lock.lock();
        try {
            up = true;
            raised.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the signal is raised or {@code timeout} has passed, then lowers it.
     *
     * @return whether it was raised
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = Math.max(0, Math.min(timeout.toNanos(), TimeUnit.DAYS.toNanos(1)));
        lock.lock();
        try {
            while (!up && nanos > 0) {
                nanos = raised.awaitNanos(nanos);
            }
            boolean was = up;
            up = false;
            return was;
        } finally {
            lock.unlock();
        }
    }
}
