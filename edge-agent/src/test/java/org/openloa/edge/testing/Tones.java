package org.openloa.edge.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Which tone a recorded WAV carries, window by window (Goertzel at the frequencies asked about). */
public final class Tones {

    private Tones() {}

    /**
     * For each {@code windowMs} of the (mono or first-channel, 16-bit) WAV: the frequency of {@code candidates}
     * that holds most of the window's energy when it holds at least half of it, else 0 (silence, or something else).
     */
    public static List<Double> dominant(Path wav, int windowMs, double... candidates)
            throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = audio.getFormat();
            return dominant(audio.readAllBytes(), format.getChannels(), format.getSampleRate(), windowMs, candidates);
        }
    }

    /** As above, for raw signed 16-bit little-endian PCM. */
    public static List<Double> dominant(byte[] bytes, int channels, float rate, int windowMs, double... candidates) {
        {
            int window = (int) (rate * windowMs / 1000);
            int frames = bytes.length / (2 * channels);
            List<Double> result = new ArrayList<>();
            for (int start = 0; start + window <= frames; start += window) {
                double[] x = new double[window];
                double energy = 0;
                for (int i = 0; i < window; i++) {
                    int at = (start + i) * 2 * channels;
                    x[i] = (short) ((bytes[at + 1] << 8) | (bytes[at] & 0xff));
                    energy += x[i] * x[i];
                }
                double best = 0;
                double bestPower = 0;
                for (double f : candidates) {
                    double power = goertzel(x, f, rate);
                    if (power > bestPower) {
                        bestPower = power;
                        best = f;
                    }
                }
                // Goertzel power of a pure tone is about N/2 times its energy.
                boolean holds = energy > window * 100.0 && bestPower * 2 / window >= energy * 0.5;
                result.add(holds ? best : 0.0);
            }
            return result;
        }
    }

    private static double goertzel(double[] x, double frequency, float rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / rate);
        double s1 = 0;
        double s2 = 0;
        for (double sample : x) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }
}
