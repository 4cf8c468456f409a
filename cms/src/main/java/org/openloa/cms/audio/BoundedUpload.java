package org.openloa.cms.audio;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read as it streams in, cut off past the upload limit: a streamed upload has no multipart
 * limit of the container in front of it, and a client that announces no length (chunked) is held to the
 * same limit while it sends.
 */
final class BoundedUpload extends FilterInputStream {

    /** The body went past the limit; the ingest stops on it and keeps nothing. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the upload is larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private long read;
    private boolean ended;

    BoundedUpload(InputStream body, long limit) {
        super(body);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        } else {
            ended = true;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    /** Whether the body was read to its end: a failure after that is the server's, not the upload's. */
    boolean ended() {
        return ended;
    }

    private void counted(int n) throws TooLarge {
        read += n;
        if (read > limit) {
            throw new TooLarge(limit);
        }
    }
}
