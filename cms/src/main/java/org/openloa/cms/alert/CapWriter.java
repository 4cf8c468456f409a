package org.openloa.cms.alert;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.StringJoiner;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.openloa.scheduler.broadcast.Priority;

/**
 * CAP out: an aired emergency as a CAP 1.2 alert message, and the Atom feed of them (each entry carrying its
 * alert inline and linking to it), written with the JDK's StAX. Times are written in Vietnam's offset without
 * fractions, as CAP's {@code dateTime} pattern requires ("2026-12-04T19:30:00+07:00"; never "Z").
 *
 * <p>Mapping (see docs/emergency.md, "CAP"): status Actual, scope Public, msgType Alert (a stopped emergency: a
 * Cancel referring to its Alert, the reason as {@code <note>}); one {@code <info>} in vi-VN, category Safety,
 * the title as event and headline; EMERGENCY → urgency Immediate, severity Severe; PRIORITY → Expected, Moderate
 * (so an OpenLoa reading its own feed gets the same priority back); certainty Likely; expires from the end; the
 * audio as a {@code <resource>}; the areas with their polygons, circles and OpenLoa area codes as geocodes.
 */
public final class CapWriter {

    public static final String CAP = CapReader.NAMESPACE;
    public static final String ATOM = "http://www.w3.org/2005/Atom";

