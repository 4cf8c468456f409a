package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openloa.media.audio.FfmpegProcess.StderrLog;

/** Parsing what ffmpeg 4.4 and 5.1 print, from output captured on this machine. */
class MeasurementTest {

    @Test
    void readsTheEbur128SummaryIncludingTheTruePeak() throws IOException {
        StderrLog log = StderrLog.of("""
                size=N/A time=00:00:04.00 bitrate=N/A speed= 162x
                [Parsed_ebur128_0 @ 0x55b96cc4a700] Summary:

                  Integrated loudness:
                    I:         -21.8 LUFS
                    Threshold: -31.8 LUFS

                  Loudness range:
                    LRA:         2.2 LU
                    Threshold: -41.8 LUFS
                    LRA low:   -21.8 LUFS
                    LRA high:  -21.8 LUFS

                  True peak:
                    Peak:      -21.1 dBFS
                """);

        Measurement m = Measurement.fromEbur128Summary(log);

        assertThat(m.loudness()).isEqualTo(new Loudness(-21.8, -21.1, 2.2));
        assertThat(m.thresholdLufs()).isEqualTo(-31.8);
    }

    @Test
    void silenceMeasuresMinusSeventyWithAnInfinitePeak() throws IOException {
        StderrLog log = StderrLog.of("""
                [Parsed_ebur128_0 @ 0x1] Summary:
                  Integrated loudness:
                    I:         -70.0 LUFS
                    Threshold:   0.0 LUFS
                  True peak:
                    Peak:       -inf dBFS
                """);

        Measurement m = Measurement.fromEbur128Summary(log);

        assertThat(m.integrated()).isEqualTo(-70.0);
        assertThat(m.truePeak()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void readsLoudnormsJsonBlock() throws IOException {
        StderrLog log = StderrLog.of("""
                [Parsed_loudnorm_1 @ 0x55e48a82b4c0]\s
                {
                	"input_i" : "-22.25",
                	"input_tp" : "-18.47",
                	"input_lra" : "0.00",
                	"input_thresh" : "-32.25",
                	"output_i" : "-15.95",
                	"output_tp" : "-12.22",
                	"output_lra" : "0.00",
                	"output_thresh" : "-25.95",
                	"normalization_type" : "linear",
                	"target_offset" : "-0.05"
                }
                """);

        Measurement m = Measurement.fromLoudnormJson(log);

        assertThat(m.loudness()).isEqualTo(new Loudness(-22.25, -18.47, 0.0));
        assertThat(m.thresholdLufs()).isEqualTo(-32.25);
        assertThat(m.targetOffsetLu()).isEqualTo(-0.05);
    }

    @Test
    void loudnormOnSilenceSaysMinusInfinity() throws IOException {
        StderrLog log = StderrLog.of("""
                [Parsed_loudnorm_0 @ 0x1]
                {
                	"input_i" : "-inf",
                	"input_tp" : "-inf",
                	"input_lra" : "0.00",
                	"input_thresh" : "-70.00",
                	"target_offset" : "inf"
                }
                """);

        assertThat(Measurement.fromLoudnormJson(log).integrated()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void aMissingMeasurementIsAnErrorNotAZero() {
        StderrLog log = StderrLog.of("input: Invalid data found when processing input\n");

        assertThatThrownBy(() -> Measurement.fromLoudnormJson(log)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Measurement.fromEbur128Summary(log)).isInstanceOf(IOException.class);
    }
}
