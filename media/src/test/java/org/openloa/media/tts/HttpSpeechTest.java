package org.openloa.media.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.media.audio.AudioIngest;
import org.openloa.media.audio.Ffmpeg;
import org.openloa.media.audio.IngestResult;
import org.openloa.media.audio.IngestSettings;
import org.openloa.media.audio.ProgressListener;
import org.openloa.media.tts.HttpSpeechSettings.BodyEncoding;
import org.openloa.testing.RequiredTools;

/** Against a real HTTP server (the JDK's) that plays the provider. */
class HttpSpeechTest {

    static final String SECRET = "sk-test-0123456789";

    @TempDir
    Path dir;

    HttpServer provider;
    URI base;
    /** What the provider last received, per path. */
    final Map<String, String> bodies = new ConcurrentHashMap<>();

    final Map<String, HttpExchange> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void startProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/speak", exchange -> answer(exchange, 200, "audio/wav", toneWav()));
        provider.createContext(
                "/refuse",
                exchange -> answer(
                        exchange,
                        401,
                        "application/json",
                        "{\"error\":\"invalid api key\"}".getBytes(StandardCharsets.UTF_8)));
        provider.createContext(
                "/explain",
                exchange -> answer(
                        exchange,
                        200,
                        "application/json",
                        "{\"error\":\"quota exceeded\"}".getBytes(StandardCharsets.UTF_8)));
        provider.createContext("/health", exchange -> answer(exchange, 204, "text/plain", new byte[0]));
        provider.start();
        base = URI.create("http://127.0.0.1:" + provider.getAddress().getPort());
    }

    @AfterEach
    void stopProvider() {
        provider.stop(0);
    }

    @Test
    void placeholdersAreFilledOnceAndEscapedForJson() throws IOException {
        HttpSpeechSettings settings = HttpSpeechSettings.post(
                        base + "/speak",
                        "{\"input\":\"{text}\",\"voice\":\"{voice}\",\"rate\":{rate},\"speed\":{speed}}",
                        BodyEncoding.JSON)
                .withHeader("Authorization", "Bearer " + SECRET)
                .withVoices(List.of("vi-north", "vi-south"));
        String text = "Thông báo \"khẩn\":\nnghỉ học {voice} \\ ngày mai";

        TextToSpeech.http(settings).synthesise(new SpeechRequest(text, "vi-south", 140), dir.resolve("a.wav"));

        assertThat(bodies.get("/speak"))
                .isEqualTo(
                        "{\"input\":\"Thông báo \\\"khẩn\\\":\\nnghỉ học {voice} \\\\ ngày mai\",\"voice\":\"vi-south\",\"rate\":140,\"speed\":0.80}");
        HttpExchange request = requests.get("/speak");
        assertThat(request.getRequestMethod()).isEqualTo("POST");
        assertThat(request.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer " + SECRET);
        assertThat(request.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json");
    }

    @Test
    void formBodiesAndGetUrlsAreUrlEncoded() throws IOException {
        String text = "Bão số 3 & lũ";
        TextToSpeech.http(HttpSpeechSettings.post(base + "/speak", "text={text}&voice={voice}", BodyEncoding.FORM))
                .synthesise(new SpeechRequest(text, "vi", 175), dir.resolve("form.wav"));
        assertThat(URLDecoder.decode(bodies.get("/speak").split("&")[0].substring(5), StandardCharsets.UTF_8))
                .isEqualTo(text);

        TextToSpeech.http(HttpSpeechSettings.post(base + "/speak?q={text}&v={voice}", "", BodyEncoding.RAW)
                        .withMethod("GET"))
                .synthesise(new SpeechRequest(text, "vi", 175), dir.resolve("get.wav"));
        HttpExchange get = requests.get("/speak");
        assertThat(get.getRequestMethod()).isEqualTo("GET");
        assertThat(get.getRequestURI().getQuery()).isEqualTo("q=" + text + "&v=vi");
    }

    @Test
    void theAudioAnswerIsWrittenWholeAndIngestsToTarget() throws Exception {
        RequiredTools.require("ffmpeg", "ffmpeg");
        Path audio = dir.resolve("speech.wav");

        TextToSpeech.http(HttpSpeechSettings.post(URI.create(base + "/speak"), "{\"t\":\"{text}\"}", BodyEncoding.JSON))
                .synthesise(new SpeechRequest("Xin chào", "vi", 175), audio);
        IngestResult result = new AudioIngest(Ffmpeg.locate(), IngestSettings.DEFAULT)
                .ingest(audio, dir.resolve("speech.mp3"), ProgressListener.NONE);

        assertThat(Files.readAllBytes(audio)).isEqualTo(toneWav());
        assertThat(result.durationMs()).isCloseTo(3_000, within(50L));
        assertThat(result.after().integratedLufs()).isCloseTo(-16, within(1.0));
    }

    @Test
    void anErrorStatusBecomesASpeechExceptionWithTheProvidersWords() {
        TextToSpeech tts = TextToSpeech.http(HttpSpeechSettings.post(base + "/refuse", "{}", BodyEncoding.JSON));

        assertThatThrownBy(() -> tts.synthesise(new SpeechRequest("Xin chào", "vi", 175), dir.resolve("x.wav")))
                .isInstanceOf(SpeechException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("invalid api key");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aJsonAnswerWithStatus200IsNotTakenForAudio() {
        TextToSpeech tts = TextToSpeech.http(HttpSpeechSettings.post(base + "/explain", "{}", BodyEncoding.JSON));

        assertThatThrownBy(() -> tts.synthesise(new SpeechRequest("Xin chào", "vi", 175), dir.resolve("x.wav")))
                .isInstanceOf(SpeechException.class)
                .hasMessageContaining("quota exceeded");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void availableWhileTheProviderAnswersAndNotOnceItIsDown() {
        TextToSpeech withHealthCheck =
                TextToSpeech.http(HttpSpeechSettings.post(base + "/speak", "{}", BodyEncoding.JSON)
                        .withHealthCheck(base.resolve("/health")));
        TextToSpeech withoutHealthCheck =
                TextToSpeech.http(HttpSpeechSettings.post(base + "/refuse", "{}", BodyEncoding.JSON));

        assertThat(withHealthCheck.available()).isTrue();
        assertThat(withoutHealthCheck.available())
                .as("any answer, even 401, means the provider is there")
                .isTrue();

        provider.stop(0);

        assertThat(withHealthCheck.available()).isFalse();
        assertThat(withoutHealthCheck.available()).isFalse();
    }

    @Test
    void anEndpointThatIsNoHttpUrlIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> HttpSpeechSettings.post("file:///etc/passwd?{text}", "", BodyEncoding.RAW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSpeechSettings.post("http://tts.example/a b", "", BodyEncoding.RAW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsNeverShowHeaderValues() {
        HttpSpeechSettings settings = HttpSpeechSettings.post(base + "/speak", "{}", BodyEncoding.JSON)
                .withHeader("X-Api-Key", SECRET);

        assertThat(settings.toString()).contains("X-Api-Key").doesNotContain(SECRET);
    }

    private void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        bodies.put(
                exchange.getHttpContext().getPath(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.put(exchange.getHttpContext().getPath(), exchange);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** 3 s of a 440 Hz tone at half scale, 22,050 Hz 16-bit mono: what a TTS provider might answer. */
    static byte[] toneWav() {
        int rate = 22_050;
        int samples = rate * 3;
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort(
                    (short) (Math.sin(2 * Math.PI * 440 * i / rate) * 16_000 * (0.6 + 0.4 * Math.sin(i / 5000.0))));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes())
                .putInt(36 + samples * 2)
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes())
                .putInt(samples * 2);
        ByteArrayOutputStream wav = new ByteArrayOutputStream();
        wav.writeBytes(header.array());
        wav.writeBytes(pcm.array());
        return wav.toByteArray();
    }
}
