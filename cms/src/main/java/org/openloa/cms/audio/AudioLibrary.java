package org.openloa.cms.audio;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
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

    /** The meter counting downloads by how their bytes went out (tag {@code how}: copied, sendfile). */
    public static final String DOWNLOADS = "openloa.media.downloads";

    private final MediaAssets assets;
    private final MediaStore store;
    private final MediaProperties properties;
    private final Counter copied;
    private final Counter byTheKernel;

    AudioLibrary(MediaAssets assets, MediaStore store, MediaProperties properties, MeterRegistry meters) {
        this.assets = assets;
        this.store = store;
        this.properties = properties;
        this.copied = downloads(meters, "copied");
        this.byTheKernel = downloads(meters, "sendfile");
    }

    private static Counter downloads(MeterRegistry meters, String how) {
        return Counter.builder(DOWNLOADS)
                .description("Audio downloads served by cms, by how the bytes went out: copied through the JVM, or"
                        + " handed to the kernel (sendfile: the filesystem store, plain HTTP, 48 KiB or more)")
                .tag("how", how)
                .register(meters);
    }

    /** Counts a download whose bytes went out, copied through the JVM or handed to the kernel. */
    public void sent(boolean byTheKernel) {
        (byTheKernel ? this.byTheKernel : copied).increment();
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

    /** The asset as a file on this machine when the store keeps it as one (the filesystem store), else empty. */
    public Optional<Path> file(MediaAsset asset) throws IOException {
        return store.file(MediaKey.of(asset.storageKey()));
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
