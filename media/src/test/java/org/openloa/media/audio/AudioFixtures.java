package org.openloa.media.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test inputs, made at test time with ffmpeg from its lavfi sources: a few seconds of tone and pink
 * noise in every accepted format, and every kind of bad upload. Nothing binary is checked in.
 */
final class AudioFixtures {

    /** The accepted formats, each holding the same 4 s stereo signal (AMR: 8 kHz mono, as phones record it). */
    enum Format {
        WAV("wav", "-c:a", "pcm_s16le"),
        MP3_CBR("mp3", "-c:a", "libmp3lame", "-b:a", "128k"),
        MP3_VBR("mp3", "-c:a", "libmp3lame", "-q:a", "4"),
        M4A_AAC("m4a", "-c:a", "aac", "-b:a", "96k"),
        OGG_VORBIS("ogg", "-c:a", "libvorbis"),
        OPUS("opus", "-c:a", "libopus", "-b:a", "64k"),
        WEBM_OPUS("webm", "-c:a", "libopus", "-b:a", "64k"),
        THREE_GP_AMR("3gp", "-ar", "8000", "-ac", "1", "-c:a", "libopencore_amrnb", "-b:a", "12.2k"),
        FLAC("flac", "-c:a", "flac");

        final String extension;
        final List<String> encoding;

        Format(String extension, String... encoding) {
            this.extension = extension;
            this.encoding = List.of(encoding);
        }
    }

    private final Path dir;
    private final Path ffmpeg;
    private final Path amrEncoder;

    /**
     * @param ffmpeg     makes the fixtures
     * @param amrEncoder an ffmpeg with libopencore_amrnb (Debian's has only the decoder; the bundled one has both)
     */
    AudioFixtures(Path dir, Path ffmpeg, Path amrEncoder) {
        this.dir = dir;
        this.ffmpeg = ffmpeg;
        this.amrEncoder = amrEncoder;
    }

    /** Tone plus pink noise, so loudness has some range: 4 s stereo 44.1 kHz, about −20 LUFS. */
    Path source() throws IOException {
        return make(
                "source.wav",
                "-f",
                "lavfi",
                "-i",
                "sine=f=440:d=4:r=44100",
                "-f",
                "lavfi",
                "-i",
                "anoisesrc=d=4:c=pink:a=0.3:seed=7:r=44100",
                "-filter_complex",
                "[0][1]amix=inputs=2,tremolo=f=1:d=0.4,volume=-6dB",
                "-ac",
                "2",
                "-c:a",
                "pcm_s16le");
    }

    Path in(Format format) throws IOException {
        Path encoder = format == Format.THREE_GP_AMR ? amrEncoder : ffmpeg;
        List<String> args = new ArrayList<>(List.of("-i", source().toString()));
        args.addAll(format.encoding);
        return make(encoder, format.name().toLowerCase() + "." + format.extension, args.toArray(String[]::new));
    }

    /** Pink noise at about −45 LUFS: a phone held far from the speaker. */
    Path quiet() throws IOException {
        return make(
                "quiet.wav",
                "-f",
                "lavfi",
                "-i",
                "anoisesrc=d=5:c=pink:a=0.5:seed=3:r=44100",
                "-af",
                "volume=-24.3dB",
                "-c:a",
                "pcm_s16le");
    }

    /** A tone driven 30 dB into 16-bit full scale: flat-topped, peaks at 0 dBFS, about −4 LUFS. */
    Path clipped() throws IOException {
        return make(
                "clipped.wav",
                "-f",
                "lavfi",
                "-i",
                "sine=f=220:d=5:r=44100",
                "-af",
                "volume=30dB",
                "-c:a",
                "pcm_s16le");
    }

    /**
     * Twelve seconds of a synthetic band, 44.1 kHz stereo: a chord, a kick drum every half second and a
     * noise hi-hat between: about −19 LUFS with peaks at −3 dBFS, so the gain to the target needs the
     * limiter (the kick's transients stand far above the loudness, as in most music).
     */
    Path music() throws IOException {
        String chord = "0.06*sin(2*PI*220*t)+0.05*sin(2*PI*277.18*t)+0.05*sin(2*PI*329.63*t)";
        String kick = "0.4*sin(2*PI*55*t)*exp(-12*mod(t,0.5))";
        String hat = "0.12*(2*random(0)-1)*exp(-40*mod(t+0.25,0.5))";
        return make(
                "music.wav",
                "-f",
                "lavfi",
                "-i",
                "aevalsrc=exprs='" + chord + "+" + kick + "+" + hat + "|" + chord + "+" + kick + "-" + hat
                        + "':d=12:s=44100",
                "-c:a",
                "pcm_s16le");
    }

    /** The same band mastered hot: compressed and pushed to full scale, about −10 LUFS, to be turned down. */
    Path hotMaster() throws IOException {
        return make(
                "hot-master.wav",
                "-i",
                music().toString(),
                "-af",
                "acompressor=threshold=0.05:ratio=10:attack=1:release=50:makeup=8,alimiter=limit=0.97:level=0",
                "-c:a",
                "pcm_s16le");
    }

