package org.openloa.cms.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Tells a tone's frequency in audio: ffmpeg decodes it to mono 16-bit PCM, zero crossings give the frequency. */
public final class LiveTone {

    private LiveTone() {}

    /** The dominant frequency of the file's audio, in Hz (from its zero crossings); 0 for silence. */
    public static double frequency(Path ffmpeg, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-i",
                        file.toString(),
                        "-ac",
                        "1",
                        "-ar",
                        "16000",
                        "-f",
                        "s16le",
                        "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        p.getInputStream().transferTo(pcm);
        p.waitFor();
        byte[] b = pcm.toByteArray();
        int samples = b.length / 2;
        if (samples < 1600) {
            return 0;
        }
        int crossings = 0;
        int loud = 0;
        short previous = 0;
        for (int i = 0; i < samples; i++) {
            short s = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
            if (Math.abs(s) > 1000) {
                loud++;
            }
            if ((previous < 0 && s >= 0) || (previous >= 0 && s < 0)) {
                crossings++;
            }
            previous = s;
        }
        if (loud < samples / 10) {
            return 0;
        }
        return crossings / 2.0 / (samples / 16000.0);
    }
}
