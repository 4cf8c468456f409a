package org.openloa.media.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemMediaStoreTest extends MediaStoreContract {

    @TempDir
    Path parent;

    Path root;
    MediaStore store;

    @BeforeEach
    void open() throws IOException {
        root = parent.resolve("data/media");
        store = MediaStore.filesystem(root);
    }

    @Override
    MediaStore store() {
        return store;
    }

    @Test
    void blobsAreFilesUnderTheRootAndNothingElseIsLeft() throws IOException {
        store.put(MediaKey.of("bulletins/b-1/delivery.mp3"), new ByteArrayInputStream(bytes(5_000, 1)));
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }
        };
        try {
            store.put(MediaKey.of("bulletins/b-1/other.mp3"), broken);
        } catch (IOException expected) {
            // what is tested is what it leaves behind
        }

        try (Stream<Path> files = Files.walk(parent)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(root.resolve("bulletins/b-1/delivery.mp3"));
        }
    }

    @Test
    void theFilesystemSignsNoDownloadUrls() throws IOException {
        store.put(MediaKey.of("a.mp3"), new ByteArrayInputStream(bytes(10, 1)));

        assertThat(store.downloadUrl(MediaKey.of("a.mp3"), Duration.ofMinutes(5)))
                .isEmpty();
    }

    @Test
    void aBlobIsOfferedAsItsFileAndWhatIsNotThereIsNot() throws IOException {
        byte[] content = bytes(60_000, 7);
        MediaKey key = MediaKey.of("bulletins/b-2/delivery.mp3");
        store.put(key, new ByteArrayInputStream(content));

        assertThat(store.file(key)).hasValueSatisfying(file -> {
            assertThat(file).isEqualTo(root.resolve("bulletins/b-2/delivery.mp3"));
            try {
                assertThat(Files.readAllBytes(file)).isEqualTo(content);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(store.file(MediaKey.of("bulletins/b-2/missing.mp3"))).isEmpty();
    }
}
