package org.openloa.cms.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinAudioAttached;
import org.openloa.cms.bulletin.BulletinContent;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.media.audio.Ffmpeg;
import org.openloa.scheduler.broadcast.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sample bulletins: written at the first start, spoken by the server's TTS (espeak-ng, the same path an editor
 * uses), or, without espeak-ng, a tone made by ffmpeg and ingested like an upload. The demo acts as the system: each
 * is approved as soon as its audio is attached (no second person, as on the emergency path), and once all are, the
 * daily schedule is created ({@link DemoSchedule}).
 */
@Component
@Profile("demo")
class DemoBulletins {

    private static final Logger log = LoggerFactory.getLogger(DemoBulletins.class);
    static final String ACTOR = "system";

    /** The system with the editor's role too, so that its bulletins go through the ordinary create. */
    private static final Caller EDITOR =
            new Caller(Caller.system().userId(), ACTOR, Set.of(Role.ADMIN, Role.EDITOR), null, Caller.NATIONAL_SCOPE);

    record Sample(String title, String category, String text) {}

    static final List<Sample> SAMPLES = List.of(
            new Sample(
                    "Lịch tiêm chủng mở rộng tháng này",
                    "y-te",
                    "Trạm y tế xã thông báo. Sáng thứ Bảy tuần này, trạm tổ chức tiêm chủng mở rộng cho trẻ em"
                            + " dưới năm tuổi. Đề nghị các gia đình mang theo sổ tiêm chủng và đến đúng giờ."),
            new Sample(
                    "Phòng chống cháy rừng mùa khô",
                    "thong-bao-ubnd",
                    "Ủy ban nhân dân xã đề nghị bà con không đốt nương rẫy, không dùng lửa gần rừng trong những"
                            + " ngày nắng nóng. Khi phát hiện cháy, báo ngay cho trưởng thôn."),
            new Sample(
                    "Lịch thu gom rác thải",
                    "thong-bao-ubnd",
                    "Từ tuần sau, xe thu gom rác đi qua các thôn vào sáng thứ Hai, thứ Tư và thứ Sáu. Đề nghị bà"
                            + " con để rác đúng nơi quy định trước bảy giờ sáng."));

    private final BulletinService bulletins;
    private final AudioService audio;
    private final ObjectProvider<Ffmpeg> ffmpeg;
    private final DemoSchedule schedule;
    private final TransactionTemplate ownTransaction;
    private final Set<UUID> waiting = ConcurrentHashMap.newKeySet();
    private final List<UUID> ready = new ArrayList<>();
    private volatile DemoData.Seeded seeded;

    DemoBulletins(
            BulletinService bulletins,
            AudioService audio,
            ObjectProvider<Ffmpeg> ffmpeg,
            DemoSchedule schedule,
            PlatformTransactionManager transactions) {
        this.bulletins = bulletins;
        this.audio = audio;
        this.ffmpeg = ffmpeg;
        this.schedule = schedule;
        this.ownTransaction = new TransactionTemplate(transactions);
        // Called after another transaction committed (its resources still bound): a new one of our own.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Writes the samples in the province and starts making their audio (in the background). */
    void seed(DemoData.Seeded seeded) {
        this.seeded = seeded;
        boolean speech = audio.speechAvailable();
        if (!speech) {
            log.warn("Demo: espeak-ng is not installed, so the sample bulletins are tones made by ffmpeg instead of"
                    + " speech. Install espeak-ng (apt-get install espeak-ng) and start on an empty database for"
                    + " spoken bulletins.");
        }
        for (int i = 0; i < SAMPLES.size(); i++) {
            Sample sample = SAMPLES.get(i);
            int index = i;
            ownTransaction.executeWithoutResult(status -> {
                Bulletin bulletin = bulletins.create(
                        EDITOR,
                        seeded.province().id(),
                        new BulletinContent(
                                sample.title(), sample.category(), sample.text(), Priority.NORMAL, null, null));
                // Waiting before the job can finish: the audio is attached only after this commits.
                waiting.add(bulletin.id());
                if (speech) {
                    audio.startSpeech(bulletin.id(), bulletin.areaPath(), ACTOR, sample.text(), null, null);
                } else {
                    tone(bulletin, 440 + 220 * index);
                }
            });
        }
    }

    /** A bulletin has its audio: approve it; with all of them, the schedule goes in. */
    @TransactionalEventListener
    void audioAttached(BulletinAudioAttached event) {
        if (!waiting.contains(event.bulletinId())) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> bulletins.approveForDemo(event.bulletinId(), ACTOR));
        List<UUID> all = null;
        synchronized (ready) {
            if (waiting.remove(event.bulletinId())) {
                ready.add(event.bulletinId());
            }
            if (waiting.isEmpty() && !ready.isEmpty()) {
                all = List.copyOf(ready);
            }
        }
        if (all != null) {
            List<UUID> bulletinIds = all;
            ownTransaction.executeWithoutResult(status -> schedule.create(seeded, bulletinIds));
        }
    }

    /** Without TTS: a few seconds of a sine made by ffmpeg, ingested like an upload. */
    private void tone(Bulletin bulletin, int hertz) {
        Ffmpeg tool = ffmpeg.getIfAvailable();
        Path file = null;
        try {
            file = Files.createTempFile("openloa-demo-tone", ".wav");
            Process process = new ProcessBuilder(
                            tool == null ? "ffmpeg" : tool.executable().toString(),
                            "-hide_banner",
                            "-loglevel",
                            "error",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine=frequency=" + hertz + ":duration=6",
                            "-ac",
                            "1",
                            file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("ffmpeg could not make a tone");
            }
            audio.startUpload(bulletin.id(), bulletin.areaPath(), ACTOR, file, "demo-tone.wav");
        } catch (IOException e) {
            log.warn(
                    "Demo: the bulletin '{}' has no audio ({}); it will not be scheduled",
                    bulletin.title(),
                    e.getMessage());
            waiting.remove(bulletin.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file: the system's cleaner takes it
                }
            }
        }
    }
}
