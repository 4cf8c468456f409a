package org.openloa.media.audio;

/**
 * An EBU R128 measurement.
 *
 * @param integratedLufs integrated loudness; negative infinity for digital silence
 * @param truePeakDbtp   maximum true peak
 * @param rangeLu        loudness range (LRA)
 */
public record Loudness(double integratedLufs, double truePeakDbtp, double rangeLu) {}
