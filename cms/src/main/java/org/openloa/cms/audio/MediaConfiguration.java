package org.openloa.cms.audio;

import java.io.IOException;
import java.util.List;
import org.openloa.media.audio.AudioIngest;
import org.openloa.media.audio.DeliveryFormat;
import org.openloa.media.audio.Ffmpeg;
import org.openloa.media.audio.IngestSettings;
import org.openloa.media.audio.LoudnessTarget;
import org.openloa.media.store.MediaStore;
import org.openloa.media.store.S3Settings;
import org.openloa.media.tts.HttpSpeechSettings;
import org.openloa.media.tts.TextToSpeech;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the media module's ports to their adapters as configured (openloa.media.*). */
@Configuration
class MediaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MediaConfiguration.class);

    @Bean(destroyMethod = "close")
    MediaStore mediaStore(MediaProperties properties) throws IOException {
        if ("s3".equalsIgnoreCase(properties.store())) {
            MediaProperties.S3 s3 = properties.s3();
            if (s3 == null || s3.endpoint() == null) {
                throw new IllegalStateException(
                        "openloa.media.store=s3 needs openloa.media.s3.endpoint, access-key, secret-key");
            }
            log.info("Media store: S3 at {} (bucket {})", s3.endpoint(), s3.bucket());
            return MediaStore.s3(new S3Settings(
                    s3.endpoint(),
                    s3.region(),
                    s3.accessKey(),
                    s3.secretKey(),
                    s3.bucket(),
                    properties.filesystemRoot().resolve("spool")));
        }
        log.info(
                "Media store: filesystem at {}",
                properties.filesystemRoot().toAbsolutePath().normalize());
        return MediaStore.filesystem(properties.filesystemRoot());
    }

    @Bean
    Ffmpeg ffmpeg(MediaProperties properties) throws IOException {
        Ffmpeg ffmpeg = properties.ffmpegPath() != null ? Ffmpeg.at(properties.ffmpegPath()) : Ffmpeg.locate();
        log.info("ffmpeg: {}", ffmpeg);
        return ffmpeg;
    }

    @Bean
    AudioIngest audioIngest(Ffmpeg ffmpeg, MediaProperties properties) {
        MediaProperties.Loudness loudness = properties.loudness();
        MediaProperties.Delivery delivery = properties.delivery();
        IngestSettings settings = IngestSettings.DEFAULT
                .withLoudness(
                        new LoudnessTarget(loudness.integratedLufs(), loudness.truePeakDbtp(), loudness.rangeLu()))
                .withStrategy(properties.strategy())
                .withDelivery(new DeliveryFormat(
                        delivery.codec(), delivery.channels(), delivery.sampleRate(), delivery.bitrateKbps()))
                .withMaxDuration(properties.maxDuration());
        return new AudioIngest(ffmpeg, settings);
    }

    @Bean
    TextToSpeech textToSpeech(MediaProperties properties) {
        MediaProperties.Tts tts = properties.tts();
        return switch (tts.engine().toLowerCase(java.util.Locale.ROOT)) {
            case "http" -> {
                MediaProperties.Http http = tts.http();
                if (http == null || http.url() == null) {
                    throw new IllegalStateException("openloa.media.tts.engine=http needs openloa.media.tts.http.url");
                }
                HttpSpeechSettings settings = HttpSpeechSettings.post(
                                http.url(),
                                http.bodyTemplate() == null ? "" : http.bodyTemplate(),
                                HttpSpeechSettings.BodyEncoding.valueOf(
                                        http.bodyEncoding().toUpperCase(java.util.Locale.ROOT)))
                        .withMethod(http.method())
                        .withTimeout(http.timeout());
                if (http.voices() != null && !http.voices().isEmpty()) {
                    settings = settings.withVoices(http.voices());
                }
                if (http.headers() != null) {
                    for (var header : http.headers().entrySet()) {
                        settings = settings.withHeader(header.getKey(), header.getValue());
                    }
                }
                yield TextToSpeech.http(settings);
            }
            case "none" -> NO_SPEECH;
            default ->
                tts.espeakPath() != null
                        ? TextToSpeech.espeakNg(tts.espeakPath(), TextToSpeech.ESPEAK_VIETNAMESE_VOICES)
                        : TextToSpeech.espeakNg();
        };
    }

    /** No engine configured: the UI says so instead of offering a button that cannot work. */
    private static final TextToSpeech NO_SPEECH = new TextToSpeech() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public List<String> voices() {
            return List.of();
        }

        @Override
        public void synthesise(org.openloa.media.tts.SpeechRequest request, java.nio.file.Path audio)
                throws IOException {
            throw new IOException("no text-to-speech engine is configured");
        }
    };
}
