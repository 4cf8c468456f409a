package org.openloa.media.audio;

import java.util.Arrays;

/**
 * The delivered audio's envelope for drawing: for each of {@link #size()} equal slices of time, the
 * lowest and highest sample value of the mono mix, in −1..1.
 */
public final class Waveform {

    private final float[] minima;
    private final float[] maxima;

    Waveform(float[] minima, float[] maxima) {
        if (minima.length != maxima.length) {
            throw new IllegalArgumentException("minima and maxima differ in length");
        }
        this.minima = minima;
        this.maxima = maxima;
    }

    /** The number of slices: the configured bucket count, or fewer for audio shorter than that many samples. */
    public int size() {
        return minima.length;
    }

    public float[] minima() {
        return minima.clone();
    }

    public float[] maxima() {
        return maxima.clone();
    }

    /** max(|min|, |max|) per slice, for UIs that draw a symmetric envelope. */
    public float[] peaks() {
        float[] peaks = new float[minima.length];
        for (int i = 0; i < peaks.length; i++) {
            peaks[i] = Math.max(-minima[i], maxima[i]);
        }
        return peaks;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Waveform that
                && Arrays.equals(minima, that.minima)
                && Arrays.equals(maxima, that.maxima);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(minima) + Arrays.hashCode(maxima);
    }

    @Override
    public String toString() {
        return "Waveform[" + size() + " slices]";
    }
}