    /** Eight quiet seconds (about −40 LUFS), then eight loud ones: a recording that starts far from the microphone. */
    Path quietThenLoud() throws IOException {
        return make(
                "quiet-then-loud.wav",
                "-f",
                "lavfi",
                "-i",
                "anoisesrc=d=16:c=pink:a=0.4:seed=11:r=44100",
                "-af",
                "volume='if(lt(t,8),0.02,1)':eval=frame",
                "-ac",
                "2",
                "-c:a",
                "pcm_s16le");
    }

    /**
     * A steady 440 Hz tone, quiet (about −30 LUFS): a plain gain brings it to the target with its peaks far under
     * the ceiling; {@code louderAfter} seconds in (0: never) it becomes 10 dB louder.
     */
    Path steadyTone(int seconds, int louderAfter) throws IOException {
        String level = louderAfter > 0 ? "if(lt(t," + louderAfter + "),0.03,0.095)" : "0.03";
        return make(
                "tone-" + seconds + "-" + louderAfter + ".wav",
                "-f",
                "lavfi",
                "-i",
                "sine=f=440:d=" + seconds + ":r=44100",
                "-af",
                "volume='" + level + "':eval=frame",
                "-ac",
                "1",
                "-c:a",
                "pcm_s16le");
    }

    Path silence() throws IOException {
        return make("silence.wav", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "3", "-c:a", "pcm_s16le");
    }

    /** Long enough for progress to be reported several times on the way. */
    Path longer(int seconds) throws IOException {
        return make(
                "long-" + seconds + ".mp3",
                "-f",
                "lavfi",
                "-i",
                "anoisesrc=d=" + seconds + ":c=pink:a=0.2:seed=5:r=44100",
                "-ac",
                "2",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "128k");
    }

    /** The first 30 % of an MP3 whose Info header still announces the full length. */
    Path truncatedMp3() throws IOException {
        return prefix(in(Format.MP3_CBR), "truncated.mp3", 0.3);
    }

    /** An M4A cut before its index (ffmpeg writes the moov atom at the end). */
    Path truncatedM4a() throws IOException {
        return prefix(in(Format.M4A_AAC), "truncated.m4a", 0.5);
    }

    Path pngNamedMp3() throws IOException {
        Path png = make("picture.png", "-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", "-c:v", "png");
        return Files.copy(png, dir.resolve("picture.mp3"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    Path textNamedMp3() throws IOException {
        return Files.writeString(
                dir.resolve("notes.mp3"),
                "Thông báo: lịch tiêm chủng mở rộng bắt đầu từ ngày 15.\nKính đề nghị bà con đưa trẻ đến đúng giờ.\n",
                StandardCharsets.UTF_8);
    }

    Path zipNamedMp3() throws IOException {
        Path zip = dir.resolve("archive.mp3");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("ban-tin.wav"));
            Files.copy(source(), out);
            out.closeEntry();
        }
        return zip;
    }

    Path randomBytes() throws IOException {
        byte[] bytes = new byte[64 * 1024];
        new Random(20261122).nextBytes(bytes);
        return Files.write(dir.resolve("random.mp3"), bytes);
    }

    Path videoWithoutAudio() throws IOException {
        return make("video.mp4", "-f", "lavfi", "-i", "testsrc=d=2:s=160x120:r=10", "-c:v", "mpeg4", "-an");
    }

    Path empty() throws IOException {
        return Files.write(dir.resolve("empty.mp3"), new byte[0]);
    }

    /** A WAV whose format tag (bytes 20-21) names no codec ffmpeg knows. */
    Path unknownCodecWav() throws IOException {
        byte[] wav = Files.readAllBytes(in(Format.WAV));
        wav[20] = 0x55;
        wav[21] = 0x55;
        return Files.write(dir.resolve("unknown-codec.wav"), wav);
    }

    /** MP3 bytes under a .wav name: the content decides, not the name. */
    Path mp3NamedWav() throws IOException {
        return Files.copy(
                in(Format.MP3_CBR),
                dir.resolve("really-an-mp3.wav"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private Path prefix(Path whole, String name, double fraction) throws IOException {
        byte[] bytes = Files.readAllBytes(whole);
        return Files.write(dir.resolve(name), java.util.Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
    }

    private Path make(String name, String... args) throws IOException {
        return make(ffmpeg, name, args);
    }

    /** Runs ffmpeg once per fixture; later calls reuse the file. */
    private synchronized Path make(Path encoder, String name, String... args) throws IOException {
        Path out = dir.resolve(name);
        if (Files.exists(out)) {
            return out;
        }
        List<String> command =
                new ArrayList<>(List.of(encoder.toString(), "-hide_banner", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(out.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("making fixture " + name + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
