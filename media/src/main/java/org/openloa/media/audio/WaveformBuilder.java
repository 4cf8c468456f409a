package org.openloa.media.audio;

/**
 * Folds a stream of samples into a {@link Waveform} without knowing the length in advance and with
 * memory that does not grow with it: it keeps up to {@value #FINE_PER_SLICE} fine slices per output
 * slice, and whenever they fill up it merges neighbours pairwise and doubles the samples per fine
 * slice. An hour of audio costs the same 128 kB as a second. Output slices are whole fine slices, so
 * a slice's edges can be off by up to 1/8 of its width, invisible in a drawn waveform.
 */
final class WaveformBuilder {

    private static final int FINE_PER_SLICE = 16;

    private final int buckets;
    private final float[] fineMin;
    private final float[] fineMax;
    private long samplesPerFine = 1;
    private int fineCount; // completed fine slices
    private long inCurrent; // samples in the slice being filled
    private float currentMin = Float.POSITIVE_INFINITY;
    private float currentMax = Float.NEGATIVE_INFINITY;
    private long samples;

    WaveformBuilder(int buckets) {
        this.buckets = buckets;
        this.fineMin = new float[buckets * FINE_PER_SLICE];
        this.fineMax = new float[buckets * FINE_PER_SLICE];
    }

    void add(float sample) {
        if (sample < currentMin) {
            currentMin = sample;
        }
        if (sample > currentMax) {
            currentMax = sample;
        }
        samples++;
        if (++inCurrent == samplesPerFine) {
            closeCurrent();
        }
    }

    /** Adds 16-bit little-endian mono PCM. {@code length} must be even. */
    void addPcm16(byte[] pcm, int length) {
        for (int i = 0; i + 1 < length; i += 2) {
            add((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8)) / 32768f);
        }
    }

    long samples() {
        return samples;
    }

    Waveform build() {
        int fine = fineCount;
        float[] mins = fineMin.clone();
        float[] maxs = fineMax.clone();
        if (inCurrent > 0) { // the partial last slice counts too
            mins[fine] = currentMin;
            maxs[fine] = currentMax;
            fine++;
        }
        int size = Math.min(buckets, fine);
        float[] outMin = new float[size];
        float[] outMax = new float[size];
        for (int b = 0; b < size; b++) {
            int from = (int) ((long) b * fine / size);
            int to = (int) ((long) (b + 1) * fine / size);
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int f = from; f < to; f++) {
                min = Math.min(min, mins[f]);
                max = Math.max(max, maxs[f]);
            }
            outMin[b] = min;
            outMax[b] = max;
        }
        return new Waveform(outMin, outMax);
    }

    private void closeCurrent() {
        fineMin[fineCount] = currentMin;
        fineMax[fineCount] = currentMax;
        fineCount++;
        inCurrent = 0;
        currentMin = Float.POSITIVE_INFINITY;
        currentMax = Float.NEGATIVE_INFINITY;
        if (fineCount == fineMin.length) {
            for (int i = 0; i < fineCount / 2; i++) {
                fineMin[i] = Math.min(fineMin[2 * i], fineMin[2 * i + 1]);
                fineMax[i] = Math.max(fineMax[2 * i], fineMax[2 * i + 1]);
            }
            fineCount /= 2;
            samplesPerFine *= 2;
        }
    }
}