    /** The geocode {@code valueName} OpenLoa area codes are published (and recognised) under. */
    public static final String AREA_CODE = "openloa:area";

    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);

    private CapWriter() {}

    /** The identifier OpenLoa gives the alert of an emergency (and, with "-cancel", its Cancel). */
    public static String identifier(Publication p) {
        return "openloa-" + p.id();
    }

    /** Where the audio of a publication is served, under the server's absolute address. */
    public static String audioUrl(Publication p, String base) {
        return base + "/feeds/alerts/" + p.id() + "/audio";
    }

    /** The publication as one CAP document (an Alert, or a Cancel once stopped). */
    public static String document(Publication p, String sender, String base) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            alert(w, p, sender, base);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The Atom feed of the publications, newest first; {@code base} is the server's absolute address. */
    public static String atom(List<Publication> publications, String sender, String base, Instant now) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(ATOM);
            w.writeStartElement(ATOM, "feed");
            w.writeDefaultNamespace(ATOM);
            text(w, ATOM, "id", base + "/feeds/alerts.atom");
            text(w, ATOM, "title", "OpenLoa: cảnh báo khẩn cấp");
            Instant updated = publications.isEmpty() ? now : changed(publications.get(0));
            text(w, ATOM, "updated", atomTime(updated));
            w.writeStartElement(ATOM, "author");
            text(w, ATOM, "name", sender);
            w.writeEndElement();
            link(w, "self", "application/atom+xml", base + "/feeds/alerts.atom");
            for (Publication p : publications) {
                w.writeStartElement(ATOM, "entry");
                text(w, ATOM, "id", "urn:uuid:" + p.id());
                text(w, ATOM, "title", p.stopped() ? "Đã dừng: " + p.title() : p.title());
                text(w, ATOM, "updated", atomTime(changed(p)));
                link(w, "alternate", "application/cap+xml", base + "/feeds/alerts/" + p.id() + ".xml");
                if (p.description() != null) {
                    text(w, ATOM, "summary", p.description());
                }
                w.writeStartElement(ATOM, "content");
                w.writeAttribute("type", "application/cap+xml");
                alert(w, p, sender, base);
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static void alert(XMLStreamWriter w, Publication p, String sender, String base) throws XMLStreamException {
        w.setPrefix("cap", CAP);
        w.writeStartElement(CAP, "alert");
        w.writeNamespace("cap", CAP);
        boolean cancel = p.stopped();
        text(w, CAP, "identifier", cancel ? identifier(p) + "-cancel" : identifier(p));
        text(w, CAP, "sender", sender);
        text(w, CAP, "sent", capTime(cancel ? p.stoppedAt() : p.sent()));
        text(w, CAP, "status", "Actual");
        text(w, CAP, "msgType", cancel ? "Cancel" : "Alert");
        text(w, CAP, "source", "OpenLoa");
        text(w, CAP, "scope", "Public");
        if (cancel) {
            if (p.stopReason() != null && !p.stopReason().isBlank()) {
                text(w, CAP, "note", p.stopReason());
            }
            text(w, CAP, "references", sender + "," + identifier(p) + "," + capTime(p.sent()));
        }
        w.writeStartElement(CAP, "info");
        text(w, CAP, "language", "vi-VN");
        text(w, CAP, "category", "Safety");
        text(w, CAP, "event", p.title());
        if (cancel) {
            text(w, CAP, "responseType", "AllClear");
        }
        boolean emergency = p.priority() == Priority.EMERGENCY;
        text(w, CAP, "urgency", cancel ? "Past" : emergency ? "Immediate" : "Expected");
        text(w, CAP, "severity", emergency ? "Severe" : "Moderate");
        text(w, CAP, "certainty", "Likely");
        text(w, CAP, "effective", capTime(p.sent()));
        if (p.expires() != null) {
            text(w, CAP, "expires", capTime(p.expires()));
        }
        text(w, CAP, "senderName", "OpenLoa");
        text(w, CAP, "headline", p.title());
        if (p.description() != null && !p.description().isBlank()) {
            text(w, CAP, "description", p.description());
        }
        if (p.instruction() != null && !p.instruction().isBlank()) {
            text(w, CAP, "instruction", p.instruction());
        }
        if (p.audioAssetId() != null && !cancel) {
            w.writeStartElement(CAP, "resource");
            text(w, CAP, "resourceDesc", "Âm thanh phát trên loa");
            text(w, CAP, "mimeType", p.audioMimeType() == null ? "audio/mpeg" : p.audioMimeType());
            if (p.audioSize() != null) {
                text(w, CAP, "size", Long.toString(p.audioSize()));
            }
            text(w, CAP, "uri", audioUrl(p, base));
            w.writeEndElement();
        }
        for (Publication.Place place : p.places()) {
            w.writeStartElement(CAP, "area");
            text(
                    w,
                    CAP,
                    "areaDesc",
                    place.description() == null || place.description().isBlank() ? "—" : place.description());
            for (String polygon : place.polygons()) {
                text(w, CAP, "polygon", polygon);
            }
            for (String circle : place.circles()) {
                text(w, CAP, "circle", circle);
            }
            for (String code : place.codes()) {
                w.writeStartElement(CAP, "geocode");
                text(w, CAP, "valueName", AREA_CODE);
                text(w, CAP, "value", code);
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
    }

    /** A polygon as CAP writes it: "lat,lon lat,lon …". */
    static String polygon(List<CapDocument.Point> points) {
        StringJoiner joined = new StringJoiner(" ");
        points.forEach(pt -> joined.add(pt.lat() + "," + pt.lon()));
        return joined.toString();
    }

    static String circle(CapDocument.Circle circle) {
        return circle.centre().lat() + "," + circle.centre().lon() + " " + circle.radiusKm();
    }

    private static Instant changed(Publication p) {
        return p.stopped() ? p.stoppedAt() : p.sent();
    }

    private static void text(XMLStreamWriter w, String ns, String name, String value) throws XMLStreamException {
        w.writeStartElement(ns, name);
        w.writeCharacters(value == null ? "" : value);
        w.writeEndElement();
    }

    private static void link(XMLStreamWriter w, String rel, String type, String href) throws XMLStreamException {
        w.writeEmptyElement(ATOM, "link");
        w.writeAttribute("rel", rel);
        w.writeAttribute("type", type);
        w.writeAttribute("href", href);
    }

    static String capTime(Instant instant) {
        return CAP_TIME.format(instant.atOffset(VIETNAM).withNano(0));
    }

    private static String atomTime(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.atOffset(VIETNAM).withNano(0));
    }
}
