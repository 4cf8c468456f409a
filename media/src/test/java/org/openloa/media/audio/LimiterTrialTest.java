package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reading the trial's measurements and the gain off its curve; the trial against real ffmpeg runs in LoudnessCorpusTest. */
class LimiterTrialTest {

    static final double[] GAINS = {3, 4.5, 6, 7.5, 9};
    /* Measured on espeak-ng speech: each 1.5 dB of gain brings about 0.6 LU once the limiter works. */
    static final double[] SPEECH = {-17.2, -16.5, -15.9, -15.3, -14.7};

    @Test
    void theGainIsInterpolatedBetweenTheBranchesAroundTheAim() {
        assertThat(LimiterTrial.gainFor(-16.2, GAINS, SPEECH)).isCloseTo(5.25, within(0.01));
        assertThat(LimiterTrial.slopeAt(5.25, GAINS, SPEECH)).isCloseTo(0.4, within(0.01));
    }

    @Test
    void anAimBeyondTheLastBranchIsExtrapolatedAndOneBelowTheFirstNeedsLessGain() {
        assertThat(LimiterTrial.gainFor(-14.1, GAINS, SPEECH)).isCloseTo(10.5, within(0.01));
        assertThat(LimiterTrial.gainFor(-18.2, GAINS, SPEECH)).isCloseTo(2, within(0.01));
    }

    @Test
    void aCurveThatNoLongerRisesIsTakenAtItsEnd() {
        assertThat(LimiterTrial.gainFor(-10, GAINS, new double[] {-17, -16.8, -16.7, -16.7, -16.7}))
                .isEqualTo(9);
    }

    @Test
    void theLastSummaryOfEachBranchCountsInTheOrderOfTheGraph() throws IOException {
        // ffmpeg configures the graph twice and closes the filters last to first.
        String log = String.join(
                "\n",
                "[Parsed_ebur128_7 @ 0x1] Summary:",
                "  Integrated loudness:",
                "    I:         -70.0 LUFS",
                "[Parsed_ebur128_4 @ 0x2] Summary:",
                "    I:         -70.0 LUFS",
                "[Parsed_ebur128_7 @ 0x3] Summary:",
                "  Integrated loudness:",
                "    I:         -15.3 LUFS",
                "    Threshold: -25.4 LUFS",
                "[Parsed_ebur128_4 @ 0x4] Summary:",
                "  Integrated loudness:",
                "    I:         -17.2 LUFS");

        assertThat(LimiterTrial.loudness(FfmpegProcess.StderrLog.of(log), 2)).containsExactly(-17.2, -15.3);
        assertThatThrownBy(() -> LimiterTrial.loudness(FfmpegProcess.StderrLog.of(log), 3))
                .isInstanceOf(IOException.class);
    }

    @Test
    void everyBranchIsLimitedAsTheRenderWouldBeAndEndsInItsOwnOutput() {
        String graph =
                LimiterTrial.filterGraph("aformat=channel_layouts=mono", LoudnessTarget.DEFAULT, new double[] {3, 4.5});

        assertThat(graph)
                .isEqualTo("[0:a:0]aformat=channel_layouts=mono,asplit=2[s0][s1]"
                        + ";[s0]volume=3.00dB,alimiter=limit=0.7499:level=0,ebur128=framelog=verbose[t0]"
                        + ";[s1]volume=4.50dB,alimiter=limit=0.7499:level=0,ebur128=framelog=verbose[t1]");
        assertThat(LimiterTrial.outputs(2))
                .containsExactly("-map", "[t0]", "-f", "null", "-", "-map", "[t1]", "-f", "null", "-");
    }
}
