package org.openloa.media.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.media.Sha256;

/** What every MediaStore does, run against each adapter. */
abstract class MediaStoreContract {

    @TempDir
    Path work;

    abstract MediaStore store();

    static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFilePutComesBackWholeWithItsSizeAndHash() throws IOException {
        Path file = Files.write(work.resolve("bulletin.mp3"), bytes(300_000, 1));
        MediaKey key = MediaKey.of("bulletins", "b-1", "delivery.mp3");

        BlobStat put = store().put(key, file);

        assertThat(read(store().get(key))).isEqualTo(Files.readAllBytes(file));
        assertThat(put).isEqualTo(new BlobStat(300_000, Sha256.of(file)));
        assertThat(store().stat(key)).contains(put);
        assertThat(store().exists(key)).isTrue();
    }

    @Test
    void aStreamOfUnknownLengthIsStoredWhole() throws IOException {
        byte[] content = bytes(3_000_000, 2);
        MediaKey key = MediaKey.of("uploads/stream.bin");

        BlobStat put = store().put(key, new ByteArrayInputStream(content));

        assertThat(put.size()).isEqualTo(content.length);
        assertThat(read(store().get(key))).isEqualTo(content);
        assertThat(store().stat(key).orElseThrow().sha256()).isEqualTo(put.sha256());
    }

    @Test
    void aRangedGetReturnsExactlyThoseBytes() throws IOException {
        byte[] content = bytes(100_000, 3);
        MediaKey key = MediaKey.of("ranged.mp3");
        store().put(key, new ByteArrayInputStream(content));

        assertThat(read(store().get(key, ByteRange.of(1_000, 500))))
                .isEqualTo(Arrays.copyOfRange(content, 1_000, 1_500));
        assertThat(read(store().get(key, ByteRange.from(99_000))))
                .isEqualTo(Arrays.copyOfRange(content, 99_000, 100_000));
        assertThat(read(store().get(key, ByteRange.of(99_990, 500))))
                .as("cut at the end")
                .isEqualTo(Arrays.copyOfRange(content, 99_990, 100_000));
        assertThatThrownBy(() -> read(store().get(key, ByteRange.from(100_000))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aPutReplacesTheWholeBlob() throws IOException {
        MediaKey key = MediaKey.of("replaced.mp3");
        store().put(key, new ByteArrayInputStream(bytes(200_000, 4)));
        byte[] second = bytes(1_000, 5);

        store().put(key, new ByteArrayInputStream(second));

        assertThat(read(store().get(key))).isEqualTo(second);
        assertThat(store().stat(key).orElseThrow().size()).isEqualTo(1_000);
    }

    @Test
    void readersSeeTheOldBlobOrTheNewOneNeverAPart() throws Exception {
        MediaKey key = MediaKey.of("hot.mp3");
        byte[] a = bytes(2_000_000, 6);
        byte[] b = bytes(1_500_000, 7);
        store().put(key, new ByteArrayInputStream(a));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get() || reads == 0) {
                    byte[] seen = read(store().get(key));
                    assertThat(Arrays.equals(seen, a) || Arrays.equals(seen, b))
                            .as("a whole version, %d bytes", seen.length)
                            .isTrue();
                    reads++;
                }
                return reads;
            });
            for (int i = 0; i < 8; i++) {
                store().put(key, new ByteArrayInputStream(i % 2 == 0 ? b : a));
            }
            writing.set(false);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedPutLeavesThePreviousBlob() throws IOException {
        MediaKey key = MediaKey.of("kept.mp3");
        byte[] original = bytes(10_000, 8);
        store().put(key, new ByteArrayInputStream(original));
        InputStream broken = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (++served > 50_000) {
                    throw new IOException("client went away");
                }
                return 7;
            }
        };

        assertThatThrownBy(() -> store().put(key, broken)).isInstanceOf(IOException.class);

        assertThat(read(store().get(key))).isEqualTo(original);
    }

    @Test
    void whatIsNotThereIsReportedAsMissing() throws IOException {
        MediaKey key = MediaKey.of("never/stored.mp3");

        assertThatThrownBy(() -> store().get(key))
                .isInstanceOfSatisfying(
                        NoSuchMediaException.class, e -> assertThat(e.key()).isEqualTo(key));
        assertThat(store().stat(key)).isEmpty();
        assertThat(store().exists(key)).isFalse();
        store().delete(key); // not an error
    }

    @Test
    void deleteRemovesTheBlob() throws IOException {
        MediaKey key = MediaKey.of("gone.mp3");
        store().put(key, new ByteArrayInputStream(bytes(100, 9)));

        store().delete(key);

        assertThat(store().exists(key)).isFalse();
        assertThatThrownBy(() -> store().get(key)).isInstanceOf(NoSuchMediaException.class);
    }

    @Test
    void aVietnameseFileNameWithSpacesIsStoredUnderItsSafeName() throws IOException {
        MediaKey key = MediaKey.of("uploads", MediaKey.safeName("Bản tin sáng số 2 (Đài xã).MP3"));

        store().put(key, new ByteArrayInputStream(bytes(1_000, 10)));

        assertThat(key.value()).isEqualTo("uploads/ban-tin-sang-so-2-dai-xa.mp3");
        assertThat(store().exists(key)).isTrue();
    }
}
