package org.openloa.cms.live;

import java.io.IOException;
import java.nio.file.Path;

/** An encoder as a speaker's studio runs one: ffmpeg pushing MP3 in real time to an ingest URL with HTTP PUT. */
public final class LiveEncoder {

    private LiveEncoder() {}

    /**
     * Starts ffmpeg pushing {@code source} (a lavfi source, e.g. {@code sine=frequency=1000:duration=120}) to
     * {@code url}, which carries its Basic credentials; ffmpeg's own output goes to {@code log}.
     */
    public static Process push(Path ffmpeg, String source, String url, Path log) throws IOException {
        return new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        source,
                        "-c:a",
                        "libmp3lame",
                        "-b:a",
                        "64k",
                        "-f",
                        "mp3",
                        "-content_type",
                        "audio/mpeg",
                        "-method",
                        "PUT",
                        "-auth_type",
                        "basic",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
