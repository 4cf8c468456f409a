package org.openloa.media.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An upload as it arrives: written to a file by the thread that receives it, and read back while it grows
 * by any number of followers, each from the first byte, so that ffmpeg measures the upload before its last
 * byte is in. A follower that catches up waits for more; the end of the upload ends it, and an upload cut
 * off midway fails it (and {@link FfmpegProcess} kills the ffmpeg it feeds).
 */
final class Arrival implements AutoCloseable {

    private final Path file;
    private final FileChannel out;
    private long arrived;
    private boolean complete;
    private IOException failure;

    private Arrival(Path file, FileChannel out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or empties) {@code file} for the upload. */
    static Arrival into(Path file) throws IOException {
        return new Arrival(
                file,
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE));
    }

    /**
     * Copies the upload into the file until its last byte, on the caller's thread; an upload that fails, or
     * an interrupt, fails the followers too and is thrown.
     */
    long receive(InputStream upload) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = upload.read(buffer)) >= 0; ) {
                FfmpegProcess.checkInterrupted();
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                grew(n);
            }
        } catch (IOException | RuntimeException e) {
            IOException cause = e instanceof IOException io ? io : new IOException("the upload failed", e);
            fail(cause);
            throw cause;
        }
        return end();
    }

    /** A reader of the file from its first byte that follows the upload to its end. */
    InputStream follower() throws IOException {
        FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long available = arrivedBeyond(position);
                if (available < 0) {
                    return -1;
                }
                int n = in.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available - position)), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private synchronized void grew(int n) {
        arrived += n;
        notifyAll();
    }

    private synchronized long end() {
        complete = true;
        notifyAll();
        return arrived;
    }

    private synchronized void fail(IOException cause) {
        failure = cause;
        notifyAll();
    }

    /** Waits until more than {@code position} bytes have arrived: how many, or −1 once the upload ended at it. */
    private synchronized long arrivedBeyond(long position) throws IOException {
        while (arrived <= position && !complete && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the upload");
            }
        }
        if (failure != null) {
            throw new IOException("the upload was cut off: " + failure.getMessage(), failure);
        }
        return arrived > position ? arrived : -1;
    }

    /** Closes the file for writing; followers still open read on, and an unfinished upload fails them. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (!complete && failure == null) {
                fail(new IOException("the upload was abandoned"));
            }
        }
        out.close();
    }
}
