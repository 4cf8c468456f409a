package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.broadcast.Priority;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** CAP out: the documents and the Atom feed OpenLoa publishes pass the OASIS schema, and read back the same. */
class CapWriterTest {

    private static final Publication STORM = new Publication(
            UUID.randomUUID(),
            Instant.parse("2026-12-04T02:00:00.123Z"),
            "Cảnh báo bão số 3 & lũ <khẩn>",
            "Bão mạnh cấp 12",
            "Không ra khơi",
            Priority.EMERGENCY,
            Instant.parse("2026-12-05T02:00:00Z"),
            List.of(
                    new Publication.Place(
                            "Ven biển",
                            List.of("16.0,108.0 16.0,109.0 17.0,109.0 16.0,108.0"),
                            List.of("16.5,108.5 5.0"),
                            List.of()),
                    new Publication.Place("Xã An", List.of(), List.of(), List.of("P01-A", "P01-B"))),
            UUID.randomUUID(),
            "audio/mpeg",
            123_456L,
            null,
            null);

    @Test
    void anAiredEmergencyIsAValidCapAlertThatReadsBackTheSame() {
        String xml = CapWriter.document(STORM, "openloa.tinh-thu", "https://cms.example.vn");

        CapDocument back = CapReader.read(xml.getBytes(StandardCharsets.UTF_8));

        assertThat(back.identifier()).isEqualTo("openloa-" + STORM.id());
        assertThat(back.sender()).isEqualTo("openloa.tinh-thu");
        assertThat(back.sent().toString()).isEqualTo("2026-12-04T09:00+07:00");
        assertThat(back.msgType()).isEqualTo("Alert");
        assertThat(AlertOrders.priority(back)).isEqualTo(Priority.EMERGENCY);
        CapDocument.Info info = back.infos().get(0);
        assertThat(info.headline()).isEqualTo(STORM.title());
        assertThat(info.resources().get(0).uri())
                .isEqualTo("https://cms.example.vn/feeds/alerts/" + STORM.id() + "/audio");
        assertThat(info.resources().get(0).size()).isEqualTo(123_456L);
        assertThat(info.areas().get(0).polygons()).hasSize(1);
        assertThat(info.areas().get(1).geocodes())
                .extracting(CapDocument.Geocode::value)
                .containsExactly("P01-A", "P01-B");
    }

    @Test
    void aStoppedEmergencyIsPublishedAsACancelReferringToItsAlert() {
        Publication stopped = new Publication(
                STORM.id(),
                STORM.sent(),
                STORM.title(),
                null,
                null,
                Priority.PRIORITY,
                null,
                List.of(),
                null,
                null,
                null,
                Instant.parse("2026-12-04T03:00:00Z"),
                "Bão đã suy yếu");

        CapDocument back = CapReader.read(
                CapWriter.document(stopped, "openloa", "https://cms.example.vn").getBytes(StandardCharsets.UTF_8));

        assertThat(back.msgType()).isEqualTo("Cancel");
        assertThat(back.note()).isEqualTo("Bão đã suy yếu");
        assertThat(back.references())
                .containsExactly(
                        new CapDocument.Reference("openloa", "openloa-" + STORM.id(), "2026-12-04T09:00:00+07:00"));
    }

    @Test
    void theAtomFeedCarriesEachAlertInlineAndEachPassesTheSchema() throws Exception {
        Publication second = new Publication(
                UUID.randomUUID(),
                Instant.parse("2026-12-04T01:00:00Z"),
                "Lũ quét",
                null,
                null,
                Priority.PRIORITY,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null);

        String atom = CapWriter.atom(List.of(STORM, second), "openloa", "https://cms.example.vn", Instant.now());

        Document feed = parse(atom);
        assertThat(feed.getDocumentElement().getNamespaceURI()).isEqualTo(CapWriter.ATOM);
        NodeList entries = feed.getElementsByTagNameNS(CapWriter.ATOM, "entry");
        assertThat(entries.getLength()).isEqualTo(2);
        NodeList alerts = feed.getElementsByTagNameNS(CapWriter.CAP, "alert");
        assertThat(alerts.getLength()).isEqualTo(2);
        for (int i = 0; i < alerts.getLength(); i++) {
            CapReader.validate(serialise((Element) alerts.item(i)));
        }
        Element link = (Element) ((Element) entries.item(0))
                .getElementsByTagNameNS(CapWriter.ATOM, "link")
                .item(0);
        assertThat(link.getAttribute("href")).isEqualTo("https://cms.example.vn/feeds/alerts/" + STORM.id() + ".xml");
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] serialise(Element element) throws Exception {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        StringWriter out = new StringWriter();
        factory.newTransformer().transform(new DOMSource(element), new StreamResult(out));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
