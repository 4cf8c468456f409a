package org.openloa.media.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How much loudness the delivery encoder itself takes away. LAME lowers the level by about 0.45 dB
 * at every bit rate (a 440 Hz tone, pink noise and espeak-ng speech alike), and low sample rates cut
 * high frequencies that K-weighting counts, so normalising before encoding would land every bulletin
 * half a LU under target. Encoding a few seconds of speech-band noise once tells how far; the render
 * then aims that much higher, and the delivered file is measured anyway.
 */
final class CodecCalibration {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    /** Beyond this something is wrong with the measurement, not the codec: better not to correct at all. */
    private static final double PLAUSIBLE_LU = 3.0;

    private CodecCalibration() {}

    /** Loudness lost by encoding to {@code format}, in LU (positive when the encoded file is quieter). */
    static double lossLu(Ffmpeg ffmpeg, DeliveryFormat format) throws IOException {
        Path encoded = Files.createTempFile(
                "openloa-calibration-", "." + format.codec().extension());
        try {
            // Pink noise limited to the speech band (and to below the format's Nyquist frequency).
            int lowpass = Math.min(7_000, format.sampleRate() * 2 / 5);
            List<String> encode = new ArrayList<>(List.of(
                    ffmpeg.executable().toString(),
                    "-hide_banner",
                    "-nostdin",
                    "-nostats",
                    "-v",
                    "info",
                    "-f",
                    "lavfi",
                    "-i",
                    "anoisesrc=d=8:c=pink:a=0.2:seed=42:r=" + format.sampleRate(),
                    "-af",
                    "highpass=f=100,lowpass=f=" + lowpass + "," + format.channelLayoutFilter()
                            + ",ebur128=framelog=verbose"));
            encode.addAll(format.encoderArguments());
            encode.addAll(format.fileOutput(encoded));
            FfmpegProcess.Result before = FfmpegProcess.run(encode, FfmpegProcess.StdoutHandler.DISCARD, TIMEOUT);
            if (before.exitCode() != 0) {
                throw new IOException("ffmpeg cannot encode to " + format + ": "
                        + before.stderr().tail(5));
            }
            FfmpegProcess.Result after = FfmpegProcess.run(
                    List.of(
                            ffmpeg.executable().toString(),
                            "-hide_banner",
                            "-nostdin",
                            "-nostats",
                            "-v",
                            "info",
                            "-i",
                            encoded.toString(),
                            "-map",
                            "0:a:0",
                            "-af",
                            "ebur128=framelog=verbose",
                            "-f",
                            "null",
                            "-"),
                    FfmpegProcess.StdoutHandler.DISCARD,
                    TIMEOUT);
            double loss = Measurement.fromEbur128Summary(before.stderr()).integrated()
                    - Measurement.fromEbur128Summary(after.stderr()).integrated();
            return Math.abs(loss) <= PLAUSIBLE_LU ? loss : 0;
        } finally {
            Files.deleteIfExists(encoded);
        }
    }
}
