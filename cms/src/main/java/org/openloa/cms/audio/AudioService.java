package org.openloa.cms.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.openloa.cms.access.Caller;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.cms.problem.Text;
import org.openloa.media.audio.AudioInfo;
import org.openloa.media.audio.AudioIngest;
import org.openloa.media.audio.AudioRefusedException;
import org.openloa.media.audio.Refusal;
import org.openloa.media.store.BlobStat;
import org.openloa.media.store.MediaKey;
import org.openloa.media.store.MediaStore;
import org.openloa.media.tts.SpeechRequest;
import org.openloa.media.tts.TextToSpeech;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Starts audio work. An upload is looked at before anything is stored, so what is plainly not audio
 * is refused at once and leaves nothing behind; what passes is kept as the original and processed in
 * the background, reporting progress through its job.
 */
@Service
public class AudioService {

    private final AudioIngest ingest;
    private final MediaStore store;
    private final MediaAssets assets;
    private final MediaJobs jobs;
    private final TextToSpeech speech;
    private final AudioProcessing processing;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final IngestSlots slots;

    AudioService(
            AudioIngest ingest,
            MediaStore store,
            MediaAssets assets,
            MediaJobs jobs,
            TextToSpeech speech,
            AudioProcessing processing,
            TransactionTemplate tx,
            Clock clock,
            IngestSlots slots) {
        this.ingest = ingest;
        this.store = store;
        this.assets = assets;
        this.jobs = jobs;
        this.speech = speech;
        this.processing = processing;
        this.tx = tx;
        this.clock = clock;
        this.slots = slots;
    }

    /** Accepts an uploaded file (already streamed to disk) for a bulletin; the caller deletes the file after. */
    public MediaJob startUpload(UUID bulletinId, String areaPath, String actor, Path upload, String originalFilename)
            throws IOException {
        return startUpload(bulletinId, areaPath, actor, upload, originalFilename, Urgency.ROUTINE);
    }

    /** As {@link #startUpload(UUID, String, String, Path, String)}; an emergency's never waits behind routine work. */
    public MediaJob startUpload(
            UUID bulletinId, String areaPath, String actor, Path upload, String originalFilename, Urgency urgency)
            throws IOException {
        originalFilename = Text.clean(originalFilename, "file");
        String contentType;
        try {
            contentType = mimeTypeOf(ingest.inspect(upload).container());
        } catch (AudioRefusedException e) {
            throw refused(e.reason(), maxDuration());
        }
        UUID assetId = UUID.randomUUID();
        String displayName = displayName(originalFilename);
        MediaKey key = MediaKey.of("originals", assetId.toString(), MediaKey.safeName(displayName));
        BlobStat stat = store.put(key, upload);
        try {
            MediaJob job = tx.execute(status -> {
                assets.save(new MediaAsset(
                        assetId,
                        MediaAsset.Role.ORIGINAL,
                        key.value(),
                        stat.sha256(),
                        stat.size(),
                        contentType,
                        null,
                        null,
                        null,
                        displayName,
                        clock.instant()));
                return jobs.save(new MediaJob(
                        bulletinId,
                        areaPath,
                        MediaJob.Kind.UPLOAD,
                        assetId,
                        null,
                        null,
                        null,
                        actor,
                        urgency,
                        clock.instant()));
            });
            processing.dispatch(job.id(), urgency);
            return job;
        } catch (RuntimeException e) {
            store.delete(key);
            throw e;
        }
    }

    /**
     * Audio that arrived as a streamed upload, processed and stored ({@link #receiveStream}): its original and its
     * delivery, assets that are nobody's until the transaction they are handed over in gives them to something.
     */
    public record Arrived(UUID originalId, UUID deliveryId) {}

    /** What becomes of a streamed upload that found every processing slot taken: it is whole on disk by then. */
    @FunctionalInterface
    public interface Queue<T> {
        /** Starts the usual background job for {@code file} (deleted after this returns) and says what was done. */
        T queue(Path file, String filename) throws IOException;
    }

    /**
     * Receives an upload as its bytes arrive (the streaming endpoints). When one of the node's processing slots is
     * free (openloa.media.processing-threads, shared with the queued jobs), it is measured while it streams in,
     * rendered once its last byte is in and handed to {@code keep} in the transaction that records its assets:
     * what {@code keep} returns is committed when this returns. When none is free, no ffmpeg starts for it: the
     * body is received whole onto disk and given to {@code queue}, which starts the background job the multipart
     * upload starts (waiting its turn, with its progress). An upload that is cut off, larger than {@code limit}
     * (refused before it is read when its announced length, −1 for none, says so) or refused leaves nothing
     * behind: no file, no blob, no asset. Routine work: see the overload for an emergency's.
     */
    public <T> T receiveStream(
            InputStream body,
            long announcedBytes,
            String originalFilename,
            DataSize limit,
            Function<Arrived, T> keep,
            Queue<T> queue)
            throws IOException {
        return receiveStream(body, announcedBytes, originalFilename, limit, Urgency.ROUTINE, keep, queue);
    }

