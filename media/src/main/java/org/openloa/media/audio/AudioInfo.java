package org.openloa.media.audio;

import java.time.Duration;
import java.util.Optional;

/**
 * What probing found in an upload: its first audio stream and what the container declares.
 *
 * @param sizeBytes         file size
 * @param container         ffmpeg's name for the detected container, e.g. "mp3", "ogg", "mov,mp4,m4a,3gp,3g2,mj2"
 * @param codec             the audio codec, e.g. "mp3", "aac", "opus", "amr_nb"
 * @param sampleRate        Hz (0 if the container does not say)
 * @param channels          channel count (0 if the container does not say)
 * @param duration          the declared duration, if the container states one
 * @param durationEstimated true when ffmpeg guessed the duration from the bit rate (e.g. a VBR MP3
 *                          without a Xing header), so it may be far off
 */
public record AudioInfo(
        long sizeBytes,
        String container,
        String codec,
        int sampleRate,
        int channels,
        Optional<Duration> duration,
        boolean durationEstimated) {}
