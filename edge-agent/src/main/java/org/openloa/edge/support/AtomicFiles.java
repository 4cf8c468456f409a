package org.openloa.edge.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Files that are either wholly there or not at all, even after kill -9 or a power cut: write a
 * temporary file, fsync it, rename it over the target, fsync the directory. Every file the agent
 * keeps in its data directory (credential, manifest, outbox entries, state) goes through here.
 */
public final class AtomicFiles {

    /** Suffix of the temporary files; a crash may leave some behind, which {@link #deleteLeftovers} removes. */
    public static final String TMP = ".tmp";

    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target} atomically, readable by the owner only. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // createTempFile makes the file rw------- on POSIX file systems, before a byte is written.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), TMP);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Renames atomically, replacing the target. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data directory's file system cannot rename atomically: " + to.getParent(), e);
        }
    }

    /** Makes a rename or delete in {@code dir} durable (Linux needs the directory itself fsynced). */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to fsync a directory; the rename is still atomic there.
        }
    }

    /** Creates a directory (and its parents) that only the agent's user can enter. */
    public static Path ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: nothing finer to set.
            }
        }
        return dir;
    }

    /** Removes temporary files an interrupted write left in {@code dir}. */
    public static void deleteLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(TMP)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