    /**
     * As the overload without {@code urgency}; an emergency's recording takes a free slot ahead of the routine work
     * waiting for one, or the slot reserved for emergencies (see {@link IngestSlots}), so it is queued only when
     * another emergency's ingest holds that one.
     */
    public <T> T receiveStream(
            InputStream body,
            long announcedBytes,
            String originalFilename,
            DataSize limit,
            Urgency urgency,
            Function<Arrived, T> keep,
            Queue<T> queue)
            throws IOException {
        BoundedUpload upload = new BoundedUpload(body, limit.toBytes());
        String name = displayName(Text.clean(originalFilename, "file"));
        try {
            if (announcedBytes > limit.toBytes()) {
                throw new BoundedUpload.TooLarge(limit.toBytes());
            }
            IngestSlots.Slot slot = slots.tryTake(urgency);
            if (slot != null) {
                try {
                    return processing.ingestStreamed(upload, name, keep);
                } finally {
                    slots.release(slot);
                }
            }
            Path file = Files.createTempFile("openloa-upload-", ".bin");
            try {
                Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
                return queue.queue(file, name);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (AudioRefusedException e) {
            throw refused(e.reason(), maxDuration());
        } catch (BoundedUpload.TooLarge e) {
            throw new ProblemException(
                    RefusalKind.TOO_LARGE,
                    "upload-too-large",
                    "problem.upload-too-large",
                    limit.toMegabytes() >= 1 ? limit.toMegabytes() + " MB" : limit.toKilobytes() + " KB");
        } catch (IOException e) {
            if (upload.ended()) {
                throw e; // ffmpeg or the store failed: the server's fault
            }
            // The client went away, or sent less than it announced: most likely nobody reads this answer.
            throw ProblemException.badRequest("upload-cut-off", "problem.upload-cut-off");
        }
    }

    /**
     * A bulletin's audio as a streamed upload ({@link #receiveStream}): the job has SUCCEEDED when the audio is
     * already the bulletin's, or is QUEUED like a multipart upload's when every processing slot was taken.
     */
    public MediaJob ingestStream(
            UUID bulletinId,
            String areaPath,
            String actor,
            InputStream body,
            long announcedBytes,
            String originalFilename,
            DataSize limit)
            throws IOException {
        return receiveStream(
                body,
                announcedBytes,
                originalFilename,
                limit,
                arrived -> attach(bulletinId, areaPath, actor, Urgency.ROUTINE, arrived),
                (file, name) -> startUpload(bulletinId, areaPath, actor, file, name));
    }

    /**
     * Gives a bulletin audio that {@link #receiveStream} processed, with an upload job that has succeeded; only
     * inside the transaction {@code keep} runs in.
     */
    public MediaJob attach(UUID bulletinId, String areaPath, String actor, Urgency urgency, Arrived audio) {
        return processing.attach(bulletinId, areaPath, actor, urgency, audio);
    }

    /**
     * Keeps audio another OpenLoa instance already processed (the exchange between levels) as a DELIVERY asset,
     * as it is: it was normalised and encoded there, so it is not processed again. Refused unless its SHA-256 is
     * the one the sender announced and ffmpeg sees audio in it. The caller deletes the file after.
     */
    public UUID importDelivered(Path file, String expectedSha256, Long durationMs, Double loudnessLufs)
            throws IOException {
        AudioInfo info;
        try {
            info = ingest.inspect(file);
        } catch (AudioRefusedException e) {
            throw refused(e.reason(), maxDuration());
        }
        UUID assetId = UUID.randomUUID();
        MediaKey key = MediaKey.of("deliveries", assetId + "." + extensionOf(mimeTypeOf(info.container())));
        BlobStat stat = store.put(key, file);
        if (expectedSha256 == null || !stat.sha256().equalsIgnoreCase(expectedSha256)) {
            store.delete(key);
            throw ProblemException.badRequest("audio-checksum-mismatch", "exchange.audio-checksum-mismatch");
        }
        Long duration = durationMs != null
                ? durationMs
                : info.duration().map(Duration::toMillis).orElse(null);
        try {
            tx.executeWithoutResult(status -> assets.save(new MediaAsset(
                    assetId,
                    MediaAsset.Role.DELIVERY,
                    key.value(),
                    stat.sha256(),
                    stat.size(),
                    mimeTypeOf(info.container()),
                    duration,
                    loudnessLufs,
                    null,
                    null,
                    clock.instant())));
        } catch (RuntimeException e) {
            store.delete(key);
            throw e;
        }
        return assetId;
    }

    private static String extensionOf(String mimeType) {
        return switch (mimeType) {
            case "audio/mpeg" -> "mp3";
            case "audio/ogg" -> "ogg";
            case "audio/wav" -> "wav";
            case "audio/mp4" -> "m4a";
            default -> "bin";
        };
    }

    /** Speaks the text with the configured engine, then processes it like an upload. */
    public MediaJob startSpeech(
            UUID bulletinId, String areaPath, String actor, String text, String voice, Integer wordsPerMinute) {
        return startSpeech(bulletinId, areaPath, actor, text, voice, wordsPerMinute, Urgency.ROUTINE);
    }

    /** As the overload without {@code urgency}; an emergency's never waits behind routine work. */
    public MediaJob startSpeech(
            UUID bulletinId,
            String areaPath,
            String actor,
            String text,
            String voice,
            Integer wordsPerMinute,
            Urgency urgency) {
        if (!speech.available()) {
            throw new ProblemException(RefusalKind.UNAVAILABLE, "tts-unavailable", "media.tts-unavailable");
        }
        String chosenVoice = voice == null || voice.isBlank() ? speech.voices().get(0) : voice;
        if (!speech.voices().contains(chosenVoice)) {
            throw ProblemException.rule("unknown-voice", "voice", "media.unknown-voice", chosenVoice);
        }
        int rate = wordsPerMinute == null ? SpeechRequest.NORMAL_RATE : wordsPerMinute;
        try {
            // A bulletin without a body yet has null text: nothing to speak, the same refusal as blank text.
            new SpeechRequest(text == null ? "" : text, chosenVoice, rate);
        } catch (IllegalArgumentException e) {
            throw ProblemException.rule(
                    "invalid-speech-request",
                    text == null || text.isBlank() ? "body" : "rate",
                    "media.invalid-speech",
                    SpeechRequest.MIN_RATE,
                    SpeechRequest.MAX_RATE);
        }
        MediaJob job = tx.execute(status -> jobs.save(new MediaJob(
                bulletinId,
                areaPath,
                MediaJob.Kind.TTS,
                null,
                text,
                chosenVoice,
                rate,
                actor,
                urgency,
                clock.instant())));
        processing.dispatch(job.id(), urgency);
        return job;
    }

    public boolean speechAvailable() {
        return speech.available();
    }

    public List<String> voices() {
        return speech.voices();
    }

    public MediaJob job(Caller caller, UUID id) {
        return jobs.findById(id)
                .filter(j -> caller.reaches(j.areaPath()))
                .orElseThrow(() -> ProblemException.notFound("job"));
    }

    public List<MediaJob> jobsOf(UUID bulletinId) {
        return jobs.findByBulletinIdOrderByCreatedAtDesc(bulletinId);
    }

    /** The loudness every delivered file aims at, LUFS (openloa.media.loudness.integrated-lufs). */
    public double loudnessTarget() {
        return ingest.settings().loudness().integratedLufs();
    }

    /** Longer audio is refused (openloa.media.max-duration). */
    public Duration maxDuration() {
        return ingest.settings().maxDuration();
    }

    static ProblemException refused(Refusal reason, Duration maxDuration) {
        RefusalKind kind = switch (reason) {
            case NOT_AUDIO, NO_AUDIO_STREAM, UNDECODABLE -> RefusalKind.UNSUPPORTED;
            case EMPTY, TRUNCATED -> RefusalKind.INVALID;
            case SILENT, TOO_LONG -> RefusalKind.RULE_BROKEN;
        };
        return new ProblemException(
                kind,
                "audio-" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                "media.refusal." + reason.name(),
                JobView.refusalArgs(reason.name(), maxDuration));
    }

    private static String displayName(String name) {
        if (name == null || name.isBlank()) {
            return "audio";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        return base.isEmpty() ? "audio" : base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    static String mimeTypeOf(String container) {
        if (container == null) {
            return "application/octet-stream";
        }
        String c = container.toLowerCase(java.util.Locale.ROOT);
        if (c.contains("mp3")) {
            return "audio/mpeg";
        }
        if (c.contains("wav")) {
            return "audio/wav";
        }
        if (c.contains("ogg")) {
            return "audio/ogg";
        }
        if (c.contains("webm") || c.contains("matroska")) {
            return "audio/webm";
        }
        if (c.contains("mp4") || c.contains("m4a") || c.contains("mov")) {
            return "audio/mp4";
        }
        if (c.contains("3gp")) {
            return "audio/3gpp";
        }
        if (c.contains("flac")) {
            return "audio/flac";
        }
        if (c.contains("amr")) {
            return "audio/amr";
        }
        return "application/octet-stream";
    }
}
