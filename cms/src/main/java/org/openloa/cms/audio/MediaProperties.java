package org.openloa.cms.audio;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openloa.media.audio.DeliveryFormat;
import org.openloa.media.audio.NormalisationStrategy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audio processing and media storage.
 *
 * @param store            where media lives: {@code filesystem} (under {@code filesystemRoot}) or {@code s3}
 * @param filesystemRoot   the folder of the filesystem store
 * @param s3               the S3 / MinIO store
 * @param ffmpegPath       an ffmpeg to use; empty: the system's on PATH, else the one bundled in the jar
 * @param loudness         normalisation target
 * @param strategy         MEASURE_GAIN_LIMIT (measure, gain, limiter; loudnorm only where it misses the target) or
 *                         TWO_PASS_LOUDNORM (ffmpeg loudnorm always, the reference, about twice as slow)
 * @param delivery         the format devices receive
 * @param maxDuration      longer audio is refused
 * @param processingThreads how many files are processed at once (each ffmpeg uses one core)
 * @param downloadUrlExpiry how long a presigned S3 download URL stays valid
 * @param tts              text-to-speech
 */
@ConfigurationProperties("openloa.media")
public record MediaProperties(
        @DefaultValue("filesystem") String store,
        Path filesystemRoot,
        S3 s3,
        Path ffmpegPath,
        @DefaultValue Loudness loudness,
        @DefaultValue("MEASURE_GAIN_LIMIT") NormalisationStrategy strategy,
        @DefaultValue Delivery delivery,
        @DefaultValue("3h") Duration maxDuration,
        @DefaultValue("2") int processingThreads,
        @DefaultValue("1h") Duration downloadUrlExpiry,
        @DefaultValue Tts tts) {

    /**
     * @param endpoint  e.g. http://127.0.0.1:9000
     * @param region    the bucket's region
     * @param accessKey access key
     * @param secretKey secret key (never logged)
     * @param bucket    created if missing
     */
    public record S3(
            URI endpoint,
            @DefaultValue("us-east-1") String region,
            String accessKey,
            String secretKey,
            @DefaultValue("openloa") String bucket) {

        @Override
        public String toString() {
            return "S3[" + endpoint + ", bucket " + bucket + "]";
        }
    }

    /**
     * @param integratedLufs integrated loudness target, LUFS (EBU R128: -23 for broadcast; -16 carries better on horns)
     * @param truePeakDbtp   true peak ceiling, dBTP
     * @param rangeLu        loudness range target for loudnorm, LU
     */
    public record Loudness(
            @DefaultValue("-16") double integratedLufs,
            @DefaultValue("-1.5") double truePeakDbtp,
            @DefaultValue("11") double rangeLu) {}

    /**
     * @param codec       MP3 (or another codec the media module offers)
     * @param channels    1: the horns are mono, and it halves the bytes over 3G
     * @param sampleRate  Hz
     * @param bitrateKbps 64 kbit/s mono MP3 is clear speech at 480 kB a minute
     */
    public record Delivery(
            @DefaultValue("MP3") DeliveryFormat.Codec codec,
            @DefaultValue("1") int channels,
            @DefaultValue("44100") int sampleRate,
            @DefaultValue("64") int bitrateKbps) {}

    /**
     * @param engine       espeak (espeak-ng from PATH or {@code espeakPath}), http, or none
     * @param espeakPath   an espeak-ng executable to use instead of the one on PATH
     * @param http         a provider's HTTP API
     * @param defaultVoice the voice offered first
     */
    public record Tts(
            @DefaultValue("espeak") String engine,
            Path espeakPath,
            Http http,
            @DefaultValue("vi") String defaultVoice) {}

    /**
     * @param url          the provider's endpoint
     * @param method       POST or GET
     * @param headers      e.g. an API key header (never logged)
     * @param bodyTemplate request body with {text}, {voice} and {rate} placeholders
     * @param bodyEncoding how placeholders are escaped: JSON, FORM or RAW
     * @param voices       voices the provider offers
     * @param timeout      how long to wait for the audio
     */
    public record Http(
            URI url,
            @DefaultValue("POST") String method,
            Map<String, String> headers,
            String bodyTemplate,
            @DefaultValue("JSON") String bodyEncoding,
            List<String> voices,
            @DefaultValue("60s") Duration timeout) {

        @Override
        public String toString() {
            return "Http[" + url + "]";
        }
    }
}
