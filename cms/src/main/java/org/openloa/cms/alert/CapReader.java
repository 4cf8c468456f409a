package org.openloa.cms.alert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a CAP 1.2 document: validates it against the OASIS schema shipped in {@code cap/CAP-v1.2.xsd}, then
 * takes out what OpenLoa acts on. A document that is not CAP 1.2 is refused with a 400 that names the element,
 * the line and column, and the schema's own message.
 *
 * <p>XML from outside is hostile until read: no DTD is accepted (so no entity, internal or external, can be
 * declared: no XXE, no "billion laughs"), nothing external is fetched (schemas, DTDs, XIncludes), and the JDK's
 * secure processing limits apply. Everything is parsed by the JDK (SAX for validation, DOM for reading).
 */
public final class CapReader {

    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";

    /** The largest document accepted: a CAP message carrying its audio inline (derefUri) stays well below. */
    public static final int MAX_BYTES = 10_000_000;

    private static final Schema SCHEMA = loadSchema();

    private CapReader() {}

    /** The OASIS CAP 1.2 schema, as shipped with OpenLoa. */
    public static Schema schema() {
        return SCHEMA;
    }

    /** Validates and reads a document; refuses (400) what is not CAP 1.2, naming where and why. */
    public static CapDocument read(byte[] xml) {
        validate(xml);
        return extract(parse(xml));
    }

    /** Validates against the schema; the first problem is the answer. */
    public static void validate(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw refused("cap-empty", "/", 0, 0, "the document is empty");
        }
        if (xml.length > MAX_BYTES) {
            throw new ProblemException(RefusalKind.TOO_LARGE, "cap-too-large", "alert.cap.too-large", MAX_BYTES);
        }
        Path path = new Path();
        try {
            ValidatorHandler validator = SCHEMA.newValidatorHandler();
            validator.setErrorHandler(path);
            validator.setContentHandler(path);
            XMLReader reader = SecureXml.saxFactory().newSAXParser().getXMLReader();
            reader.setContentHandler(validator);
            reader.setErrorHandler(path);
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXParseException e) {
            throw refused(path.problemCode(), path.where(), e.getLineNumber(), e.getColumnNumber(), e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            throw refused("cap-invalid", path.where(), 0, 0, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- reading a valid document

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilder builder = SecureXml.documentBuilder();
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw refused("cap-not-well-formed", "/", e.getLineNumber(), e.getColumnNumber(), e.getMessage());
        } catch (SAXException | ParserConfigurationException e) {
            throw refused("cap-invalid", "/", 0, 0, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CapDocument extract(Document document) {
        Element alert = document.getDocumentElement();
        List<CapDocument.Info> infos = new ArrayList<>();
        int i = 0;
        for (Element info : children(alert, "info")) {
            i++;
            infos.add(info(info, "/alert/info[" + i + "]"));
        }
        return new CapDocument(
                text(alert, "identifier"),
                text(alert, "sender"),
                dateTime(text(alert, "sent"), "/alert/sent"),
                text(alert, "status"),
                text(alert, "msgType"),
                text(alert, "scope"),
                text(alert, "note"),
                references(text(alert, "references")),
                infos);
    }

    private static CapDocument.Info info(Element info, String where) {
        List<CapDocument.Resource> resources = new ArrayList<>();
        for (Element resource : children(info, "resource")) {
            String size = text(resource, "size");
            resources.add(new CapDocument.Resource(
                    text(resource, "resourceDesc"),
                    text(resource, "mimeType"),
                    size == null ? null : Long.valueOf(size.strip()),
                    text(resource, "uri"),
                    text(resource, "derefUri"),
                    text(resource, "digest")));
        }
        List<CapDocument.Area> areas = new ArrayList<>();
        int a = 0;
        for (Element area : children(info, "area")) {
            a++;
            areas.add(area(area, where + "/area[" + a + "]"));
        }
        String expires = text(info, "expires");
        String language = text(info, "language");
        return new CapDocument.Info(
                language == null ? "en-US" : language.strip(),
                text(info, "event"),
                text(info, "urgency"),
                text(info, "severity"),
                text(info, "certainty"),
                expires == null ? null : dateTime(expires, where + "/expires"),
                text(info, "senderName"),
                text(info, "headline"),
                text(info, "description"),
                text(info, "instruction"),
                resources,
                areas);
    }

    private static CapDocument.Area area(Element area, String where) {
        List<List<CapDocument.Point>> polygons = new ArrayList<>();
        int p = 0;
        for (Element polygon : children(area, "polygon")) {
            p++;
            polygons.add(polygon(polygon.getTextContent(), where + "/polygon[" + p + "]"));
        }
        List<CapDocument.Circle> circles = new ArrayList<>();
        int c = 0;
        for (Element circle : children(area, "circle")) {
            c++;
            circles.add(circle(circle.getTextContent(), where + "/circle[" + c + "]"));
        }
        List<CapDocument.Geocode> geocodes = new ArrayList<>();
        for (Element geocode : children(area, "geocode")) {
            geocodes.add(new CapDocument.Geocode(text(geocode, "valueName"), text(geocode, "value")));
        }
        return new CapDocument.Area(text(area, "areaDesc"), polygons, circles, geocodes);
    }

    /** CAP: "a paired set of points … the first and last pairs … equivalent", at least four pairs. */
    static List<CapDocument.Point> polygon(String text, String where) {
        String[] pairs = text.strip().split("\\s+");
        List<CapDocument.Point> points = new ArrayList<>(pairs.length);
        for (String pair : pairs) {
            points.add(point(pair, where));
        }
        if (points.size() < 4 || !points.get(0).equals(points.get(points.size() - 1))) {
            throw refused(
                    "cap-invalid-polygon",
                    where,
                    0,
                    0,
                    "a polygon needs at least four points, the last one equal to the first");
        }
        return points;
    }

    /** CAP: "a central point … followed by a space character and a radius value in kilometers". */
    static CapDocument.Circle circle(String text, String where) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            throw refused("cap-invalid-circle", where, 0, 0, "a circle is \"latitude,longitude radius\"");
        }
        try {
            double radius = Double.parseDouble(parts[1]);
            if (!(radius >= 0) || Double.isInfinite(radius)) {
                throw new NumberFormatException();
            }
            return new CapDocument.Circle(point(parts[0], where), radius);
        } catch (NumberFormatException e) {
            throw refused("cap-invalid-circle", where, 0, 0, "the radius is not a number of kilometres: " + parts[1]);
        }
    }

    private static CapDocument.Point point(String pair, String where) {
        String[] latLon = pair.split(",");
        try {
            if (latLon.length != 2) {
                throw new NumberFormatException();
            }
            double lat = Double.parseDouble(latLon[0]);
            double lon = Double.parseDouble(latLon[1]);
            if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
                throw new NumberFormatException();
            }
            return new CapDocument.Point(lat, lon);
        } catch (NumberFormatException e) {
            throw refused("cap-invalid-point", where, 0, 0, "not a WGS 84 \"latitude,longitude\" pair: " + pair);
        }
    }

    private static List<CapDocument.Reference> references(String text) {
        List<CapDocument.Reference> references = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return references;
        }
        for (String group : text.strip().split("\\s+")) {
            String[] parts = group.split(",", 3);
            if (parts.length != 3) {
                throw refused(
                        "cap-invalid-references",
                        "/alert/references",
                        0,
                        0,
                        "not \"sender,identifier,sent\": " + group);
            }
            references.add(new CapDocument.Reference(parts[0], parts[1], parts[2]));
        }
        return references;
    }

