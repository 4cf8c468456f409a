package org.openloa.media.audio;

import java.nio.file.Path;

/**
 * A delivered file and what is known about it: everything the edge manifest and the editor's page need.
 *
 * @param file       the delivered file (as asked for; the original is untouched)
 * @param sha256     lower-case hex SHA-256 of {@code file}, which agents verify downloads against
 * @param sizeBytes  size of {@code file}
 * @param durationMs decoded duration of {@code file}
 * @param sampleRate of {@code file}, Hz
 * @param channels   of {@code file}
 * @param format     the delivery format it was encoded to
 * @param strategy   how its loudness was normalised
 * @param source     what the upload was
 * @param before     the upload's loudness (in the delivered channel layout)
 * @param after      the delivered file's loudness, measured again after encoding
 * @param waveform   the delivered file's envelope
 * @param renders    how many times it was encoded: 1 when the first render reached the target, more when
 *                   it had to be corrected or handed to the fallback
 */
public record IngestResult(
        Path file,
        String sha256,
        long sizeBytes,
        long durationMs,
        int sampleRate,
        int channels,
        DeliveryFormat format,
        NormalisationStrategy strategy,
        AudioInfo source,
        Loudness before,
        Loudness after,
        Waveform waveform,
        int renders) {}
