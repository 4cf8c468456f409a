package org.openloa.cms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Audio made in the test itself (no tool needed): a PCM WAV of a tone, at a chosen level. */
public final class TestAudio {

    private TestAudio() {}

    /** A 16-bit mono WAV at 22,050 Hz: a 440 Hz tone with a slow wobble, so it sounds like something. */
    public static byte[] toneWav(double seconds, double amplitude) {
        int rate = 22_050;
        int samples = (int) (seconds * rate);
        ByteBuffer data = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            double t = (double) i / rate;
            double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t);
            data.putShort((short) (amplitude * envelope * Short.MAX_VALUE * Math.sin(2 * Math.PI * 440 * t)));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        header.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        header.put("data".getBytes()).putInt(samples * 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    /** The first bytes of a PNG image: what a phone sends when the wrong file is picked. */
    public static byte[] png() {
        byte[] bytes = new byte[2048];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        for (int i = signature.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
