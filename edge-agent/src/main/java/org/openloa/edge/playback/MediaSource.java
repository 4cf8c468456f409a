package org.openloa.edge.playback;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.openloa.protocol.Manifest.Media;

/** Where the scheduler gets files from: the cache, which hands out verified whole files only. */
public interface MediaSource {

    /** The verified file of {@code media}; empty while it is missing, partial or failed its check. */
    Optional<Path> ready(Media media);

    /** Why {@code mediaId} is not ready, if known (e.g. a SHA-256 mismatch). */
    Optional<String> problem(String mediaId);

    /** A source made of two functions, e.g. {@code MediaSource.of(cache::ready, cache::problem)}. */
    static MediaSource of(Function<Media, Optional<Path>> ready, Function<String, Optional<String>> problem) {
        return new MediaSource() {
            @Override
            public Optional<Path> ready(Media media) {
                return ready.apply(media);
            }

            @Override
            public Optional<String> problem(String mediaId) {
                return problem.apply(mediaId);
            }
        };
    }
}
