package org.openloa.media.audio;

/**
 * Where normalisation aims. The default, −16 LUFS with peaks at most −1.5 dBTP, is the common target
 * for speech delivered as compressed files (it leaves room for the MP3 encoder's overshoot); EBU R128's
 * −23 LUFS is meant for broadcast chains with their own processing.
 *
 * @param integratedLufs integrated loudness to reach, −70 to −5
 * @param truePeakDbtp   true-peak ceiling, −9 to 0
 * @param rangeLu        loudness range loudnorm may keep before it starts compressing dynamics, 1 to 20
 *                       (20 is the highest the bundled ffmpeg 4.4 accepts)
 */
public record LoudnessTarget(double integratedLufs, double truePeakDbtp, double rangeLu) {

    public static final LoudnessTarget DEFAULT = new LoudnessTarget(-16.0, -1.5, 11.0);

    public LoudnessTarget {
        check("integrated loudness", integratedLufs, -70, -5);
        check("true peak", truePeakDbtp, -9, 0);
        check("loudness range", rangeLu, 1, 20);
    }

    private static void check(String what, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
