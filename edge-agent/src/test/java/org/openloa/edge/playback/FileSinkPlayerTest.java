package org.openloa.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.Audio;
import org.openloa.testing.RequiredTools;

/** The file sink with Debian's ffmpeg decoding real MP3s made by ffmpeg. */
class FileSinkPlayerTest {

    @TempDir
    Path dir;

    @Test
    void itWritesAWavOfWhatItPlayedAndALineInPlaysLog() throws Exception {
        Path mp3 = Audio.mp3(dir, "news.mp3", 1.5);
        FileSinkPlayer sink = new FileSinkPlayer(dir.resolve("out"), ffmpeg(), Clock.systemUTC());

        Ending ending = sink.start(request("morning@06", "news", mp3, 100, 1500))
                .ended()
                .get(20, TimeUnit.SECONDS);

        assertThat(ending.played()).isTrue();
        Path wav = dir.resolve("out/000001-news.wav");
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = audio.getFormat();
            assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(audio.getFrameLength() / format.getFrameRate()).isBetween(1.45f, 1.6f);
        }
        Map<String, String> line = line(dir.resolve("out/plays.log"), 0);
        assertThat(line)
                .containsEntry("item", "morning@06")
                .containsEntry("media", "news")
                .containsEntry("sha256", Audio.sha256(mp3))
                .containsEntry("result", "complete")
                .containsEntry("file", "000001-news.wav")
                .containsEntry("volume", "100");
        assertThat(Duration.between(Instant.parse(line.get("started")), Instant.parse(line.get("ended"))))
                .as("a play lasts as long as its audio")
                .isBetween(Duration.ofMillis(1400), Duration.ofSeconds(5));
    }

    @Test
    void itAppliesTheVolumeToTheSamples() throws Exception {
        Path mp3 = Audio.mp3(dir, "tone.mp3", 0.5);
        FileSinkPlayer sink = new FileSinkPlayer(dir.resolve("out"), ffmpeg(), Clock.systemUTC());

        sink.start(request("i", "full", mp3, 100, 500)).ended().get(20, TimeUnit.SECONDS);
        sink.start(request("i", "half", mp3, 50, 500)).ended().get(20, TimeUnit.SECONDS);

        double full = peak(dir.resolve("out/000001-full.wav"));
        double half = peak(dir.resolve("out/000002-half.wav"));
        assertThat(half / full).isBetween(0.45, 0.55);
    }

    @Test
    void aStoppedPlayIsCutWhereItStopped() throws Exception {
        Path mp3 = Audio.mp3(dir, "long.mp3", 4);
        FileSinkPlayer sink = new FileSinkPlayer(dir.resolve("out"), ffmpeg(), Clock.systemUTC());
        Playback play = sink.start(request("i", "long", mp3, 100, 4000));

        assertThatThrownBy(() -> play.ended().get(1000, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        play.stop();

        try (AudioInputStream audio = AudioSystem.getAudioInputStream(
                dir.resolve("out/000001-long.wav").toFile())) {
            assertThat(audio.getFrameLength() / audio.getFormat().getFrameRate())
                    .isBetween(0.9f, 2.0f);
        }
        assertThat(line(dir.resolve("out/plays.log"), 0)).containsEntry("result", "stopped");
    }

    @Test
    void itRecordsAStreamWithFfmpeg() throws Exception {
        byte[] mp3 = Files.readAllBytes(Audio.mp3(dir, "live.mp3", 1));
        HttpServer radio = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        radio.createContext("/live.mp3", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
            exchange.sendResponseHeaders(200, mp3.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(mp3);
            }
        });
        radio.start();
        try {
            FileSinkPlayer sink = new FileSinkPlayer(dir.resolve("out"), ffmpeg(), Clock.systemUTC());
            URI url = URI.create("http://127.0.0.1:" + radio.getAddress().getPort() + "/live.mp3");

            Ending ending = sink.start(new PlayRequest("relay", null, null, url, null, null, 80, 0))
                    .ended()
                    .get(20, TimeUnit.SECONDS);

            assertThat(ending.played()).isTrue();
            assertThat(dir.resolve("out/000001-stream.wav")).isNotEmptyFile();
            assertThat(line(dir.resolve("out/plays.log"), 0))
                    .containsEntry("stream", url.toString())
                    .containsEntry("media", "-");
        } finally {
            radio.stop(0);
        }
    }

    @Test
    void withoutFfmpegItCopiesTheOriginalBytesAndSaysSo() throws Exception {
        byte[] wav = Audio.sineWav(300, 440);
        Path file = Files.write(dir.resolve("cached"), wav);
        FileSinkPlayer sink = new FileSinkPlayer(
                dir.resolve("out"), dir.resolve("no-such-ffmpeg").toString(), Clock.systemUTC());

        Ending ending = sink.start(request("i", "news", file, 70, 300)).ended().get(20, TimeUnit.SECONDS);

        assertThat(ending.played()).isTrue();
        assertThat(dir.resolve("out/000001-news.wav")).hasBinaryContent(wav);
        assertThat(line(dir.resolve("out/plays.log"), 0))
                .containsEntry("sha256", Audio.sha256(wav))
                .hasEntrySatisfying("note", note -> assertThat(note).contains("ffmpeg not available"));
    }

    @Test
    void numberingGoesOnAfterARestartSoNoEarlierPlayIsOverwritten() throws Exception {
        byte[] wav = Audio.sineWav(100, 440);
        Path file = Files.write(dir.resolve("cached"), wav);
        String noFfmpeg = dir.resolve("no-such-ffmpeg").toString();
        new FileSinkPlayer(dir.resolve("out"), noFfmpeg, Clock.systemUTC())
                .start(request("i", "a", file, 70, 100))
                .ended()
                .get(20, TimeUnit.SECONDS);

        new FileSinkPlayer(dir.resolve("out"), noFfmpeg, Clock.systemUTC())
                .start(request("i", "b", file, 70, 100))
                .ended()
                .get(20, TimeUnit.SECONDS);

        assertThat(dir.resolve("out/000001-a.wav")).exists();
        assertThat(dir.resolve("out/000002-b.wav")).exists();
    }

    private static String ffmpeg() {
        return RequiredTools.require("ffmpeg", "ffmpeg").toString();
    }

    private static PlayRequest request(String itemId, String mediaId, Path file, int volume, long durationMs)
            throws IOException {
        String mime = file.toString().endsWith(".mp3") ? "audio/mpeg" : "audio/wav";
        return new PlayRequest(itemId, mediaId, file, null, Audio.sha256(file), mime, volume, durationMs);
    }

    /** One plays.log line as key=value pairs (a quoted note may hold spaces). */
    static Map<String, String> line(Path log, int index) throws IOException {
        List<String> lines = Files.readAllLines(log);
        String text = lines.get(index);
        Map<String, String> pairs = new HashMap<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(text);
        while (m.find()) {
            pairs.put(m.group(1), m.group(2).replace("\"", ""));
        }
        return pairs;
    }

    private static double peak(Path wav) throws Exception {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] bytes = audio.readAllBytes();
            int peak = 0;
            for (int i = 0; i + 1 < bytes.length; i += 2) {
                peak = Math.max(peak, Math.abs((short) ((bytes[i + 1] << 8) | (bytes[i] & 0xff))));
            }
            return peak;
        }
    }
}
