package org.openloa.cms.alert;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A CAP 1.2 alert message as OpenLoa reads it, after it passed the OASIS schema: the header, and each
 * {@code <info>} with what it says, its resources and its areas. Only what OpenLoa acts on or shows is kept;
 * the raw document is stored beside it.
 */
public record CapDocument(
        String identifier,
        String sender,
        OffsetDateTime sent,
        String status,
        String msgType,
        String scope,
        String note,
        List<Reference> references,
        List<Info> infos) {

    /** Whether it may reach a loudspeaker: only {@code status} Actual airs (Test, Exercise, System, Draft never). */
    public boolean actual() {
        return "Actual".equals(status);
    }

    /** One earlier message this one refers to: "sender,identifier,sent" in {@code <references>}. */
    public record Reference(String sender, String identifier, String sent) {}

    /** One {@code <info>} block: a language's version of the warning. */
    public record Info(
            String language,
            String event,
            String urgency,
            String severity,
            String certainty,
            OffsetDateTime expires,
            String senderName,
            String headline,
            String description,
            String instruction,
            List<Resource> resources,
            List<Area> areas) {}

    /** A {@code <resource>}: a file that goes with the warning (OpenLoa airs an audio one). */
    public record Resource(String description, String mimeType, Long size, String uri, String derefUri, String digest) {

        public boolean audio() {
            return mimeType != null
                    && mimeType.strip().toLowerCase(java.util.Locale.ROOT).startsWith("audio/");
        }
    }

    /** An {@code <area>}: polygons and circles (WGS 84) and geocodes, any of which may be absent. */
    public record Area(String description, List<List<Point>> polygons, List<Circle> circles, List<Geocode> geocodes) {}

    /** A point as CAP writes it, "latitude,longitude". */
    public record Point(double lat, double lon) {}

    /** A circle: its centre and its radius in kilometres. */
    public record Circle(Point centre, double radiusKm) {}

    public record Geocode(String valueName, String value) {}
}
