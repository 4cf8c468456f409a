package org.openloa.edge.playback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Just enough RIFF/WAVE to know a WAV's length and to cut it short where a play was stopped. */
final class Wav {

    /** Where the samples are and how many bytes a second of them takes. */
    record Layout(long dataOffset, long dataSize, long sizeFieldOffset, int byteRate, int blockAlign) {

        long durationMs() {
            return byteRate == 0 ? 0 : dataSize * 1000 / byteRate;
        }
    }

    private Wav() {}

    static Layout read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = read(channel, 0, 12);
            if (!"RIFF".equals(text(head, 0)) || !"WAVE".equals(text(head, 8))) {
                throw new IOException(file + " is not a RIFF/WAVE file");
            }
            int byteRate = 0;
            int blockAlign = 0;
            long position = 12;
            long length = channel.size();
            while (position + 8 <= length) {
                ByteBuffer chunk = read(channel, position, 8);
                String id = text(chunk, 0);
                long size = Integer.toUnsignedLong(chunk.getInt(4));
                if ("fmt ".equals(id)) {
                    ByteBuffer format = read(channel, position + 8, 16);
                    byteRate = format.getInt(8);
                    blockAlign = format.getShort(12);
                } else if ("data".equals(id)) {
                    long available = length - position - 8;
                    return new Layout(
                            position + 8, Math.min(size, available), position + 4, byteRate, Math.max(1, blockAlign));
                }
                position += 8 + size + (size & 1);
            }
            throw new IOException(file + " has no data chunk");
        }
    }

    /** Cuts the samples after {@code millis}, fixing the RIFF and data sizes, so the file is what played. */
    static void truncate(Path file, long millis) throws IOException {
        Layout layout = read(file);
        long keep = Math.min(
                layout.dataSize(), millis * layout.byteRate() / 1000 / layout.blockAlign() * layout.blockAlign());
        if (keep == layout.dataSize()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(layout.dataOffset() + keep);
            channel.write(littleEndian((int) keep), layout.sizeFieldOffset());
            channel.write(littleEndian((int) (layout.dataOffset() + keep - 8)), 4);
            channel.force(true);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("a WAV file ends too early");
            }
        }
        return buffer.flip();
    }

    private static ByteBuffer littleEndian(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
    }

    private static String text(ByteBuffer buffer, int offset) {
        byte[] bytes = new byte[4];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
