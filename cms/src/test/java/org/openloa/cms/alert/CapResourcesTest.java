package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openloa.cms.TestAudio;
import org.openloa.cms.problem.ProblemException;

/** The audio a CAP alert carries: inline (derefUri) or fetched (uri), and checked against its SHA-1 digest. */
class CapResourcesTest {

    /** The tests' upstream is on 127.0.0.1, so this one allows private hosts; {@link #aPrivateAddressIsNotFetched} not. */
    private final CapResources resources = new CapResources(true);

    private final byte[] wav = TestAudio.toneWav(0.5, 0.1);

    @Test
    void anInlineRecordingIsDecodedAndItsDigestChecked() throws Exception {
        CapDocument cap = withResource("<derefUri>" + Base64.getMimeEncoder().encodeToString(wav) + "</derefUri>"
                + "<digest>" + sha1(wav).toUpperCase() + "</digest>");

        Optional<AlertOrder.Content.Recording> recording = resources.recording(cap);

        assertThat(recording).isPresent();
        assertThat(Files.readAllBytes(recording.get().file())).isEqualTo(wav);
        assertThat(recording.get().filename()).endsWith(".wav");
        Files.delete(recording.get().file());
    }

    @Test
    void aRecordingThatDoesNotMatchItsDigestIsRefused() {
        CapDocument cap = withResource("<derefUri>" + Base64.getEncoder().encodeToString(wav) + "</derefUri>"
                + "<digest>" + "0".repeat(40) + "</digest>");

        assertThatThrownBy(() -> resources.recording(cap))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-resource-digest"));
    }

    @Test
    void aRecordingAtAUriIsFetchedAndAMissingOneRefused() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/canh-bao.wav", exchange -> {
            exchange.sendResponseHeaders(200, wav.length);
            exchange.getResponseBody().write(wav);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Optional<AlertOrder.Content.Recording> fetched = resources.recording(
                    withResource("<uri>" + base + "/canh-bao.wav</uri><digest>" + sha1(wav) + "</digest>"));
            assertThat(fetched).isPresent();
            assertThat(fetched.get().filename()).isEqualTo("canh-bao.wav");
            assertThat(Files.readAllBytes(fetched.get().file())).isEqualTo(wav);
            Files.delete(fetched.get().file());

            assertThatThrownBy(() -> resources.recording(withResource("<uri>" + base + "/missing.wav</uri>")))
                    .isInstanceOfSatisfying(
                            ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-resource-unavailable"));
            assertThatThrownBy(() -> resources.recording(withResource("<uri>file:///etc/passwd</uri>")))
                    .isInstanceOfSatisfying(
                            ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-resource-unavailable"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPrivateAddressIsNotFetched() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(200, wav.length);
            exchange.getResponseBody().write(wav);
            exchange.close();
        });
        server.start();
        try {
            CapResources guarded = new CapResources(false);
            String local = "http://127.0.0.1:" + server.getAddress().getPort() + "/canh-bao.wav";
            assertThatThrownBy(() -> guarded.recording(withResource("<uri>" + local + "</uri>")))
                    .isInstanceOfSatisfying(
                            ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-resource-private-host"));
            assertThat(asked).hasValue(0);
            for (String host : new String[] {"localhost", "192.168.1.10", "169.254.169.254", "[::1]", "[fd00::1]"}) {
                assertThatThrownBy(() -> guarded.recording(withResource("<uri>http://" + host + "/a.wav</uri>")))
                        .as(host)
                        .isInstanceOfSatisfying(
                                ProblemException.class,
                                e -> assertThat(e.code()).isEqualTo("cap-resource-private-host"));
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAlertWithoutAudioHasNoRecordingAndAnImageIsNotAudio() {
        assertThat(resources.recording(CapReader.read(CapSamples.alert()
                        .info("vi", "Immediate", "Severe", null, "Bão")
                        .bytes())))
                .isEmpty();
        CapDocument image = CapReader.read(CapSamples.alert()
                .infoWith(
                        "vi",
                        "Immediate",
                        "Severe",
                        null,
                        "Bão",
                        "<resource><resourceDesc>bản đồ</resourceDesc><mimeType>image/png</mimeType>"
                                + "<uri>http://127.0.0.1:1/map.png</uri></resource>")
                .bytes());
        assertThat(resources.recording(image)).isEmpty();
    }

    private static CapDocument withResource(String inner) {
        return CapReader.read(CapSamples.alert()
                .infoWith(
                        "vi",
                        "Immediate",
                        "Severe",
                        null,
                        "Bão",
                        "<resource><resourceDesc>Bản tin cảnh báo</resourceDesc><mimeType>audio/wav</mimeType>" + inner
                                + "</resource>")
                .bytes());
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}
