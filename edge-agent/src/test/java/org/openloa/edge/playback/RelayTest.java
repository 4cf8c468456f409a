package org.openloa.edge.playback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.Icecast;
import org.openloa.edge.testing.Tones;
import org.openloa.testing.Await;
import org.openloa.testing.RequiredTools;

/**
 * The relay's mixer against real sources: an HLS stream (ffmpeg writing a live playlist, served over HTTP), an
 * Icecast mount carrying silence, and a source that is not there. What went out is checked in the PCM itself.
 */
class RelayTest {

    static final int WINDOW_MS = 250;

    @TempDir
    Path dir;

    Process encoder;
    HttpServer files;
    Icecast icecast;

    @AfterEach
    void stop() throws InterruptedException {
        if (encoder != null) {
            encoder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (files != null) {
            files.stop(0);
        }
        if (icecast != null) {
            icecast.close();
        }
    }

    @Test
    void anHlsSourcePlaysThroughWithNothingLost() throws Exception {
        String ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg").toString();
        Path hls = Files.createDirectories(dir.resolve("hls"));
        encoder = new ProcessBuilder(
                        ffmpeg,
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-nostdin",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=44100",
                        "-ac",
                        "1",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "64k",
                        "-f",
                        "hls",
                        "-hls_time",
                        "1",
                        "-hls_list_size",
                        "5",
                        "-hls_flags",
                        "delete_segments",
                        hls.resolve("live.m3u8").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("encoder.log").toFile())
                .start();
        files = serve(hls);
        Await.until("the playlist has segments", Duration.ofSeconds(30), () -> Files.exists(hls.resolve("live.m3u8")));
        String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/live.m3u8";

        Relayed out = relay(url, Relay.Tuning.DEFAULT, Duration.ofSeconds(8));

        List<Double> tones = Tones.dominant(out.pcm(), 1, Relay.RATE, WINDOW_MS, 440, 660);
        List<Double> late = tones.subList(tones.size() / 2, tones.size());
        // A live HLS edge with 1 s segments can hiccup for a moment on a loaded machine (under the 2 s stall
        // setting, so nothing is "lost"); the source's tone must still be what goes out.
        assertThat(late.stream().filter(t -> t == 440.0).count())
                .as("the source's tone, steadily: %s", tones)
                .isGreaterThanOrEqualTo(late.size() * 3L / 4);
        assertThat(tones).as("never the fallback: %s", tones).doesNotContain(660.0);
        assertThat(out.relay().lost()).isEmpty();
    }

    @Test
    void aSilentSourceGivesWayToTheToneAfterTheSilenceSetting() throws Exception {
        icecast = Icecast.start(dir.resolve("icecast"));
        icecast.push("/quiet.mp3", 0);
        Relay.Tuning twoSeconds =
                new Relay.Tuning(Duration.ofSeconds(2), -50, Duration.ofSeconds(2), Duration.ofSeconds(2));

        Relayed out = relay(icecast.listen("/quiet.mp3").toString(), twoSeconds, Duration.ofSeconds(10));

        List<Double> tones = Tones.dominant(out.pcm(), 1, Relay.RATE, WINDOW_MS, 660);
        assertThat(tones).as("the fallback tone went out: %s", tones).contains(660.0);
        assertThat(out.relay().lost())
                .as("lost from the start of the silence to the end")
                .hasSize(1);
        Relay.Lost lost = out.relay().lost().get(0);
        assertThat(Duration.between(lost.from(), lost.to())).isGreaterThan(Duration.ofSeconds(5));
    }

    @Test
    void aSourceThatIsNotThereGivesTheToneAtOnce() throws Exception {
        RequiredTools.require("ffmpeg", "ffmpeg");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Relayed out = relay("http://127.0.0.1:" + port + "/gone.mp3", Relay.Tuning.DEFAULT, Duration.ofSeconds(6));

        List<Double> tones = Tones.dominant(out.pcm(), 1, Relay.RATE, WINDOW_MS, 660);
        int first = tones.indexOf(660.0);
        assertThat(first).as("the tone within 3 s: %s", tones).isBetween(0, 3000 / WINDOW_MS);
        assertThat(out.relay().lost()).hasSize(1);
    }

    record Relayed(Relay relay, byte[] pcm) {}

    /** Runs a relay for {@code length} into memory; returns it with the PCM after the WAV header. */
    private static Relayed relay(String url, Relay.Tuning tuning, Duration length) throws Exception {
        String ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg").toString();
        Relay relay = new Relay(url, null, ffmpeg, tuning, Clock.systemUTC());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread feeding = new Thread(() -> {
            try {
                relay.feed(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        feeding.start();
        Thread.sleep(length.toMillis());
        relay.stop();
        relay.awaitEnd();
        feeding.join(5000);
        byte[] all = out.toByteArray();
        return new Relayed(relay, Arrays.copyOfRange(all, 44, all.length));
    }

    private static HttpServer serve(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                Path file = root.resolve(exchange.getRequestURI().getPath().substring(1))
                        .normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes = Files.readAllBytes(file);
                exchange.getResponseHeaders()
                        .set(
                                "Content-Type",
                                file.toString().endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(bytes);
                }
            }
        });
        server.start();
        return server;
    }
}
