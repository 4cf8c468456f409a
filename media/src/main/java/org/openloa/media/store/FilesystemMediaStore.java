package org.openloa.media.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.openloa.media.Sha256;

/**
 * Blobs as files under a root folder, the key being the relative path. A put writes a hidden
 * temporary file in the target's own folder (same filesystem, so the final rename is atomic), forces
 * it to disk, then renames it over the target: a crash leaves the old blob or the new one, plus at
 * worst a stray ".part" file, never a truncated blob under the real name. The SHA-256 is computed
 * when asked for rather than stored beside the blob, so it can never disagree with the bytes.
 */
final class FilesystemMediaStore implements MediaStore {

    private final Path root;

    FilesystemMediaStore(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
    }

    @Override
    public BlobStat put(MediaKey key, Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return put(key, in);
        }
    }

    @Override
    public BlobStat put(MediaKey key, InputStream source) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        MessageDigest digest = Sha256.newDigest();
        long size = 0;
        try {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = source.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
                channel.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(part);
        }
        return new BlobStat(size, Sha256.hex(digest));
    }

    @Override
    public InputStream get(MediaKey key, ByteRange range) throws IOException {
        Path file = resolve(key);
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchMediaException(key);
        }
        try {
            if (range.offset() > 0 && range.offset() >= channel.size()) {
                throw new IOException("range starts at " + range.offset() + ", past the end of " + key + " ("
                        + channel.size() + " bytes)");
            }
            channel.position(range.offset());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        InputStream in = Channels.newInputStream(channel);
        return range.length() == ByteRange.TO_END ? in : new Limited(in, range.length());
    }

    @Override
    public Optional<BlobStat> stat(MediaKey key) throws IOException {
        Path file = resolve(key);
        try {
            return Optional.of(new BlobStat(Files.size(file), Sha256.of(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Path> file(MediaKey key) {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public boolean exists(MediaKey key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(MediaKey key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public Optional<URI> downloadUrl(MediaKey key, Duration expiry) {
        return Optional.empty();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "filesystem media store at " + root;
    }

    /** MediaKey already refuses anything path-like; this check keeps that true if the rules ever loosen. */
    private Path resolve(MediaKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("media key " + key + " leaves the store's root");
        }
        return path;
    }

    /** Makes the rename itself durable; not every filesystem lets a folder be opened for that. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Best effort: the data itself was forced before the rename.
        }
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
