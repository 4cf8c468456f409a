package org.openloa.cms.audio.web;

import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;
import org.openloa.cms.audio.StoredAudio;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The answer that hands out a stored asset, for the API, the pages and the boxes alike. An asset never
 * changes once stored (its ETag is its SHA-256), so it may be cached for good.
 */
public final class AudioDownload {

    private AudioDownload() {}

    public static ResponseEntity<StoredAudio> of(AudioLibrary library, MediaAsset asset) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(asset.mimeType()))
                .eTag("\"" + asset.sha256() + "\"")
                .header("Cache-Control", "private, max-age=31536000, immutable")
                .body(new StoredAudio(library, asset));
    }
}
