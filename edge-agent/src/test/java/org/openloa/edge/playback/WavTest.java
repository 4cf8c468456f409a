package org.openloa.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.Audio;

class WavTest {

    @TempDir
    Path dir;

    @Test
    void aWavCutShortIsStillAValidWavOfTheLengthKept() throws Exception {
        Path wav = Files.write(dir.resolve("tone.wav"), Audio.sineWav(1000, 440));
        assertThat(Wav.read(wav).durationMs()).isEqualTo(1000);

        Wav.truncate(wav, 400);

        assertThat(Wav.read(wav).durationMs()).isEqualTo(400);
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertThat(audio.getFrameLength()).isEqualTo(3200);
        }
    }
}
