package org.openloa.cms.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The lane the boxes' reports (heartbeats, play logs) take to the database: at most {@code width} of
 * them hold a connection of the pool at once on this node, the others wait here, in turn. An emergency makes every
 * woken box report at once (it learned, it started) while the same boxes ask for their manifests; with nothing
 * between them, 200 request threads took the pool's 10 connections for those reports, and the look at device_plan
 * that the woken polls wait for, and the builds of their manifests, waited a second and more for a connection
 * each time (bench/fleet with Flight Recorder: docs/benchmarks.md, "Emergency: time to air"). What the lane keeps
 * free serves the path to air. A report that waits longer than {@code patience} is answered 503 with Retry-After;
 * the box keeps it in its outbox and sends it again, so nothing is lost, and nothing of it was stored.
 */
final class ReportLane extends OncePerRequestFilter {

    /**
     * Item events (/edge/v1/events) are not in the lane: their posts share transactions ({@link ItemEvents}), so
     * however many wait, they hold one connection; in the lane, at most its width of them could share one.
     */
    static final String[] PATHS = {"/edge/v1/heartbeat", "/edge/v1/playlogs"};

    private final int width;
    private final Semaphore lane;
    private final Duration patience;
    private final EdgeProblems problems;

    ReportLane(int width, Duration patience, EdgeProblems problems) {
        this.width = Math.max(1, width);
        this.lane = new Semaphore(this.width, true);
        this.patience = patience;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean entered;
        try {
            entered = lane.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entered = false;
        }
        if (!entered) {
            response.setHeader("Retry-After", "5");
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "edge-busy", "edge.busy");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            lane.release();
        }
    }

    /** Reports waiting for the lane now. */
    int waiting() {
        return lane.getQueueLength();
    }

    /** Holds the whole lane (tests: what a box sees while it stays full). */
    void close() throws InterruptedException {
        lane.acquire(width);
    }

    void open() {
        lane.release(width);
    }
}
