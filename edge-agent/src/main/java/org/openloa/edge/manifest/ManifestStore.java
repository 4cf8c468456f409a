package org.openloa.edge.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.openloa.edge.support.AtomicFiles;

/**
 * The last manifest as the server sent it ({@code manifest.json}) and its ETag ({@code manifest.etag}),
 * so a restart without the server still has a plan and the next poll can still be a 304.
 */
public final class ManifestStore {

    private static final Logger LOG = Logger.getLogger(ManifestStore.class.getName());

    private final Path body;
    private final Path etag;

    public ManifestStore(Path dataDir) {
        this.body = dataDir.resolve("manifest.json");
        this.etag = dataDir.resolve("manifest.etag");
    }

    /** @param etag null when the server sent none */
    public record Stored(ManifestReader.Parsed parsed, String etag) {}

    public Optional<Stored> load() throws IOException {
        if (!Files.exists(body)) {
            return Optional.empty();
        }
        try {
            ManifestReader.Parsed parsed = ManifestReader.read(Files.readAllBytes(body));
            String tag = Files.exists(etag)
                    ? Files.readString(etag, StandardCharsets.UTF_8).trim()
                    : "";
            return Optional.of(new Stored(parsed, tag.isEmpty() ? null : tag));
        } catch (IOException e) {
            LOG.warning(() ->
                    "the stored manifest " + body + " cannot be used (" + e.getMessage() + "); waiting for a new one");
            return Optional.empty();
        }
    }

    /** The body first: a crash between the two writes leaves an old ETag, which costs one full answer. */
    public void save(byte[] manifest, String tag) throws IOException {
        AtomicFiles.write(body, manifest);
        AtomicFiles.write(etag, (tag == null ? "" : tag).getBytes(StandardCharsets.UTF_8));
    }
}
