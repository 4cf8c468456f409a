package org.openloa.media.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything an operator may tune about ingesting audio; cms binds these to typed properties.
 *
 * @param loudness         where normalisation aims
 * @param strategy         how it gets there
 * @param delivery         what devices receive
 * @param maxDuration      longer uploads are refused with {@link Refusal#TOO_LONG}
 * @param silenceFloorLufs recordings quieter than this are refused as {@link Refusal#SILENT}: raising
 *                         them to the target would only make hiss audible
 * @param waveformBuckets  how many min/max pairs the waveform has
 */
public record IngestSettings(
        LoudnessTarget loudness,
        NormalisationStrategy strategy,
        DeliveryFormat delivery,
        Duration maxDuration,
        double silenceFloorLufs,
        int waveformBuckets) {

    public static final IngestSettings DEFAULT = new IngestSettings(
            LoudnessTarget.DEFAULT,
            NormalisationStrategy.MEASURE_GAIN_LIMIT,
            DeliveryFormat.DEFAULT,
            Duration.ofHours(3),
            -60.0,
            1000);

    public IngestSettings {
        Objects.requireNonNull(loudness, "loudness");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(delivery, "delivery");
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maximum duration must be positive, not " + maxDuration);
        }
        if (!(silenceFloorLufs >= -70 && silenceFloorLufs < loudness.integratedLufs())) {
            throw new IllegalArgumentException(
                    "silence floor must be from -70 LUFS up to the target, not " + silenceFloorLufs);
        }
        if (waveformBuckets < 10 || waveformBuckets > 100_000) {
            throw new IllegalArgumentException("waveform buckets must be 10 to 100000, not " + waveformBuckets);
        }
    }

    public IngestSettings withLoudness(LoudnessTarget value) {
        return new IngestSettings(value, strategy, delivery, maxDuration, silenceFloorLufs, waveformBuckets);
    }

    public IngestSettings withStrategy(NormalisationStrategy value) {
        return new IngestSettings(loudness, value, delivery, maxDuration, silenceFloorLufs, waveformBuckets);
    }

    public IngestSettings withDelivery(DeliveryFormat value) {
        return new IngestSettings(loudness, strategy, value, maxDuration, silenceFloorLufs, waveformBuckets);
    }

    public IngestSettings withMaxDuration(Duration value) {
        return new IngestSettings(loudness, strategy, delivery, value, silenceFloorLufs, waveformBuckets);
    }

    public IngestSettings withSilenceFloor(double lufs) {
        return new IngestSettings(loudness, strategy, delivery, maxDuration, lufs, waveformBuckets);
    }

    public IngestSettings withWaveformBuckets(int value) {
        return new IngestSettings(loudness, strategy, delivery, maxDuration, silenceFloorLufs, value);
    }
}