    private static OffsetDateTime dateTime(String text, String where) {
        try {
            return OffsetDateTime.parse(text.strip());
        } catch (DateTimeException e) {
            throw refused("cap-invalid", where, 0, 0, "not a date and time: " + text);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element
                    && NAMESPACE.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** The text of the first child of that name, stripped; null when absent or blank. */
    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.isEmpty()) {
            return null;
        }
        String text = found.get(0).getTextContent().strip();
        return text.isEmpty() ? null : text;
    }

    // ---------------------------------------------------------------- set-up

    private static ProblemException refused(String code, String element, int line, int column, String message) {
        return new ProblemException(
                RefusalKind.INVALID,
                code,
                List.of(new ProblemException.FieldProblem(
                        element, "alert.cap.invalid-at", new Object[] {line, column, message})),
                "alert.cap.invalid",
                element,
                line,
                column,
                message);
    }

    private static Schema loadSchema() {
        URL xsd = CapReader.class.getResource("/cap/CAP-v1.2.xsd");
        if (xsd == null) {
            throw new IllegalStateException("cap/CAP-v1.2.xsd is missing from the class path");
        }
        try (InputStream in = xsd.openStream()) {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(in, xsd.toExternalForm()));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("the CAP 1.2 schema cannot be loaded", e);
        }
    }

    /**
     * Follows where the validation stands ("/alert/info[1]/urgency"), so that a refusal names the element even
     * when the schema's message does not (an enumeration's message gives only the value). Errors stop at once.
     */
    private static final class Path extends DefaultHandler implements ErrorHandler {

        private final Deque<String> open = new ArrayDeque<>();
        private final Deque<Map<String, Integer>> counts = new ArrayDeque<>();
        private boolean wellFormed = true;

        Path() {
            counts.push(new HashMap<>());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            int n = counts.peek().merge(localName, 1, Integer::sum);
            open.push(localName + (open.isEmpty() ? "" : "[" + n + "]"));
            counts.push(new HashMap<>());
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
            counts.pop();
        }

        String where() {
            if (open.isEmpty()) {
                return "/";
            }
            List<String> steps = new ArrayList<>(open);
            java.util.Collections.reverse(steps);
            return "/" + String.join("/", steps);
        }

        String problemCode() {
            return wellFormed ? "cap-invalid" : "cap-not-well-formed";
        }

        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            wellFormed = false;
            throw e;
        }
    }
}
