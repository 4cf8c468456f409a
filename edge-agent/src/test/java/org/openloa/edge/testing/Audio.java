package org.openloa.edge.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openloa.testing.RequiredTools;

/** Real audio for tests: a sine WAV made here, or an MP3 made by Debian's ffmpeg. */
public final class Audio {

    private Audio() {}

    /** A mono 16-bit 8 kHz sine tone of {@code millis} as WAV bytes. */
    public static byte[] sineWav(long millis, double hertz) {
        int rate = 8000;
        int samples = (int) (rate * millis / 1000);
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes())
                .putInt(36 + samples * 2)
                .put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes())
                .putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) (Math.sin(2 * Math.PI * hertz * i / rate) * 12000));
        }
        return wav.array();
    }

    /** An MP3 of a sine tone made with ffmpeg (skips or fails the test if ffmpeg is missing). */
    public static Path mp3(Path dir, String name, double seconds) throws IOException, InterruptedException {
        Path ffmpeg = RequiredTools.require("ffmpeg", "ffmpeg");
        Path out = dir.resolve(name);
        Process process = new ProcessBuilder(
                        ffmpeg.toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:duration=" + seconds,
                        "-ac",
                        "1",
                        "-ar",
                        "22050",
                        "-c:a",
                        "libmp3lame",
                        "-b:a",
                        "64k",
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("ffmpeg could not make " + out);
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }
}
