package org.openloa.media.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where media blobs live. Every write is atomic: until {@code put} returns, readers see the previous
 * blob (or none), never a part of the new one. Implementations are thread-safe.
 */
public interface MediaStore extends Closeable {

    /** Stores a copy of {@code source} under {@code key}, replacing any blob there. */
    BlobStat put(MediaKey key, Path source) throws IOException;

    /** Stores everything {@code source} yields under {@code key}; the caller closes {@code source}. */
    BlobStat put(MediaKey key, InputStream source) throws IOException;

    /**
     * The whole blob, to be closed by the caller.
     *
     * @throws NoSuchMediaException nothing is stored under {@code key}
     */
    default InputStream get(MediaKey key) throws IOException {
        return get(key, ByteRange.from(0));
    }

    /**
     * Part of the blob, to be closed by the caller.
     *
     * @throws NoSuchMediaException nothing is stored under {@code key}
     * @throws IOException          also when the range starts at or past the end (check {@link #stat} first)
     */
    InputStream get(MediaKey key, ByteRange range) throws IOException;

    /**
     * The blob as a file on this machine, when the store keeps it as one, so that a server can hand it to the kernel
     * (sendfile) instead of copying it through the JVM; empty otherwise (S3), or when nothing is stored under
     * {@code key}. A blob is never rewritten in place ({@code put} replaces it by a rename), so a file opened from
     * this path holds the blob's bytes for as long as it is open.
     */
    default Optional<Path> file(MediaKey key) throws IOException {
        return Optional.empty();
    }

    /** Size and SHA-256, or empty if nothing is stored under {@code key}. */
    Optional<BlobStat> stat(MediaKey key) throws IOException;

    boolean exists(MediaKey key) throws IOException;

    /** Removes the blob; removing what is not there is not an error. */
    void delete(MediaKey key) throws IOException;

    /**
     * A URL that serves the blob without credentials until {@code expiry} has passed, if the store
     * can sign one (S3 can; the filesystem cannot, and cms then serves the bytes itself).
     */
    Optional<URI> downloadUrl(MediaKey key, Duration expiry) throws IOException;

    /** Blobs as files under {@code root} (created if missing), e.g. ./data/media. */
    static MediaStore filesystem(Path root) throws IOException {
        return new FilesystemMediaStore(root);
    }

    /** Blobs as objects in an S3 bucket, which is created if missing. */
    static MediaStore s3(S3Settings settings) throws IOException {
        return new S3MediaStore(settings);
    }
}
