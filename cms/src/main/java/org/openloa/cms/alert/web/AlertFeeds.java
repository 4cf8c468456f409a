package org.openloa.cms.alert.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.openloa.cms.alert.CapProperties;
import org.openloa.cms.alert.CapWriter;
import org.openloa.cms.alert.Publication;
import org.openloa.cms.alert.Publications;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.problem.ProblemException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * CAP out: every emergency OpenLoa aired, as a CAP 1.2 document and in an Atom feed, readable by anyone (CAP
 * feeds are public, so e-boards and the provincial operations centre take them without an account).
 */
@RestController
@Tag(name = "CAP feeds", description = "Public CAP 1.2 documents and Atom feed of the emergencies OpenLoa aired")
class AlertFeeds {

    static final int FEED_SIZE = 50;

    private final Publications publications;
    private final AudioLibrary audio;
    private final CapProperties properties;
    private final Clock clock;

    AlertFeeds(Publications publications, AudioLibrary audio, CapProperties properties, Clock clock) {
        this.publications = publications;
        this.audio = audio;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping(path = "/feeds/alerts.atom", produces = "application/atom+xml")
    @Operation(summary = "The latest emergencies as an Atom feed, each entry carrying its CAP alert")
    ResponseEntity<String> atom() {
        String base = base();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(10)).cachePublic())
                .body(CapWriter.atom(publications.recent(FEED_SIZE), properties.sender(), base, clock.instant()));
    }

    @GetMapping(path = "/feeds/alerts/{id}.xml", produces = "application/cap+xml")
    @Operation(summary = "One emergency as a CAP 1.2 alert (a Cancel once it was stopped)")
    @ApiResponse(responseCode = "404", description = "no emergency aired with that id")
    ResponseEntity<String> document(@PathVariable UUID id) {
        return publications
                .find(id)
                .map(p -> ResponseEntity.ok()
                        .cacheControl(
                                CacheControl.maxAge(Duration.ofSeconds(10)).cachePublic())
                        .body(CapWriter.document(p, properties.sender(), base())))
                .orElseThrow(() -> ProblemException.notFound("alert"));
    }

    @GetMapping(path = "/feeds/alerts/{id}/audio")
    @Operation(summary = "The audio an emergency aired (the CAP document's resource)")
    @ApiResponse(responseCode = "404", description = "no emergency aired with that id, or it has no audio")
    ResponseEntity<StreamingResponseBody> audio(@PathVariable UUID id) {
        Publication publication = publications
                .find(id)
                .filter(p -> p.audioAssetId() != null)
                .orElseThrow(() -> ProblemException.notFound("alert"));
        MediaAsset asset =
                audio.asset(publication.audioAssetId()).orElseThrow(() -> ProblemException.notFound("alert"));
        StreamingResponseBody body = out -> {
            try (InputStream in = audio.open(asset, 0, asset.sizeBytes())) {
                in.transferTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(asset.mimeType() == null ? "audio/mpeg" : asset.mimeType()))
                .contentLength(asset.sizeBytes())
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .body(body);
    }

    private static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    }
}
