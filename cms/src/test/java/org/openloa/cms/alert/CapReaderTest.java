package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openloa.cms.alert.CapSamples.circleArea;
import static org.openloa.cms.alert.CapSamples.geocodeArea;
import static org.openloa.cms.alert.CapSamples.polygonArea;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;

/** The schema check and the reading of CAP 1.2 documents, with hostile XML among them. */
class CapReaderTest {

    @Test
    void aValidAlertIsReadWithItsInfosResourcesAndAreas() {
        byte[] xml = CapSamples.alert()
                .info(
                        "vi-VN",
                        "Immediate",
                        "Extreme",
                        "2026-12-05T09:00:00+07:00",
                        "Cảnh báo bão số 3",
                        polygonArea(16.0, 108.0, 0.1),
                        circleArea(16.5, 107.5, 5),
                        geocodeArea("P01"))
                .bytes();

        CapDocument cap = CapReader.read(xml);

        assertThat(cap.status()).isEqualTo("Actual");
        assertThat(cap.msgType()).isEqualTo("Alert");
        assertThat(cap.infos()).hasSize(1);
        CapDocument.Info info = cap.infos().get(0);
        assertThat(info.language()).isEqualTo("vi-VN");
        assertThat(info.headline()).isEqualTo("Cảnh báo bão số 3");
        assertThat(info.expires()).isNotNull();
        assertThat(info.areas()).hasSize(3);
        assertThat(info.areas().get(0).polygons().get(0)).hasSize(5);
        assertThat(info.areas().get(1).circles().get(0).radiusKm()).isEqualTo(5.0);
        assertThat(info.areas().get(2).geocodes().get(0).value()).isEqualTo("P01");
    }

    @Test
    void aValueOutsideTheSchemaIsRefusedNamingTheElementLineAndColumn() {
        String xml = CapSamples.alert()
                .info("vi", "Right now", "Extreme", null, "Bão")
                .xml();

        assertThatThrownBy(() -> CapReader.read(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RefusalKind.INVALID);
                    assertThat(e.code()).isEqualTo("cap-invalid");
                    assertThat(e.fieldProblems().get(0).field()).isEqualTo("/alert/info[1]/urgency[1]");
                    assertThat((int) e.fieldProblems().get(0).args()[0]).isEqualTo(2);
                    assertThat((int) e.fieldProblems().get(0).args()[1]).isGreaterThan(0);
                    assertThat((String) e.fieldProblems().get(0).args()[2]).contains("Right now");
                });
    }

    @Test
    void aMissingRequiredElementAndAnotherNamespaceAreRefused() {
        String withoutScope = CapSamples.alert().xml().replace("<scope>Public</scope>", "");
        assertThatThrownBy(() -> CapReader.read(withoutScope.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat((String) e.fieldProblems().get(0).args()[2])
                                .contains("scope"));

        String cap11 = CapSamples.alert().xml().replace("cap:1.2", "cap:1.1");
        assertThatThrownBy(() -> CapReader.read(cap11.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-invalid"));
    }

    @Test
    void aTimeInUtcWrittenWithZIsNotCap12() {
        String zulu = CapSamples.alert().xml().replace("2026-12-04T09:00:00+07:00", "2026-12-04T02:00:00Z");

        assertThatThrownBy(() -> CapReader.read(zulu.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.fieldProblems().get(0).field()).isEqualTo("/alert/sent[1]"));
    }

    @Test
    void notWellFormedEmptyAndNonsenseAreRefused() {
        assertThatThrownBy(() -> CapReader.read("<alert".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-not-well-formed"));
        assertThatThrownBy(() -> CapReader.read(new byte[0]))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-empty"));
        assertThatThrownBy(() -> CapReader.read("{\"alert\": 1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void anExternalEntityIsNeverResolvedNorAFileRead() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("xx".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
            String remote = "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY % ext SYSTEM \"" + url + "\"> %ext;]>"
                    + CapSamples.alert()
                            .xml()
                            .substring(CapSamples.alert().xml().indexOf("<alert"));
            String local = "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY f SYSTEM \"file:///etc/passwd\">]>"
                    + CapSamples.alert()
                            .sender("&f;")
                            .xml()
                            .substring(CapSamples.alert().xml().indexOf("<alert"));
            String laughs = "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY a \"aaaaaaaaaa\">"
                    + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                    + CapSamples.alert()
                            .sender("&c;")
                            .xml()
                            .substring(CapSamples.alert().xml().indexOf("<alert"));

            for (String hostile : new String[] {remote, local, laughs}) {
                assertThatThrownBy(() -> CapReader.read(hostile.getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOfSatisfying(ProblemException.class, e -> {
                            assertThat(e.kind()).isEqualTo(RefusalKind.INVALID);
                            assertThat((String) e.fieldProblems().get(0).args()[2])
                                    .containsIgnoringCase("DOCTYPE");
                            assertThat((String) e.fieldProblems().get(0).args()[2])
                                    .doesNotContain("root:");
                        });
            }
            assertThat(fetched).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void polygonsCirclesAndReferencesThatCapDoesNotAllowAreRefused() {
        String open = CapSamples.alert()
                .info(
                        "vi",
                        "Immediate",
                        "Severe",
                        null,
                        "Bão",
                        "<area><areaDesc>x</areaDesc><polygon>16,108 16,109 17,109</polygon></area>")
                .xml();
        assertThatThrownBy(() -> CapReader.read(open.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo("cap-invalid-polygon");
                    assertThat(e.fieldProblems().get(0).field()).isEqualTo("/alert/info[1]/area[1]/polygon[1]");
                });
        String badCircle = CapSamples.alert()
                .info(
                        "vi",
                        "Immediate",
                        "Severe",
                        null,
                        "Bão",
                        "<area><areaDesc>x</areaDesc><circle>16,108</circle></area>")
                .xml();
        assertThatThrownBy(() -> CapReader.read(badCircle.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-invalid-circle"));
        String offEarth = CapSamples.alert()
                .info("vi", "Immediate", "Severe", null, "Bão", circleArea(95, 108, 5))
                .xml();
        assertThatThrownBy(() -> CapReader.read(offEarth.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("cap-invalid-point"));
    }
}
