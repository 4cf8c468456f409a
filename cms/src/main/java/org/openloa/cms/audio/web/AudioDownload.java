package org.openloa.cms.audio.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openloa.cms.audio.AudioLibrary;
import org.openloa.cms.audio.MediaAsset;

/**
 * Serves an asset with Range (RFC 9110 §14): one range as 206, an unsatisfiable one as an empty 416
 * carrying {@code Content-Range: bytes *}{@code /size}, and the whole file as 200 when the Range is
 * malformed, asks for several ranges, or its {@code If-Range} does not name this file. Written here
 * rather than left to MVC's resource handling, which sends the whole file with a 416 and answers an
 * empty 206 to {@code Range: bytes=}. Nothing is read into memory. The same answer serves the API, the
 * pages and the boxes; an asset never changes once stored (its ETag is its SHA-256), so it may be cached
 * for good.
 */
public final class AudioDownload {

    /**
     * Tomcat's request attributes for handing a file to the kernel (its {@code Globals.SENDFILE_*}): offered by the
     * connector when it can (plain HTTP/1.1 on NIO), read by it when the response is committed.
     */
    static final String SENDFILE_SUPPORTED = "org.apache.tomcat.sendfile.support";

    static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";
    /** Below this a copy costs less than setting up sendfile (Tomcat's DefaultServlet's own threshold, 48 KiB). */
    static final long SENDFILE_MIN = 48 * 1024;

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    private final AudioLibrary library;
    private final MediaAsset asset;

    private AudioDownload(AudioLibrary library, MediaAsset asset) {
        this.library = library;
        this.asset = asset;
    }

    public static void serve(
            AudioLibrary library, MediaAsset asset, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        new AudioDownload(library, asset).serve(request, response);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long size = asset.sizeBytes();
        String etag = "\"" + asset.sha256() + "\"";
        response.setHeader("ETag", etag);
        response.setHeader("Accept-Ranges", "bytes");
        response.setHeader("Cache-Control", "private, max-age=31536000, immutable");
        if (matches(request.getHeader("If-None-Match"), etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(asset.mimeType());
        String range = request.getHeader("Range");
        String ifRange = request.getHeader("If-Range");
        Matcher one = range == null ? null : ONE_RANGE.matcher(range.strip());
        if (one == null
                || !one.matches()
                || (ifRange != null && !ifRange.strip().equals(etag))) {
            send(request, response, HttpServletResponse.SC_OK, 0, size);
            return;
        }
        String first = one.group(1);
        String last = one.group(2);
        long start;
        long end;
        if (first.isEmpty() && last.isEmpty()) {
            // "bytes=-" is no range at all: ignored, like any invalid Range.
            send(request, response, HttpServletResponse.SC_OK, 0, size);
            return;
        } else if (first.isEmpty()) {
            long suffix = Long.parseLong(last);
            if (suffix == 0 || size == 0) {
                unsatisfiable(response, size);
                return;
            }
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = Long.parseLong(first);
            end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (!last.isEmpty() && Long.parseLong(last) < start) {
                send(request, response, HttpServletResponse.SC_OK, 0, size);
                return;
            }
            if (start >= size) {
                unsatisfiable(response, size);
                return;
            }
        }
        response.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
        send(request, response, HttpServletResponse.SC_PARTIAL_CONTENT, start, end - start + 1);
    }

    /**
     * Hands the range to Tomcat's sendfile when the connector offers it and the store keeps the asset as a file: the
     * bytes go from the page cache to the socket without passing through the JVM (a woken fleet downloads the same
     * file a thousand times at once; copied through a heap buffer, that was a tenth of cms's CPU in the wave).
     */
    private boolean sentByTheKernel(HttpServletRequest request, long offset, long length) throws IOException {
        if (length < SENDFILE_MIN || !Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORTED))) {
            return false;
        }
        Optional<Path> file = library.file(asset);
        if (file.isEmpty()) {
            return false;
        }
        request.setAttribute(SENDFILE_FILENAME, file.get().toAbsolutePath().toString());
        request.setAttribute(SENDFILE_START, offset);
        request.setAttribute(SENDFILE_END, offset + length);
        return true;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static void unsatisfiable(HttpServletResponse response, long size) {
        response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
        response.setHeader("Content-Range", "bytes */" + size);
        response.setContentLengthLong(0);
    }

    private void send(HttpServletRequest request, HttpServletResponse response, int status, long offset, long length)
            throws IOException {
        response.setStatus(status);
        response.setContentLengthLong(length);
        if ("HEAD".equals(request.getMethod()) || length == 0) {
            return;
        }
        if (sentByTheKernel(request, offset, length)) {
            library.sent(true);
            return;
        }
        // Counted before the first byte leaves: counted after, a client (or a test) that has the whole body may read
        // the meter before the server thread gets round to it.
        library.sent(false);
        try (InputStream in = library.open(asset, offset, length);
                OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }
}
