package org.openloa.edge.playback;

import java.net.URI;
import java.nio.file.Path;

/**
 * One thing for a player to play: a verified cached file (AUDIO) or a live stream (STREAM).
 *
 * @param file       the cached, verified file; null for a stream
 * @param stream     the stream URL; null for a file
 * @param sha256     the file's expected SHA-256 from the manifest; null for a stream
 * @param volume     0..100
 * @param durationMs the media's length from the manifest; 0 for a stream
 * @param fallback   for a stream, the cached, verified fallback bulletin played while the source is away; null
 *                   for a short tone instead (and for a file)
 * @param relayed    a stream kept on air by the relay's fallback chain (STREAM); false for a file and for a LIVE
 *                   session, whose pauses are speech, not a lost source, and which ends when its speaker does
 */
public record PlayRequest(
        String itemId,
        String mediaId,
        Path file,
        URI stream,
        String sha256,
        String mimeType,
        int volume,
        long durationMs,
        Path fallback,
        boolean relayed) {

    /** A file, or a stream relayed with the fallback chain. */
    public PlayRequest(
            String itemId,
            String mediaId,
            Path file,
            URI stream,
            String sha256,
            String mimeType,
            int volume,
            long durationMs,
            Path fallback) {
        this(itemId, mediaId, file, stream, sha256, mimeType, volume, durationMs, fallback, stream != null);
    }

    /** A request without a fallback. */
    public PlayRequest(
            String itemId,
            String mediaId,
            Path file,
            URI stream,
            String sha256,
            String mimeType,
            int volume,
            long durationMs) {
        this(itemId, mediaId, file, stream, sha256, mimeType, volume, durationMs, null);
    }

    /** The volume as a gain factor, e.g. "0.70", for players that take one. */
    String gain() {
        return String.format(java.util.Locale.ROOT, "%.2f", volume / 100.0);
    }

    /** The file path or stream URL, whichever this request plays. */
    String source() {
        return file != null ? file.toString() : stream.toString();
    }
}
