package org.openloa.media.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openloa.media.audio.AudioIngest;
import org.openloa.media.audio.Ffmpeg;
import org.openloa.media.audio.IngestResult;
import org.openloa.media.audio.IngestSettings;
import org.openloa.media.audio.ProgressListener;
import org.openloa.testing.RequiredTools;

class EspeakNgSpeechTest {

    static final String BULLETIN = "Thông báo của Ủy ban nhân dân xã: lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi "
            + "bắt đầu từ ngày mười lăm tại trạm y tế xã. Đề nghị các gia đình đưa trẻ đến đúng giờ.";

    @TempDir
    Path dir;

    TextToSpeech espeak = TextToSpeech.espeakNg();

    @BeforeEach
    void installed() {
        RequiredTools.require("espeak-ng", "espeak-ng");
    }

    @Test
    void vietnameseBulletinIsSpokenIntoAWavThatIngestsToTarget() throws Exception {
        RequiredTools.require("ffmpeg", "ffmpeg");
        Path wav = dir.resolve("speech.wav");

        espeak.synthesise(new SpeechRequest(BULLETIN, "vi-vn-x-south", 160), wav);
        IngestResult result = new AudioIngest(Ffmpeg.locate(), IngestSettings.DEFAULT)
                .ingest(wav, dir.resolve("speech.mp3"), ProgressListener.NONE);

        assertThat(Files.readAllBytes(wav)).startsWith("RIFF".getBytes());
        assertThat(result.source().sampleRate()).isEqualTo(22_050);
        assertThat(result.durationMs()).isBetween(6_000L, 20_000L);
        assertThat(result.after().integratedLufs()).isCloseTo(-16, within(0.5));
        assertThat(result.after().truePeakDbtp()).isLessThanOrEqualTo(-1.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vi", "vi-vn-x-central", "vi-vn-x-south"})
    void everyVietnameseVoiceSpeaks(String voice) throws Exception {
        Path wav = dir.resolve(voice + ".wav");

        espeak.synthesise(new SpeechRequest("Xin chào bà con.", voice, 175), wav);

        assertThat(Files.size(wav)).isGreaterThan(10_000);
    }

    @Test
    void fasterRateGivesShorterSpeech() throws Exception {
        espeak.synthesise(new SpeechRequest(BULLETIN, "vi", 120), dir.resolve("slow.wav"));
        espeak.synthesise(new SpeechRequest(BULLETIN, "vi", 300), dir.resolve("fast.wav"));

        // 22,050 Hz 16-bit mono: size is proportional to duration
        assertThat(Files.size(dir.resolve("fast.wav"))).isLessThan(Files.size(dir.resolve("slow.wav")) * 2 / 3);
    }

    @Test
    void textStartingWithADashIsSpokenNotTakenForAnOption() throws Exception {
        espeak.synthesise(new SpeechRequest("-v en --help", "vi", 175), dir.resolve("dash.wav"));

        assertThat(Files.size(dir.resolve("dash.wav"))).isGreaterThan(10_000);
    }

    @Test
    void availableWhenInstalledAndNotWhenTheProgramIsMissing() {
        assertThat(espeak.available()).isTrue();
        assertThat(espeak.voices()).containsExactly("vi", "vi-vn-x-central", "vi-vn-x-south");
        assertThat(TextToSpeech.espeakNg(dir.resolve("no-such/espeak-ng"), List.of("vi"))
                        .available())
                .isFalse();
    }

    @Test
    void unknownVoiceIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> espeak.synthesise(new SpeechRequest("Xin chào", "en-us", 175), dir.resolve("x.wav")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("en-us");
        assertThat(dir.resolve("x.wav")).doesNotExist();
    }

    @Test
    void requestsOutsideTheLimitsAreRefused() {
        assertThatThrownBy(() -> new SpeechRequest("  ", "vi", 175)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeechRequest("Xin chào", "vi", 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeechRequest("a".repeat(50_001), "vi", 175))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
