package org.openloa.cms.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openloa.scheduler.broadcast.Priority;

/**
 * An emergency OpenLoa aired, as it is published in CAP ({@code /feeds/alerts/{id}.xml} and the Atom feed):
 * what it said, where (area codes as geocodes, and the shapes it was aimed at), when, and the audio. A stopped
 * emergency is published as a Cancel referring to the alert that announced it.
 *
 * @param audioAssetId the audio that aired (the first content's), served at /feeds/alerts/{id}/audio; null when
 *                     it has none to offer
 */
public record Publication(
        UUID id,
        Instant sent,
        String title,
        String description,
        String instruction,
        Priority priority,
        Instant expires,
        List<Place> places,
        UUID audioAssetId,
        String audioMimeType,
        Long audioSize,
        Instant stoppedAt,
        String stopReason) {

    public Publication {
        places = places == null ? List.of() : List.copyOf(places);
    }

    /** One {@code <area>}: its description, polygons and circles as CAP writes them, and area codes. */
    public record Place(String description, List<String> polygons, List<String> circles, List<String> codes) {

        public Place {
            polygons = polygons == null ? List.of() : List.copyOf(polygons);
            circles = circles == null ? List.of() : List.copyOf(circles);
            codes = codes == null ? List.of() : List.copyOf(codes);
        }
    }

    public boolean stopped() {
        return stoppedAt != null;
    }
}
