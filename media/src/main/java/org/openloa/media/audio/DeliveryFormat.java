package org.openloa.media.audio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The encoding every bulletin is delivered to devices in.
 *
 * <p>The default is MP3, mono, 64 kbit/s, 44.1 kHz. MP3 because every IP-radio box and player
 * decodes it; mono because the loudspeaker clusters are mono and it halves the bytes over 3G/4G;
 * 64 kbit/s keeps speech clear with ample margin. 44.1 kHz rather than 22.05 kHz because it stays in
 * MPEG-1 Layer III, the profile that hardware decoders support best (22.05 kHz is MPEG-2 "LSF",
 * which some cheap decoder firmware handles poorly), it needs no resampling for the usual 44.1 kHz
 * recordings, and LAME keeps about 15 kHz of bandwidth at this rate (22.05 kHz would cut jingles at
 * 11 kHz); the size is set by the bit rate, not the sample rate, so both cost the same bytes.
 *
 * @param codec       the codec and container
 * @param channels    1 (mono) or 2 (stereo)
 * @param sampleRate  Hz; must be one the codec supports
 * @param bitrateKbps constant bit rate in kbit/s, 8 to 320
 */
public record DeliveryFormat(Codec codec, int channels, int sampleRate, int bitrateKbps) {

    public static final DeliveryFormat DEFAULT = new DeliveryFormat(Codec.MP3, 1, 44_100, 64);

    public enum Codec {
        MP3(
                "libmp3lame",
                "mp3",
                "mp3",
                "mp3",
                "mp3",
                "audio/mpeg",
                Set.of(8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000)),
        OPUS("libopus", "ogg", "ogg", "ogg", "opus", "audio/ogg", Set.of(8_000, 12_000, 16_000, 24_000, 48_000)),
        // MP4 needs to seek back to write its index, so the copy that is verified on the fly is ADTS.
        AAC(
                "aac",
                "mp4:movflags=+faststart",
                "adts",
                "aac",
                "m4a",
                "audio/mp4",
                Set.of(8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000));

        private final String encoder;
        private final String fileMuxer;
        private final String streamMuxer;
        private final String streamDemuxer;
        private final String extension;
        private final String mimeType;
        private final Set<Integer> sampleRates;

        Codec(
                String encoder,
                String fileMuxer,
                String streamMuxer,
                String streamDemuxer,
                String extension,
                String mimeType,
                Set<Integer> sampleRates) {
            this.encoder = encoder;
            this.fileMuxer = fileMuxer;
            this.streamMuxer = streamMuxer;
            this.streamDemuxer = streamDemuxer;
            this.extension = extension;
            this.mimeType = mimeType;
            this.sampleRates = sampleRates;
        }

        /** File name extension, without the dot. */
        public String extension() {
            return extension;
        }

        /** What the edge manifest and HTTP responses announce. */
        public String mimeType() {
            return mimeType;
        }
    }

    public DeliveryFormat {
        Objects.requireNonNull(codec, "codec");
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2, not " + channels);
        }
        if (!codec.sampleRates.contains(sampleRate)) {
            throw new IllegalArgumentException(codec + " cannot be encoded at " + sampleRate + " Hz; use one of "
                    + codec.sampleRates.stream().sorted().toList());
        }
        if (bitrateKbps < 8 || bitrateKbps > 320) {
            throw new IllegalArgumentException("bit rate must be 8 to 320 kbit/s, not " + bitrateKbps);
        }
    }

    /** The ffmpeg output options that encode to this format (the filter graph sets the channel layout). */
    List<String> encoderArguments() {
        return List.of(
                "-c:a",
                codec.encoder,
                "-b:a",
                bitrateKbps + "k",
                "-ar",
                Integer.toString(sampleRate),
                "-ac",
                Integer.toString(channels),
                "-map_metadata",
                "-1");
    }

    /** Output options that mux the encoded audio into {@code file} alone. */
    List<String> fileOutput(Path file) {
        String[] muxer = codec.fileMuxer.split(":", 2);
        List<String> args = new ArrayList<>(List.of("-f", muxer[0]));
        if (muxer.length > 1) {
            String[] option = muxer[1].split("=", 2);
            args.addAll(List.of("-" + option[0], option[1]));
        }
        args.addAll(List.of("-y", file.toString()));
        return args;
    }

    /**
     * Output options that mux the same encoded packets both into {@code file} and, as a stream, to
     * stdout (ffmpeg's tee muxer): the file keeps its seekable headers while the stream can be
     * decoded and measured as it is produced.
     */
    List<String> fileAndStdout(Path file) {
        return List.of(
                "-f",
                "tee",
                "[f=" + codec.fileMuxer + "]" + teeEscape(file.toString()) + "|[f=" + codec.streamMuxer + "]pipe:1");
    }

    /** The demuxer that reads the stream {@link #fileAndStdout} writes. */
    String streamDemuxer() {
        return codec.streamDemuxer;
    }

    /** The tee muxer splits on '|' and reads quotes and backslashes as escapes. */
    private static String teeEscape(String path) {
        return path.replaceAll("([\\\\|'\\[\\]])", "\\\\$1");
    }

    /** The filter that gives the channel layout loudness is measured and delivered in. */
    String channelLayoutFilter() {
        return "aformat=channel_layouts=" + (channels == 1 ? "mono" : "stereo");
    }
}
