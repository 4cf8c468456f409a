package org.openloa.cms.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openloa.media.audio.AudioIngest;
import org.openloa.media.audio.AudioRefusedException;
import org.openloa.media.audio.IngestResult;
import org.openloa.media.store.BlobStat;
import org.openloa.media.store.MediaKey;
import org.openloa.media.store.MediaStore;
import org.openloa.media.tts.SpeechRequest;
import org.openloa.media.tts.TextToSpeech;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * their state lives in the database, so a job queued or cut off by a restart is picked up again.
 */
@Component
class AudioProcessing {

    private static final Logger log = LoggerFactory.getLogger(AudioProcessing.class);
    /** Fewer database writes: progress moves in steps of at least this much. */
    private static final double PROGRESS_STEP = 0.02;

    private final AudioIngest ingest;
    private final TextToSpeech speech;
    private final MediaStore store;
    private final MediaAssets assets;
    private final MediaJobs jobs;
    private final ProcessedAudioTarget target;
    private final TransactionTemplate tx;
    private final MessageChannel channel;
    private final Clock clock;

    AudioProcessing(
            AudioIngest ingest,
            TextToSpeech speech,
            MediaStore store,
            MediaAssets assets,
            MediaJobs jobs,
            ProcessedAudioTarget target,
            TransactionTemplate tx,
            @Qualifier(AudioFlow.JOBS) MessageChannel channel,
            Clock clock) {
        this.ingest = ingest;
        this.speech = speech;
        this.store = store;
        this.assets = assets;
        this.jobs = jobs;
        this.target = target;
        this.tx = tx;
        this.channel = channel;
        this.clock = clock;
    }

    /** Queues the job once the transaction that created it has committed (or at once, outside one). */
    void dispatch(UUID jobId) {
        Runnable send = () -> channel.send(MessageBuilder.withPayload(jobId)
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
        var resumable = jobs.findResumable(clock.instant().minus(MediaConfiguration.staleAfter()));
        if (!resumable.isEmpty()) {
            log.info("Resuming {} audio job(s) left unfinished by a restart", resumable.size());
        }
        resumable.forEach(this::dispatch);
    }

    void process(UUID jobId) {
        Instant now = clock.instant();
        Integer claimed = tx.execute(s -> jobs.claim(jobId, now, now.minus(MediaConfiguration.staleAfter())));
        if (claimed == null || claimed == 0) {
            return; // finished, or another node is on it
        }
        MediaJob job = jobs.findById(jobId).orElseThrow();
        Path work = null;
        try {
            work = Files.createTempDirectory("openloa-audio-");
            Path source = work.resolve("source");
            UUID originalId = job.kind() == MediaJob.Kind.TTS ? speak(job, source) : fetchOriginal(job, source);
            Path delivered = work.resolve(
                    "delivered." + ingest.settings().delivery().codec().extension());
            double[] reported = {0};
            IngestResult result = ingest.ingest(source, delivered, fraction -> {
                double overall = 0.05 + 0.9 * fraction;
                if (overall - reported[0] >= PROGRESS_STEP) {
                    reported[0] = overall;
                    tx.executeWithoutResult(s -> jobs.progress(jobId, overall, clock.instant()));
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
        tx.executeWithoutResult(s -> jobs.progress(job.id(), 0.05, clock.instant()));
        return id;
    }

    private void finish(MediaJob job, UUID originalId, IngestResult result) throws IOException {
        UUID deliveryId = UUID.randomUUID();
        MediaKey key = MediaKey.of(
                "deliveries", deliveryId + "." + result.format().codec().extension());
        BlobStat stat = store.put(key, result.file());
        try {
            tx.executeWithoutResult(s -> {
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
        tx.executeWithoutResult(
                s -> jobs.findById(jobId).filter(j -> !j.finished()).ifPresent(j -> j.fail(code, clock.instant())));
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
