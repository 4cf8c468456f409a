package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.media.audio.Ffmpeg;
import org.openloa.testing.RequiredTools;
import tools.jackson.databind.JsonNode;

/** What phones and browsers produce, uploaded through the API, comes out as evenly loud delivery MP3. */
@org.junit.jupiter.api.Tag("media")
class AudioFormatsThroughTheApiTest extends ServerTest {

    @TempDir
    static Path files;

    static Path ffmpeg;

    @BeforeAll
    static void tools() {
        ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "mp3 CBR,    tin.mp3,   -c:a libmp3lame -b:a 128k,              -10",
        "mp3 VBR,    tin.mp3,   -c:a libmp3lame -q:a 4,                 -10",
        "m4a AAC,    tin.m4a,   -c:a aac -b:a 96k,                      -10",
        "ogg Vorbis, tin.ogg,   -c:a libvorbis -q:a 3,                  -10",
        "opus,       tin.opus,  -c:a libopus -b:a 32k,                  -10",
        "webm Opus,  tin.webm,  -c:a libopus -b:a 32k,                  -10",
        "3gp AAC,    tin.3gp,   -ar 16000 -ac 1 -c:a aac -b:a 24k,      -10",
        "3gp AMR,    tin.3gp,   -ar 8000 -ac 1 -c:a libopencore_amrnb -b:a 12.2k, -10",
        "flac,       tin.flac,  -c:a flac,                              -10",
        "very quiet, nho.wav,   -c:a pcm_s16le,                         -30",
        "clipped,    to.wav,    -c:a pcm_s16le,                         +12"
    })
    void becomesPlayableAudioAtTheTargetLoudness(String kind, String name, String codec, String gainDb)
            throws Exception {
        Path file = make(name.replace(".", "-" + kind.replace(' ', '-') + "."), codec, gainDb);
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "fmt" + w.suffix(), "EDITOR", w.communeAId());
        String id = editor.post("/api/v1/bulletins", Map.of("title", "Định dạng " + kind, "category", "thoi-su"))
                .text("id");

        JsonNode job = BulletinWorkflowTest.uploadAndWait(
                editor, id, Files.readAllBytes(file), file.getFileName().toString());
        assertThat(job.get("state").asString()).as(kind + ": " + job).isEqualTo("SUCCEEDED");
        JsonNode audio = editor.get("/api/v1/bulletins/" + id).json().get("audio");
        assertThat(audio.get("mimeType").asString()).isEqualTo("audio/mpeg");
        assertThat(audio.get("durationMs").asLong()).as(kind).isBetween(4_500L, 5_600L);
        assertThat(audio.get("loudnessLufs").asDouble()).as(kind).isBetween(-17.0, -15.0);
    }

    /** Five seconds of speech-like sound (a gliding tone with syllable-rate bursts) at a chosen level. */
    private static Path make(String name, String codec, String gainDb) throws IOException, InterruptedException {
        Path out = files.resolve(name);
        // Debian's ffmpeg only decodes AMR; the one bundled in the JAVE jar (which cms falls back to) encodes it.
        Path encoder = codec.contains("amr") ? Ffmpeg.bundled().executable() : ffmpeg;
        List<String> command = new ArrayList<>(List.of(
                encoder.toString(),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "aevalsrc=0.3*sin(2*PI*(220+80*sin(2*PI*0.7*t))*t)*(0.55+0.45*sin(2*PI*4*t)):s=44100:d=5",
                "-af",
                "volume=" + gainDb + "dB"));
        command.addAll(List.of(codec.trim().split("\\s+")));
        command.add(out.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return out;
    }
}
