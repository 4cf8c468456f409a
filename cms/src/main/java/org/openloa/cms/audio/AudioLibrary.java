package org.openloa.cms.audio;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.openloa.media.store.ByteRange;
import org.openloa.media.store.MediaKey;
import org.openloa.media.store.MediaStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads stored audio: what other concepts (bulletins, broadcasts, the edge API) ask of this package. */
@Service
public class AudioLibrary {

    private final MediaAssets assets;
    private final MediaStore store;
    private final MediaProperties properties;

    AudioLibrary(MediaAssets assets, MediaStore store, MediaProperties properties) {
        this.assets = assets;
        this.store = store;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public Optional<MediaAsset> asset(UUID id) {
        return id == null ? Optional.empty() : assets.findById(id);
    }

    /** The asset's bytes from {@code offset}, {@code length} of them (or to the end when negative). */
    public InputStream open(MediaAsset asset, long offset, long length) throws IOException {
        MediaKey key = MediaKey.of(asset.storageKey());
        return store.get(key, length < 0 ? ByteRange.from(offset) : new ByteRange(offset, length));
    }

    /** A presigned URL when the store can make one (S3), so devices download straight from it. */
    public Optional<URI> downloadUrl(MediaAsset asset) throws IOException {
        return downloadUrl(asset, properties.downloadUrlExpiry());
    }

    /** A presigned URL valid for {@code expiry} (the edge manifest needs one that outlives its time bucket). */
    public Optional<URI> downloadUrl(MediaAsset asset, java.time.Duration expiry) throws IOException {
        return store.downloadUrl(MediaKey.of(asset.storageKey()), expiry);
    }
}
