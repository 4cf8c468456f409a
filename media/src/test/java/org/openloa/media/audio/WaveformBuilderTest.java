package org.openloa.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WaveformBuilderTest {

    @Test
    void eachSliceHoldsTheExtremesOfItsShareOfTime() {
        WaveformBuilder builder = new WaveformBuilder(10);
        // 10 stretches of 1000 samples; stretch i swings from -i/20 to +i/10 in its middle 60 %, and is
        // silent in the 20 % at either edge (slice edges may be off by up to 1/8 of a slice)
        for (int i = 0; i < 10_000; i++) {
            int stretch = i / 1000;
            boolean middle = i % 1000 >= 200 && i % 1000 < 800;
            builder.add(!middle ? 0 : i % 2 == 0 ? stretch / 10f : -stretch / 20f);
        }

        Waveform waveform = builder.build();

        assertThat(waveform.size()).isEqualTo(10);
        for (int slice = 0; slice < 10; slice++) {
            assertThat(waveform.maxima()[slice]).isCloseTo(slice / 10f, within(1e-6f));
            assertThat(waveform.minima()[slice]).isCloseTo(-slice / 20f, within(1e-6f));
            assertThat(waveform.peaks()[slice]).isCloseTo(slice / 10f, within(1e-6f));
        }
    }

    @Test
    void anHourAtFortyFourKilohertzKeepsItsSliceCountAndFindsALonePeak() {
        WaveformBuilder builder = new WaveformBuilder(1000);
        long samples = 3600L * 44_100;
        long peakAt = samples / 4; // a click a quarter of the way in
        for (long i = 0; i < samples; i++) {
            builder.add(i == peakAt ? 0.9f : 0.01f);
        }

        Waveform waveform = builder.build();

        assertThat(waveform.size()).isEqualTo(1000);
        assertThat(builder.samples()).isEqualTo(samples);
        int loudest = 0;
        for (int i = 0; i < 1000; i++) {
            if (waveform.maxima()[i] > waveform.maxima()[loudest]) {
                loudest = i;
            }
        }
        assertThat(waveform.maxima()[loudest]).isEqualTo(0.9f);
        assertThat(loudest).isBetween(249, 251);
    }

    @Test
    void audioShorterThanTheSliceCountGivesOneSlicePerSample() {
        WaveformBuilder builder = new WaveformBuilder(1000);
        for (int i = 0; i < 7; i++) {
            builder.add(i / 10f);
        }

        assertThat(builder.build().size()).isEqualTo(7);
    }

    @Test
    void sixteenBitLittleEndianPcmIsReadAsSignedFractions() {
        WaveformBuilder builder = new WaveformBuilder(10);
        byte[] pcm = {(byte) 0x00, (byte) 0x40, (byte) 0x00, (byte) 0xC0}; // +16384, -16384

        builder.addPcm16(pcm, pcm.length);

        Waveform waveform = builder.build();
        assertThat(waveform.maxima()).containsExactly(0.5f, -0.5f);
    }
}
