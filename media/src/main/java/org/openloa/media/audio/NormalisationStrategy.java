package org.openloa.media.audio;

/**
 * How loudness is brought to the target. Whichever is chosen, the delivered file is measured again;
 * while it misses the target by more than 0.5 LU or its true peak is over the ceiling (a limiter took
 * loudness away with the peaks, as with most speech, whose peaks stand 15 to 20 dB above its
 * loudness, and the encoder rang over the limiter), it is rendered again with gain and limiter, at
 * most three times, and the result reports the loudness finally delivered.
 */
public enum NormalisationStrategy {
    /**
     * ffmpeg's loudnorm filter, measuring in a first pass and applying in a second (linear gain when
     * the true-peak ceiling allows it, gentle dynamic normalisation otherwise). The reference EBU R128
     * method; slow because loudnorm works at 192 kHz. When its true-peak limiter keeps it from the
     * target, the corrections above take over.
     */
    TWO_PASS_LOUDNORM,
    /**
     * The default. An ebur128 measurement, then a linear gain and, only if the gain would push peaks
     * over the ceiling, a look-ahead limiter. About twice as fast; the limiter works on sample peaks,
     * so it aims a little below the true-peak ceiling. Where the file still misses the target after
     * its corrections, loudnorm renders it from the same measurement (corrected the same way), and
     * the closer of the two is delivered; the result then reports {@link #TWO_PASS_LOUDNORM}.
     */
    MEASURE_GAIN_LIMIT
}
