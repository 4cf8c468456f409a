package org.openloa.cms.audio;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;

/**
 * An asset as a Spring {@code Resource} with a known length, so MVC answers Range requests (206) for
 * it: browsers seek in the preview player, and nothing is read into memory.
 */
public final class StoredAudio extends AbstractResource {

    private final AudioLibrary library;
    private final MediaAsset asset;

    public StoredAudio(AudioLibrary library, MediaAsset asset) {
        this.library = library;
        this.asset = asset;
    }

    @Override
    public String getDescription() {
        return "media asset " + asset.id();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return library.open(asset, 0, -1);
    }

    @Override
    public long contentLength() {
        return asset.sizeBytes();
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public String getFilename() {
        return null;
    }
}
