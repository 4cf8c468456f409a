package org.openloa.cms.audio;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openloa.cms.database.ClusterNodes;
import org.openloa.media.audio.AudioIngest;
import org.openloa.media.audio.AudioRefusedException;
import org.openloa.media.audio.IngestResult;
import org.openloa.media.audio.ProgressListener;
import org.openloa.media.store.BlobStat;
import org.openloa.media.store.MediaKey;
import org.openloa.media.store.MediaStore;
import org.openloa.media.tts.SpeechRequest;
import org.openloa.media.tts.TextToSpeech;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does the audio work of one job: speak (for TTS), normalise and encode, store, hand over. Jobs reach it
 * through the audio flow's channel (see {@link AudioFlow}), so at most as many run as the flow allows;
 * their state lives in the database, so a job queued or cut off by a restart is picked up again, in its own lane
 * (its {@link Urgency} is stored with it: an emergency's never resumes behind bulletins).
 *
 * <p>A running job records its node ({@link ClusterNodes}). When that node dies (at this node's start for its
 * own earlier life, otherwise within a minute), the job is queued again once; cut off a second time, it
 * fails as INTERRUPTED, so audio that brings the process down cannot do so forever. The job's scratch files
 * live under the work directory in a folder per node, and the folders of dead nodes are removed.
 */
@Component
class AudioProcessing {

    /** The error code of a job cut off by crashes {@link #MAX_ATTEMPTS} times (media.refusal.INTERRUPTED). */
    static final String INTERRUPTED = "INTERRUPTED";

    private static final Logger log = LoggerFactory.getLogger(AudioProcessing.class);
    /** Fewer database writes: progress moves in steps of at least this much. */
    private static final double PROGRESS_STEP = 0.02;
    /** A job is started at most this often; one cut off by a crash each time then fails. */
    static final int MAX_ATTEMPTS = 2;
    /** How often this node looks for jobs of dead nodes. */
    private static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(30);

    private final AudioIngest ingest;
    private final TextToSpeech speech;
    private final MediaStore store;
    private final MediaAssets assets;
    private final MediaJobs jobs;
    private final ProcessedAudioTarget target;
    private final TransactionTemplate tx;
    private final MessageChannel channel;
    private final MessageChannel emergencyChannel;
    private final Clock clock;
    private final ClusterNodes nodes;
    private final Path workRoot;
    private final ScheduledExecutorService recovery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "audio-recovery");
        thread.setDaemon(true);
        return thread;
    });

    AudioProcessing(
            AudioIngest ingest,
            TextToSpeech speech,
            MediaStore store,
            MediaAssets assets,
            MediaJobs jobs,
            ProcessedAudioTarget target,
            TransactionTemplate tx,
            @Qualifier(AudioFlow.JOBS) MessageChannel channel,
            @Qualifier(AudioFlow.EMERGENCY_JOBS) MessageChannel emergencyChannel,
            Clock clock,
            ClusterNodes nodes,
            @Value("${openloa.media.work-dir:${openloa.data-dir:./data}/work}") Path workRoot) {
        this.ingest = ingest;
        this.speech = speech;
        this.store = store;
        this.assets = assets;
        this.jobs = jobs;
        this.target = target;
        this.tx = tx;
        this.channel = channel;
        this.emergencyChannel = emergencyChannel;
        this.clock = clock;
        this.nodes = nodes;
        this.workRoot = workRoot;
    }

    /**
     * Queues the job once the transaction that created it has committed (or at once, outside one); an emergency's
     * on threads of its own, so it never waits in the queue behind routine jobs.
     */
    void dispatch(UUID jobId, Urgency urgency) {
        MessageChannel lane = urgency == Urgency.EMERGENCY ? emergencyChannel : channel;
        Runnable send = () -> lane.send(MessageBuilder.withPayload(jobId)
                .setErrorChannelName(AudioFlow.ERRORS)
                .build());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    send.run();
                }
            });
        } else {
            send.run();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinishedJobs() {
        ingest.calibrateInBackground(); // the first job, an emergency's perhaps, then need not wait for it
        recoverInterrupted();
        // Oldest first, each in the lane it was queued in: an emergency's runs at once, whatever routine work waits.
        List<MediaJob> queued = jobs.findQueued();
        if (!queued.isEmpty()) {
            log.info("Resuming {} queued audio job(s)", queued.size());
        }
        queued.forEach(job -> dispatch(job.id(), job.urgency()));
        recovery.scheduleWithFixedDelay(
                this::recoverInterrupted,
                RECOVERY_INTERVAL.toMillis(),
                RECOVERY_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopRecovery() {
        recovery.shutdownNow();
    }

    /** Jobs whose node died under them: queued again, or failed after {@link #MAX_ATTEMPTS}; their files swept. */
    void recoverInterrupted() {
        try {
            Set<UUID> live = nodes.live();
            for (MediaJob orphan : jobs.findRunningOutside(live)) {
                try {
                    MediaJob.State now = tx.execute(s -> jobs.findById(orphan.id())
                            .filter(j -> j.state() == MediaJob.State.RUNNING && j.version() == orphan.version())
                            .map(j -> {
                                if (j.attempts() >= MAX_ATTEMPTS) {
                                    j.fail(INTERRUPTED, clock.instant());
                                } else {
                                    j.requeue(clock.instant());
                                }
                                return j.state();
                            })
                            .orElse(null));
                    if (now == MediaJob.State.QUEUED) {
                        log.info("Audio job {} was cut off when its node stopped; starting it again", orphan.id());
                        dispatch(orphan.id(), orphan.urgency());
                    } else if (now == MediaJob.State.FAILED) {
                        log.warn("Audio job {} was cut off again; it fails as {}", orphan.id(), INTERRUPTED);
                    }
                } catch (RuntimeException takenMeanwhile) {
                    log.debug("Audio job {} changed while recovering it", orphan.id(), takenMeanwhile);
                }
            }
            sweepWorkOfDeadNodes();
        } catch (RuntimeException e) {
            log.warn("Could not look for audio jobs of stopped nodes", e);
        }
    }

    /**
     * Removes the work folders of nodes known to be dead, and folders of no node on record that nobody touched
     * for a day (another database's node sharing the folder, or one long gone from cms_node).
     */
    private void sweepWorkOfDeadNodes() {
        if (!Files.isDirectory(workRoot)) {
            return;
        }
        Set<UUID> dead = nodes.dead();
        Set<UUID> live = nodes.live();
        Instant abandoned = clock.instant().minus(Duration.ofDays(1));
        try (Stream<Path> folders = Files.list(workRoot)) {
            folders.filter(folder -> {
                        UUID node;
                        try {
                            node = UUID.fromString(folder.getFileName().toString());
                        } catch (IllegalArgumentException notANodeFolder) {
                            return false;
                        }
                        return dead.contains(node) || !live.contains(node) && modifiedBefore(folder, abandoned);
                    })
                    .forEach(folder -> {
                        log.info("Removing the audio work files of stopped node {}", folder.getFileName());
                        deleteQuietly(folder);
                    });
        } catch (IOException e) {
            log.warn("Could not sweep {}", workRoot, e);
        }
    }

    private static boolean modifiedBefore(Path folder, Instant instant) {
        try {
            return Files.getLastModifiedTime(folder).toInstant().isBefore(instant);
        } catch (IOException e) {
            return false;
        }
    }

    void process(UUID jobId) {
        Instant now = clock.instant();
        Integer claimed = tx.execute(s -> jobs.claim(jobId, nodes.self(), now));
        if (claimed == null || claimed == 0) {
            return; // finished, or another node is on it
        }
        MediaJob job = jobs.findById(jobId).orElseThrow();
        Path work = null;
        try {
            work = Files.createDirectories(
                    workRoot.resolve(nodes.self().toString()).resolve(jobId.toString()));
            Path source = work.resolve("source");
            UUID originalId = job.kind() == MediaJob.Kind.TTS ? speak(job, source) : fetchOriginal(job, source);
            Path delivered = work.resolve(
                    "delivered." + ingest.settings().delivery().codec().extension());
            double[] reported = {0};
            IngestResult result = ingest.ingest(source, delivered, fraction -> {
                double overall = 0.05 + 0.9 * fraction;
                if (overall - reported[0] >= PROGRESS_STEP) {
                    reported[0] = overall;
                    tx.executeWithoutResult(s -> jobs.progress(jobId, nodes.self(), overall, clock.instant()));
                }
            });
            finish(job, originalId, result);
        } catch (AudioRefusedException e) {
            log.info("Audio job {} refused: {} ({})", jobId, e.reason(), e.getMessage());
            fail(jobId, e.reason().name());
            discardOriginal(job);
        } catch (IOException | RuntimeException e) {
            log.warn("Audio job {} failed", jobId, e);
            fail(jobId, job.kind() == MediaJob.Kind.TTS ? "TTS_FAILED" : "PROCESSING_FAILED");
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * Ingests an upload as it arrives, on the caller's thread, which holds one of the {@link IngestSlots} (see
     * {@link AudioService#receiveStream}): the scratch files live in this node's work folder as a job's do. The
     * original and the delivery are stored, then recorded and handed to {@code keep} in one transaction, so the
     * caller answers 2xx only for what is committed; whatever fails on the way, {@code keep} included, leaves no
     * blob and no asset.
     */
    <T> T ingestStreamed(InputStream body, String displayName, Function<AudioService.Arrived, T> keep)
            throws AudioRefusedException, IOException {
        Path work = Files.createDirectories(
                workRoot.resolve(nodes.self().toString()).resolve("stream-" + UUID.randomUUID()));
        try {
            Path received = work.resolve("source");
            Path delivered = work.resolve(
                    "delivered." + ingest.settings().delivery().codec().extension());
            IngestResult result = ingest.ingest(body, received, delivered, ProgressListener.NONE);
            UUID originalId = UUID.randomUUID();
            MediaKey originalKey = MediaKey.of("originals", originalId.toString(), MediaKey.safeName(displayName));
            UUID deliveryId = UUID.randomUUID();
            MediaKey deliveryKey = MediaKey.of(
                    "deliveries", deliveryId + "." + result.format().codec().extension());
            try {
                BlobStat original = store.put(originalKey, received);
                BlobStat delivery = store.put(deliveryKey, result.file());
                return tx.execute(s -> {
                    Instant now = clock.instant();
                    MediaAsset upload = new MediaAsset(
                            originalId,
                            MediaAsset.Role.ORIGINAL,
                            originalKey.value(),
                            original.sha256(),
                            original.size(),
                            AudioService.mimeTypeOf(result.source().container()),
                            null,
                            null,
                            null,
                            displayName,
                            now);
                    upload.measured(result.before().integratedLufs());
                    assets.save(upload);
                    assets.save(new MediaAsset(
                            deliveryId,
                            MediaAsset.Role.DELIVERY,
                            deliveryKey.value(),
                            delivery.sha256(),
                            delivery.size(),
                            result.format().codec().mimeType(),
                            result.durationMs(),
                            result.after().integratedLufs(),
                            peaks(result),
                            null,
                            now));
                    return keep.apply(new AudioService.Arrived(originalId, deliveryId));
                });
            } catch (IOException | RuntimeException e) {
                deleteQuietly(originalKey);
                deleteQuietly(deliveryKey);
                throw e;
            }
        } finally {
            deleteQuietly(work);
        }
    }

    /** Gives a bulletin audio that arrived streamed, recorded as an upload job that has succeeded; in a transaction. */
    MediaJob attach(UUID bulletinId, String areaPath, String actor, Urgency urgency, AudioService.Arrived audio) {
        Instant now = clock.instant();
        target.audioReady(bulletinId, audio.deliveryId(), audio.originalId(), actor);
        MediaJob job = new MediaJob(
                bulletinId, areaPath, MediaJob.Kind.UPLOAD, audio.originalId(), null, null, null, actor, urgency, now);
        job.succeed(audio.originalId(), now);
        return jobs.save(job);
    }

    private void deleteQuietly(MediaKey key) {
        try {
            store.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove {} after a failed streamed upload", key.value(), e);
        }
    }

    /** The safety net of the flow's error channel: whatever escaped {@link #process} still ends the job. */
    void failed(UUID jobId, Throwable cause) {
        log.warn("Audio job {} ended with an unexpected error", jobId, cause);
        fail(jobId, "PROCESSING_FAILED");
    }

    private UUID fetchOriginal(MediaJob job, Path source) throws IOException {
        MediaAsset original = assets.findById(job.sourceAssetId()).orElseThrow();
        try (InputStream in = store.get(MediaKey.of(original.storageKey()))) {
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        return original.id();
    }

    private UUID speak(MediaJob job, Path source) throws IOException {
        speech.synthesise(new SpeechRequest(job.ttsText(), job.ttsVoice(), job.ttsRate()), source);
        UUID id = UUID.randomUUID();
        MediaKey key = MediaKey.of("originals", id.toString(), "tts-" + job.ttsVoice() + ".wav");
        BlobStat stat = store.put(key, source);
        tx.executeWithoutResult(s -> assets.save(new MediaAsset(
                id,
                MediaAsset.Role.ORIGINAL,
                key.value(),
                stat.sha256(),
                stat.size(),
                "audio/wav",
                null,
                null,
                null,
                "tts-" + job.ttsVoice() + ".wav",
                clock.instant())));
        tx.executeWithoutResult(s -> jobs.progress(job.id(), nodes.self(), 0.05, clock.instant()));
        return id;
    }

    private void finish(MediaJob job, UUID originalId, IngestResult result) throws IOException {
        UUID deliveryId = UUID.randomUUID();
        MediaKey key = MediaKey.of(
                "deliveries", deliveryId + "." + result.format().codec().extension());
        BlobStat stat = store.put(key, result.file());
        try {
            tx.executeWithoutResult(s -> {
                if (!runsHere(jobs.findById(job.id()).orElseThrow())) {
                    throw new IllegalStateException("the job was taken over while this node was silent");
                }
                assets.save(new MediaAsset(
                        deliveryId,
                        MediaAsset.Role.DELIVERY,
                        key.value(),
                        stat.sha256(),
                        stat.size(),
                        result.format().codec().mimeType(),
                        result.durationMs(),
                        result.after().integratedLufs(),
                        peaks(result),
                        null,
                        clock.instant()));
                // The page says what goes out beside what came in: keep the upload's own loudness on the original.
                assets.findById(originalId)
                        .ifPresent(original ->
                                assets.save(original).measured(result.before().integratedLufs()));
                target.audioReady(job.bulletinId(), deliveryId, originalId, job.createdBy());
                MediaJob fresh = jobs.findById(job.id()).orElseThrow();
                fresh.succeed(originalId, clock.instant());
            });
        } catch (RuntimeException e) {
            // The bulletin moved on (submitted, deleted) while we worked: keep nothing of this run.
            store.delete(key);
            log.info("Audio job {} could not hand over its audio: {}", job.id(), e.getMessage());
            fail(job.id(), "BULLETIN_CHANGED");
        }
    }

    private void fail(UUID jobId, String code) {
        tx.executeWithoutResult(s -> jobs.findById(jobId)
                .filter(j -> !j.finished() && (j.nodeId() == null || runsHere(j)))
                .ifPresent(j -> j.fail(code, clock.instant())));
    }

    private boolean runsHere(MediaJob job) {
        return job.state() == MediaJob.State.RUNNING && nodes.self().equals(job.nodeId());
    }

    /** A refused upload leaves no blob and no asset behind. */
    private void discardOriginal(MediaJob job) {
        if (job.kind() != MediaJob.Kind.UPLOAD || job.sourceAssetId() == null) {
            return;
        }
        try {
            MediaAsset original = assets.findById(job.sourceAssetId()).orElse(null);
            if (original != null) {
                store.delete(MediaKey.of(original.storageKey()));
                tx.executeWithoutResult(s -> {
                    jobs.findById(job.id()).ifPresent(MediaJob::forgetSource);
                    assets.findById(original.id()).ifPresent(assets::delete);
                });
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove the refused original of job {}", job.id(), e);
        }
    }

    /** 200 peaks (0..1) are enough for a preview line on a phone; the full envelope stays in the media module. */
    private static String peaks(IngestResult result) {
        float[] all = result.waveform().peaks();
        int n = Math.min(200, all.length);
        if (n == 0) {
            return "";
        }
        return IntStream.range(0, n)
                .mapToObj(i -> {
                    int from = i * all.length / n;
                    int to = Math.max(from + 1, (i + 1) * all.length / n);
                    float max = 0;
                    for (int k = from; k < to; k++) {
                        max = Math.max(max, Math.abs(all[k]));
                    }
                    return String.format(Locale.ROOT, "%.3f", Math.min(1f, max));
                })
                .collect(Collectors.joining(","));
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not clean {}", dir, e);
        }
    }
}
