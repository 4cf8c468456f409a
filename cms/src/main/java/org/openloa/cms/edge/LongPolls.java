package org.openloa.cms.edge;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.cms.device.Enrolments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Manifest polls held open ({@code Prefer: wait=N}, docs/edge-protocol.md §2) until the device's manifest
 * changes or the wait ends, so an emergency reaches every online box within a second without an MQTT broker.
 *
 * <p>Why servlet async and not a thread per box: a node may hold thousands of polls, and each would otherwise
 * keep one of Tomcat's 200 request threads asleep. A held poll is an {@link AsyncContext} in a map keyed by
 * device, plus one entry in a timer: no thread. It is answered by a small pool of workers, either when
 * {@link ManifestIndex} learns that the device's manifest changed (a commit on this node, or its once-a-second
 * look at device_plan for the other nodes' changes), or when the wait ends. A worker answers from the index
 * when it can; otherwise it checks the credential against the database exactly as the ordinary path does
 * ({@link Enrolments#deviceWithCredential}) and builds the manifest, unless the {@linkplain ManifestWarmer warmer}
 * is building it already: then it waits for that build. A woken poll whose manifest is still the one
 * the box holds (this node has not yet seen the change another node committed) stays held: the box gets the new
 * manifest when this node sees it, never a stale 304 before the wait is over.
 */
@Component
class LongPolls implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LongPolls.class);
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    private static final Pattern WAIT = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?");
    /** Beyond our own timer, the container's: a poll is never held forever if a timer task were lost. */
    private static final long CONTAINER_MARGIN_MS = 30_000;

    private final ConcurrentHashMap<UUID, Set<Held>> byDevice = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ManifestIndex index;
    private final Manifests manifests;
    private final ManifestWarmer warmer;
    private final Enrolments enrolments;
    private final EdgeProblems problems;
    private final EdgeProperties properties;
    private final Clock clock;
    private volatile ScheduledExecutorService timer;
    private volatile ExecutorService workers;

    LongPolls(
            ManifestIndex index,
            Manifests manifests,
            ManifestWarmer warmer,
            Enrolments enrolments,
            EdgeProblems problems,
            EdgeProperties properties,
            Clock clock) {
        this.index = index;
        this.manifests = manifests;
        this.warmer = warmer;
        this.enrolments = enrolments;
        this.problems = problems;
        this.properties = properties;
        this.clock = clock;
        index.onChange(this::changed);
    }

    /**
     * The wait the request asks for ({@code Prefer: wait=N}), cut to the configured maximum; 0 when it asks for
     * none, or when this node holds as many polls as it may (then it answers at once, without Preference-Applied).
     */
    int waitOf(HttpServletRequest request) {
        if (timer == null || count.get() >= properties.maxHeldPolls()) {
            return 0;
        }
        Enumeration<String> prefer = request.getHeaders("Prefer");
        while (prefer != null && prefer.hasMoreElements()) {
            Matcher m = WAIT.matcher(prefer.nextElement());
            if (m.find()) {
                long asked = Long.parseLong(m.group(1));
                return (int) Math.min(asked, properties.maxWait().toSeconds());
            }
        }
        return 0;
    }

    /**
     * Holds a poll whose manifest is {@code current} and matches what the box holds, for {@code wait} seconds.
     * The caller has set Preference-Applied and must not touch the response afterwards.
     */
    void hold(
            HttpServletRequest request,
            HttpServletResponse response,
            CachedManifest current,
            String ifNoneMatch,
            int wait) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(wait * 1000L + CONTAINER_MARGIN_MS);
        Held held = new Held(async, current.deviceId(), current.credentialHash(), ifNoneMatch, wait);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                release(held);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                answer(held, true);
            }

            @Override
            public void onError(AsyncEvent event) {
                // The box went away: nothing to answer.
                if (held.done.compareAndSet(false, true)) {
                    release(held);
                    try {
                        held.async.complete();
                    } catch (IllegalStateException alreadyOver) {
                        // completed by the container
                    }
                }
            }

            @Override
            public void onStartAsync(AsyncEvent event) {}
        });
        byDevice.computeIfAbsent(held.deviceId, d -> ConcurrentHashMap.newKeySet())
                .add(held);
        count.incrementAndGet();
        held.timeout = timer.schedule(() -> work(held, true), wait, TimeUnit.SECONDS);
        if (index.of(current.deviceId()) != current) {
            // Changed between the look at the index and now: answer from what is there.
            work(held, false);
        }
    }

    /** How many polls this node holds now. */
    int held() {
        return count.get();
    }

    /** The device's manifest changed (or may have): answer its held polls. */
    void changed(UUID deviceId) {
        Set<Held> polls = byDevice.get(deviceId);
        if (polls == null) {
            return;
        }
        for (Held held : polls) {
            work(held, false);
        }
    }

    private void work(Held held, boolean timedOut) {
        ExecutorService pool = workers;
        if (pool == null) {
            answer(held, true);
            return;
        }
        pool.execute(() -> answer(held, timedOut));
    }

    private void answer(Held held, boolean timedOut) {
        if (held.done.get()) {
            return;
        }
        if (!timedOut && warmer.warming(held.deviceId)) {
            // Its new manifest is being built here, in a batch with the rest of the wave; this poll is told again
            // when that build is over (ManifestIndex#settled) and answered from memory then.
            return;
        }
        HttpServletRequest request = (HttpServletRequest) held.async.getRequest();
        try {
            Optional<CachedManifest> found = manifestOf(held);
            if (found.isEmpty()) {
                finish(
                        held,
                        response -> problems.write(
                                request,
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "edge-unauthenticated",
                                "edge.unauthenticated"));
                return;
            }
            CachedManifest manifest = found.get();
            if (manifest.matches(held.ifNoneMatch)) {
                if (timedOut) {
                    finish(held, response -> {
                        headers(response, manifest, held);
                        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                    });
                }
                // Else: nothing new for this box yet; it stays held until the change arrives or the wait ends.
                return;
            }
            finish(held, response -> {
                Instant now = clock.instant();
                headers(response, manifest, held);
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType("application/json");
                response.setContentLength(manifest.length(now));
                manifest.writeTo(response.getOutputStream(), now);
            });
        } catch (RuntimeException e) {
            log.warn("Could not answer a held manifest poll of device {}: {}", held.deviceId, e.toString());
            finish(held, response -> {
                response.setHeader("Retry-After", "5");
                problems.write(
                        request, response, HttpStatus.SERVICE_UNAVAILABLE, "edge-unavailable", "edge.unavailable");
            });
        }
    }

    /** From memory when this node holds the device's current manifest; else checked and built as on a miss. */
    private Optional<CachedManifest> manifestOf(Held held) {
        CachedManifest cached = index.byCredential(held.credentialHash);
        if (cached != null && cached.bucket() == manifests.bucketOf(clock.millis())) {
            return Optional.of(cached);
        }
        Optional<UUID> device = enrolments.deviceWithCredential(held.credentialHash);
        if (device.isEmpty() || !device.get().equals(held.deviceId)) {
            return Optional.empty();
        }
        return manifests.current(held.deviceId, held.credentialHash);
    }

    private static void headers(HttpServletResponse response, CachedManifest manifest, Held held) {
        response.setHeader("ETag", manifest.etag());
        response.setHeader("Cache-Control", "private, no-cache");
        response.setHeader(PREFERENCE_APPLIED, "wait=" + held.wait);
    }

    private interface Answer {
        void write(HttpServletResponse response) throws IOException;
    }

    private void finish(Held held, Answer answer) {
        if (!held.done.compareAndSet(false, true)) {
            return;
        }
        release(held);
        try {
            answer.write((HttpServletResponse) held.async.getResponse());
        } catch (IOException | IllegalStateException gone) {
            log.debug("Held poll of device {} could not be answered: {}", held.deviceId, gone.toString());
        } finally {
            try {
                held.async.complete();
            } catch (IllegalStateException alreadyOver) {
                // the container ended it (the box went away)
            }
        }
    }

    private void release(Held held) {
        ScheduledFuture<?> timeout = held.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        Set<Held> polls = byDevice.get(held.deviceId);
        if (polls != null && polls.remove(held)) {
            count.decrementAndGet();
            if (polls.isEmpty()) {
                byDevice.remove(held.deviceId, polls);
            }
        }
    }

    private static final class Held {
        final AsyncContext async;
        final UUID deviceId;
        final String credentialHash;
        final String ifNoneMatch;
        final int wait;
        final AtomicBoolean done = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Held(AsyncContext async, UUID deviceId, String credentialHash, String ifNoneMatch, int wait) {
            this.async = async;
            this.deviceId = deviceId;
            this.credentialHash = credentialHash;
            this.ifNoneMatch = ifNoneMatch;
            this.wait = wait;
        }
    }

    @Override
    public void start() {
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, daemon("edge-long-poll-timer"));
        scheduled.setRemoveOnCancelPolicy(true);
        timer = scheduled;
        // Answering is mostly writing bytes held in memory; a wave of changes (an emergency to every box) also
        // builds each manifest once, which waits on the database more than it computes. Two threads per core
        // (4 on a 2-core box) answered 1,000 held polls over 35 s in bench/fleet; four per core, at least 8 and
        // at most 16, stays within the connection pool (Hikari's 10 by default) and keeps it busy.
        int threads = Math.max(8, Math.min(16, Runtime.getRuntime().availableProcessors() * 4));
        workers = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("edge-long-poll"));
    }

    /** Answers every held poll (304 or what changed) so a node going down leaves no box waiting. */
    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        ExecutorService w = workers;
        timer = null;
        workers = null;
        byDevice.values().forEach(polls -> polls.forEach(held -> answer(held, true)));
        if (t != null) {
            t.shutdownNow();
        }
        if (w != null) {
            w.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** Stopped before the web server (which stops at a lower phase) and after the index. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
